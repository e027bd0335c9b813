#include "cli/local_ranks.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <thread>

#include "cli/commands.h"

namespace interceptor::cli {
namespace {

// A TCP port nobody listens on now: the kernel's choice for port 0 on the loopback interface.
// (Another program could take it before rank 0 binds it; rank 0 would then say so.)
int free_port() {
    const int s = socket(AF_INET, SOCK_STREAM, 0);
    if (s < 0) return 0;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    int port = 0;
    if (bind(s, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
        getsockname(s, reinterpret_cast<sockaddr*>(&address), &length) == 0)
        port = ntohs(address.sin_port);
    close(s);
    return port;
}

std::string how_it_ended(int status) {
    if (WIFSIGNALED(status)) return "was killed by signal " + std::to_string(WTERMSIG(status));
    return "exited with status " + std::to_string(WEXITSTATUS(status));
}

}  // namespace

int run_local_ranks(int count, const std::vector<std::string>& arguments, int grace_seconds) {
    const char* given_port = std::getenv("MASTER_PORT");
    const int port = given_port ? std::atoi(given_port) : free_port();
    if (port <= 0) {
        std::cerr
            << "interceptor-cli: no free TCP port for the ranks' rendezvous; set MASTER_PORT\n";
        return kExitFailure;
    }
    std::vector<std::string> argv_text{"interceptor-cli", "train"};
    argv_text.insert(argv_text.end(), arguments.begin(), arguments.end());
    argv_text.push_back("--distributed");
    std::vector<pid_t> ranks;
    for (int rank = 0; rank < count; ++rank) {
        const pid_t pid = fork();
        if (pid < 0) {
            std::cerr << "interceptor-cli: cannot start rank " << rank << "\n";
            for (const pid_t started : ranks) kill(started, SIGTERM);
            return kExitFailure;
        }
        if (pid == 0) {
            setenv("RANK", std::to_string(rank).c_str(), 1);
            setenv("LOCAL_RANK", std::to_string(rank).c_str(), 1);
            setenv("WORLD_SIZE", std::to_string(count).c_str(), 1);
            setenv("LOCAL_WORLD_SIZE", std::to_string(count).c_str(), 1);
            setenv("MASTER_ADDR", "127.0.0.1", 1);
            setenv("MASTER_PORT", std::to_string(port).c_str(), 1);
            std::vector<char*> argv;
            for (auto& a : argv_text) argv.push_back(a.data());
            argv.push_back(nullptr);
            execv("/proc/self/exe", argv.data());
            _exit(127);
        }
        ranks.push_back(pid);
    }
    std::vector<int> statuses(ranks.size(), 0);
    std::vector<bool> ended(ranks.size(), false);
    std::size_t left = ranks.size();
    std::optional<std::chrono::steady_clock::time_point> failed_at;
    while (left > 0) {
        int status = 0;
        const pid_t pid = waitpid(-1, &status, WNOHANG);
        for (std::size_t r = 0; r < ranks.size(); ++r)
            if (pid == ranks[r] && !ended[r]) {
                ended[r] = true;
                statuses[r] = status;
                --left;
                if (!failed_at && !(WIFEXITED(status) && WEXITSTATUS(status) == 0))
                    failed_at = std::chrono::steady_clock::now();
            }
        if (pid > 0) continue;
        if (failed_at &&
            std::chrono::steady_clock::now() - *failed_at > std::chrono::seconds(grace_seconds)) {
            for (std::size_t r = 0; r < ranks.size(); ++r)
                if (!ended[r]) kill(ranks[r], SIGTERM);
            failed_at = std::chrono::steady_clock::now() + std::chrono::hours(24);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    int failures = 0;
    for (std::size_t r = 0; r < ranks.size(); ++r)
        if (!(WIFEXITED(statuses[r]) && WEXITSTATUS(statuses[r]) == 0)) {
            std::cerr << "interceptor-cli: rank " << r << " " << how_it_ended(statuses[r]) << "\n";
            ++failures;
        }
    return failures == 0 ? kExitOk : kExitFailure;
}

}  // namespace interceptor::cli
