#pragma once
// interceptor-cli as a child process that a test can kill -9 part way, to
// show what a crash leaves behind, or whose end it can wait for.
#include <sys/wait.h>
#include <unistd.h>
#include <csignal>
#include <string>
#include <vector>

namespace interceptor::test {

class CliProcess {
  public:
    // Starts interceptor-cli with these arguments and, added to its environment, these
    // NAME=VALUE variables; its output is discarded, or its stderr written to `errors`.
    explicit CliProcess(const std::vector<std::string>& arguments,
                        const std::vector<std::string>& environment = {},
                        const std::string& errors = "/dev/null") {
        pid_ = fork();
        if (pid_ != 0) return;
        std::vector<char*> argv{const_cast<char*>(INTERCEPTOR_CLI)};
        for (const auto& a : arguments) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        for (const auto& variable : environment) putenv(const_cast<char*>(variable.c_str()));
        freopen("/dev/null", "w", stdout);
        freopen(errors.c_str(), "w", stderr);
        execv(INTERCEPTOR_CLI, argv.data());
        _exit(127);
    }
    ~CliProcess() {
        if (running()) kill_now();
    }
    CliProcess(const CliProcess&) = delete;
    CliProcess& operator=(const CliProcess&) = delete;

    bool started() const { return pid_ > 0; }
    bool running() {
        if (pid_ <= 0 || reaped_) return false;
        if (waitpid(pid_, &status_, WNOHANG) == pid_) reaped_ = true;
        return !reaped_;
    }
    // SIGKILL; true when the signal, not a normal exit, ended it.
    bool kill_now() {
        if (pid_ <= 0) return false;
        if (!reaped_) {
            kill(pid_, SIGKILL);
            waitpid(pid_, &status_, 0);
            reaped_ = true;
        }
        return WIFSIGNALED(status_);
    }

    // Waits up to `seconds`, while it runs, for `file` to exist (a commit it writes): true
    // when it does.
    bool runs_until_exists(const std::string& file, int seconds) {
        for (int tick = 0; tick < seconds * 20 && !exists(file) && running(); ++tick) usleep(50000);
        return exists(file);
    }

    // Waits up to `seconds` for it to end by itself: its exit status, or -1 when it is
    // still running (or ended by a signal).
    int exit_status_within(int seconds) {
        for (int tick = 0; tick < seconds * 20 && running(); ++tick) usleep(50000);
        if (!reaped_ || !WIFEXITED(status_)) return -1;
        return WEXITSTATUS(status_);
    }

  private:
    static bool exists(const std::string& file) { return access(file.c_str(), F_OK) == 0; }

    pid_t pid_ = -1;
    int status_ = 0;
    bool reaped_ = false;
};

}  // namespace interceptor::test
