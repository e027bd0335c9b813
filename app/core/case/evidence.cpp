#include "core/case/evidence.h"

#include <sys/stat.h>
#include <filesystem>

#include "interceptor/model/io/digest.h"

namespace interceptor {
namespace {

std::int64_t modification_ns(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return 0;
    return static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
}

}  // namespace

Result<EvidenceRecord> take_evidence(const std::string& path) {
    auto digest = digest_file(path);
    if (!digest) return Error{digest.error()};
    EvidenceRecord e;
    std::error_code ec;
    auto absolute = std::filesystem::absolute(path, ec);
    e.path = ec ? path : absolute.lexically_normal().string();
    e.size = static_cast<std::int64_t>(digest->size);
    e.mtime_ns = modification_ns(path);
    e.sha256 = digest->sha256;
    e.md5 = digest->md5;
    return e;
}

Result<EvidenceCheck> recheck_evidence(const EvidenceRecord& intake) {
    auto now = take_evidence(intake.path);
    if (!now) return Error{"the evidence file can no longer be read: " + now.error()};
    EvidenceCheck check;
    check.now = *now;
    if (now->sha256 != intake.sha256)
        check.difference = "SHA-256 differs: intake " + intake.sha256 + ", now " + now->sha256;
    else if (now->md5 != intake.md5)
        check.difference = "MD5 differs: intake " + intake.md5 + ", now " + now->md5;
    else if (now->size != intake.size)
        check.difference = "size differs: intake " + std::to_string(intake.size) + ", now " +
                           std::to_string(now->size);
    check.unchanged = check.difference.empty();
    if (check.unchanged && now->mtime_ns != intake.mtime_ns)
        check.difference = "content unchanged, but the modification time changed";
    return check;
}

}  // namespace interceptor
