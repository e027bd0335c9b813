#pragma once
// The process's resident memory, for the benchmarks that print it.
#include <unistd.h>

#include <cstdio>

namespace interceptor::bench {

// Resident memory now, in MB (from /proc/self/statm; 0 where it cannot be read).
inline double current_rss_mb() {
    long pages = 0, resident = 0;
    if (FILE* f = std::fopen("/proc/self/statm", "r")) {
        if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
        std::fclose(f);
    }
    return resident * (sysconf(_SC_PAGESIZE) / 1048576.0);
}

}  // namespace interceptor::bench
