#pragma once
// The evidence file as taken in: path, size, modification time and its
// SHA-256 and MD5, computed once on intake (read-only, streamed), and the
// re-check made before a report is written. Thread-safe (no shared state).
#include <cstdint>
#include <string>

#include "interceptor/model/result.h"

namespace interceptor {

struct EvidenceRecord {
    std::string path;  // absolute
    std::int64_t size = 0;
    std::int64_t mtime_ns = 0;  // modification time, nanoseconds since the epoch
    std::string sha256, md5;
};

struct EvidenceCheck {
    bool unchanged = false;
    EvidenceRecord now;
    // E.g. "SHA-256 differs: intake 3fa1..., now 77c0..." ("" when unchanged)
    std::string difference;
};

Result<EvidenceRecord> take_evidence(const std::string& path);

// Hashes the file again and compares content (SHA-256, MD5, size); a changed
// modification time alone is reported but does not count as a change of content.
Result<EvidenceCheck> recheck_evidence(const EvidenceRecord& intake);

}  // namespace interceptor
