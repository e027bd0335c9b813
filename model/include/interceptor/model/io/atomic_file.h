#pragma once
// Writes a file atomically: bytes go to a temporary file beside the target,
// which is synced and renamed over the target only by commit(). A crash, a
// full disk or an abandoned writer never leaves a half file under the real
// name. The one way the project writes a file that must be whole (checkpoints,
// training state, reports, caches). Not thread-safe.
#include <cstddef>
#include <cstdint>
#include <string>

#include "interceptor/model/result.h"

namespace interceptor {

class AtomicFile {
  public:
    // Temporary files are named <target><kTemporaryInfix><random>: what a cleanup looks for.
    static constexpr const char* kTemporaryInfix = ".partial-";

    explicit AtomicFile(std::string path);
    ~AtomicFile();  // removes the temporary file unless committed
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    Result<Done> open();
    Result<Done> write(const void* data, std::size_t size);
    std::uint64_t written() const { return written_; }
    Result<Done> commit();  // fsync, rename over the target, fsync the directory

    // A whole file at once: open, write, commit.
    static Result<Done> write_whole(const std::string& path, const std::string& bytes);

  private:
    std::string path_, temp_;
    int fd_ = -1;
    std::uint64_t written_ = 0;
    bool committed_ = false;
};

}  // namespace interceptor
