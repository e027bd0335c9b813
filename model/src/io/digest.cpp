#include "interceptor/model/io/digest.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <vector>

namespace interceptor {
namespace {

using Context = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;

std::string hex(const unsigned char* bytes, unsigned int n) {
    static const char* digits = "0123456789abcdef";
    std::string out(2 * n, '0');
    for (unsigned int i = 0; i < n; ++i) {
        out[2 * i] = digits[bytes[i] >> 4];
        out[2 * i + 1] = digits[bytes[i] & 15];
    }
    return out;
}

std::string finish(EVP_MD_CTX* ctx) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    EVP_DigestFinal_ex(ctx, md, &n);
    return hex(md, n);
}

}  // namespace

std::string sha256_hex(const void* data, std::size_t size) {
    Context ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr);
    EVP_DigestUpdate(ctx.get(), data, size);
    return finish(ctx.get());
}

Result<FileDigest> digest_file(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return Error{path + ": cannot open: " + std::strerror(errno)};
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        return Error{path + ": not a regular file"};
    }
    Context sha(EVP_MD_CTX_new(), EVP_MD_CTX_free), md5(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    EVP_DigestInit_ex(sha.get(), EVP_sha256(), nullptr);
    EVP_DigestInit_ex(md5.get(), EVP_md5(), nullptr);
    std::vector<unsigned char> buffer(1 << 20);
    FileDigest digest;
    while (true) {
        ssize_t n = ::read(fd, buffer.data(), buffer.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            int err = errno;
            ::close(fd);
            return Error{path + ": read failed: " + std::strerror(err)};
        }
        if (n == 0) break;
        EVP_DigestUpdate(sha.get(), buffer.data(), static_cast<std::size_t>(n));
        EVP_DigestUpdate(md5.get(), buffer.data(), static_cast<std::size_t>(n));
        digest.size += static_cast<std::uint64_t>(n);
    }
    ::close(fd);
    digest.sha256 = finish(sha.get());
    digest.md5 = finish(md5.get());
    return digest;
}

}  // namespace interceptor
