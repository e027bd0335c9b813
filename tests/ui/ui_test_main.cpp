// The UI tests run on Qt's offscreen platform, with settings and cases in
// temporary folders so they never touch the user's own.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <QApplication>

#include <cstdlib>

#include "support/evidence_guard.h"
#include "support/temp_dir.h"

int main(int argc, char* argv[]) {
    interceptor::test::TempDir home;
    setenv("QT_QPA_PLATFORM", "offscreen", 0);
    setenv("XDG_CONFIG_HOME", (home.path() / "config").c_str(), 1);
    setenv("INTERCEPTOR_CASE_DIR", (home.path() / "cases").c_str(), 1);
    QApplication app(argc, argv);
    QApplication::setOrganizationName("InterceptorTests");
    QApplication::setApplicationName("InterceptorTests");
    const int failed = Catch::Session().run(argc, argv);
    return failed ? failed : interceptor::test::evidence_changed() ? 1 : 0;
}
