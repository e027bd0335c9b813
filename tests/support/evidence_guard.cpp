// Checks, around every test case of the binary it is linked into, that no
// evidence file changed: every generated clip and every real clip in
// ../shared/data/clips keeps its SHA-256, size and modification time. A
// change is printed with the test's name and makes the binary fail.
#define CATCH_CONFIG_EXTERNAL_INTERFACES
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <map>
#include <string>

#include "support/clips.h"
#include "support/evidence_guard.h"

namespace interceptor::test {
namespace {

bool g_changed = false;

std::map<std::string, std::string> evidence_states() {
    std::map<std::string, std::string> states;
    for (const std::string& folder :
         {std::string(INTERCEPTOR_FIXTURES) + "/clips",
          std::string(INTERCEPTOR_FIXTURES) + "/bench", real_clips_dir()}) {
        std::error_code ec;
        for (const auto& entry : std::filesystem::directory_iterator(folder, ec))
            if (entry.is_regular_file())
                states[entry.path().string()] = file_state(entry.path().string());
    }
    return states;
}

class EvidenceGuard : public Catch::TestEventListenerBase {
  public:
    using TestEventListenerBase::TestEventListenerBase;
    void testCaseStarting(const Catch::TestCaseInfo&) override { before_ = evidence_states(); }
    void testCaseEnded(const Catch::TestCaseStats& stats) override {
        const auto after = evidence_states();
        for (const auto& [path, state] : before_) {
            const auto it = after.find(path);
            if (it == after.end() || it->second != state) {
                std::fprintf(stderr, "EVIDENCE CHANGED during \"%s\": %s (%s -> %s)\n",
                             stats.testInfo.name.c_str(), path.c_str(), state.c_str(),
                             it == after.end() ? "gone" : it->second.c_str());
                g_changed = true;
            }
        }
    }

  private:
    std::map<std::string, std::string> before_;
};

CATCH_REGISTER_LISTENER(EvidenceGuard)

}  // namespace

bool evidence_changed() { return g_changed; }

}  // namespace interceptor::test
