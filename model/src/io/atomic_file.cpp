#include "interceptor/model/io/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace interceptor {

AtomicFile::AtomicFile(std::string path) : path_(std::move(path)) {}

AtomicFile::~AtomicFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!committed_ && !temp_.empty()) ::unlink(temp_.c_str());
}

Result<Done> AtomicFile::open() {
    const std::string pattern = path_ + kTemporaryInfix + "XXXXXX";
    std::vector<char> name(pattern.begin(), pattern.end());
    name.push_back('\0');
    fd_ = ::mkstemp(name.data());
    if (fd_ < 0) return Error{path_ + ": cannot create a file there: " + std::strerror(errno)};
    temp_ = name.data();
    ::fchmod(fd_, 0644);
    return Done{};
}

Result<Done> AtomicFile::write(const void* data, std::size_t size) {
    const char* p = static_cast<const char*>(data);
    while (size > 0) {
        ssize_t n = ::write(fd_, p, size);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return Error{path_ + ": write failed: " + std::strerror(errno)};
        p += n;
        size -= static_cast<std::size_t>(n);
        written_ += static_cast<std::uint64_t>(n);
    }
    return Done{};
}

Result<Done> AtomicFile::write_whole(const std::string& path, const std::string& bytes) {
    AtomicFile file(path);
    if (auto r = file.open(); !r) return r;
    if (auto r = file.write(bytes.data(), bytes.size()); !r) return r;
    return file.commit();
}

Result<Done> AtomicFile::commit() {
    if (::fsync(fd_) != 0) return Error{path_ + ": sync failed: " + std::strerror(errno)};
    ::close(fd_);
    fd_ = -1;
    if (::rename(temp_.c_str(), path_.c_str()) != 0)
        return Error{path_ + ": cannot move the finished file into place: " + std::strerror(errno)};
    committed_ = true;
    auto slash = path_.find_last_of('/');
    std::string dir = slash == std::string::npos ? "." : path_.substr(0, slash + 1);
    int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
    return Done{};
}

}  // namespace interceptor
