#pragma once
// Writes a file atomically: bytes go to a temporary file beside the target,
// which is synced and renamed over the target only by commit(). A crash, a
// full disk or an abandoned writer never leaves a half file under the real
// name. Not thread-safe.
#include <cstddef>
#include <cstdint>
#include <string>

#include "interceptor/model/result.h"

namespace interceptor {

class AtomicFile {
  public:
    explicit AtomicFile(std::string path);
    ~AtomicFile();  // removes the temporary file unless committed
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    Result<Done> open();
    Result<Done> write(const void* data, std::size_t size);
    std::uint64_t written() const { return written_; }
    Result<Done> commit();  // fsync, rename over the target, fsync the directory

  private:
    std::string path_, temp_;
    int fd_ = -1;
    std::uint64_t written_ = 0;
    bool committed_ = false;
};

}  // namespace interceptor
