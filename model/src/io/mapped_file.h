#pragma once
// A read-only memory map of a whole file. The file is opened O_RDONLY and
// never written; an empty file maps to an empty span. Not copyable.
#include <cstddef>
#include <cstdint>
#include <string>

#include "interceptor/model/result.h"

namespace interceptor {

class MappedFile {
  public:
    static Result<MappedFile> open(const std::string& path);
    MappedFile(MappedFile&& other) noexcept;
    MappedFile& operator=(MappedFile&& other) noexcept;
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;
    ~MappedFile();

    const std::uint8_t* data() const { return data_; }
    std::size_t size() const { return size_; }
    bool contains(const void* p) const {
        const auto* byte = static_cast<const std::uint8_t*>(p);
        return data_ && byte >= data_ && byte < data_ + size_;
    }
    // Lets the kernel drop the pages of a range already read (they count as resident memory
    // while mapped; read again, they come back from the file). Ranges outside the map are
    // ignored, so any pointer may be given. The map is private and read-only, so its pages
    // are never written and dropping them loses nothing.
    void drop_pages(const std::uint8_t* from, std::size_t length) const;

  private:
    MappedFile() = default;
    const std::uint8_t* data_ = nullptr;
    std::size_t size_ = 0;
};

}  // namespace interceptor
