#pragma once
// interceptor-cli as a child process that a test can kill -9 part way, to
// show what a crash leaves behind.
#include <sys/wait.h>
#include <unistd.h>
#include <csignal>
#include <string>
#include <vector>

namespace interceptor::test {

class CliProcess {
  public:
    // Starts interceptor-cli with these arguments, its output discarded.
    explicit CliProcess(const std::vector<std::string>& arguments) {
        pid_ = fork();
        if (pid_ != 0) return;
        std::vector<char*> argv{const_cast<char*>(INTERCEPTOR_CLI)};
        for (const auto& a : arguments) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        freopen("/dev/null", "w", stdout);
        freopen("/dev/null", "w", stderr);
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

  private:
    pid_t pid_ = -1;
    int status_ = 0;
    bool reaped_ = false;
};

}  // namespace interceptor::test
