#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <cstdlib>

#include "support/evidence_guard.h"
#include "support/temp_dir.h"

// Every test binary keeps the case files it (or an interceptor-cli it starts)
// writes in a temporary folder, never in the user's own case folder.
int main(int argc, char* argv[]) {
    interceptor::test::TempDir cases;
    setenv("INTERCEPTOR_CASE_DIR", cases.path().c_str(), 1);
    const int failed = Catch::Session().run(argc, argv);
    return failed ? failed : interceptor::test::evidence_changed() ? 1 : 0;
}
