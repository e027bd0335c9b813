// The training group's place, read from the variables launchers set.
#include <catch2/catch.hpp>

#include <map>

#include "interceptor/model/training/training_group.h"

using namespace interceptor;

namespace {

Result<GroupEnvironment> read(const std::map<std::string, std::string>& variables) {
    return group_environment([&](const std::string& name) -> std::optional<std::string> {
        const auto found = variables.find(name);
        if (found == variables.end()) return std::nullopt;
        return found->second;
    });
}

}  // namespace

TEST_CASE("a group's place comes from torchrun's variables, else from Slurm's", "[group]") {
    auto torchrun = read({{"RANK", "3"},
                          {"WORLD_SIZE", "8"},
                          {"LOCAL_RANK", "1"},
                          {"LOCAL_WORLD_SIZE", "2"},
                          {"MASTER_ADDR", "10.0.0.7"},
                          {"MASTER_PORT", "29400"}});
    REQUIRE(torchrun.ok());
    CHECK(torchrun->rank == 3);
    CHECK(torchrun->world_size == 8);
    CHECK(torchrun->local_rank == 1);
    CHECK(torchrun->local_world_size == 2);
    CHECK(torchrun->master_address == "10.0.0.7");
    CHECK(torchrun->master_port == 29400);

    // Only the rank and the world: one rank per machine, PyTorch's default port, this host.
    auto plain = read({{"RANK", "0"}, {"WORLD_SIZE", "1"}});
    REQUIRE(plain.ok());
    CHECK(plain->local_rank == 0);
    CHECK(plain->local_world_size == 1);
    CHECK(plain->master_address == "127.0.0.1");
    CHECK(plain->master_port == 29500);

    auto slurm = read({{"SLURM_PROCID", "5"},
                       {"SLURM_NTASKS", "6"},
                       {"SLURM_LOCALID", "2"},
                       {"SLURM_NTASKS_PER_NODE", "3"},
                       {"MASTER_ADDR", "node01"}});
    REQUIRE(slurm.ok());
    CHECK(slurm->rank == 5);
    CHECK(slurm->world_size == 6);
    CHECK(slurm->local_rank == 2);
    CHECK(slurm->local_world_size == 3);
    CHECK(slurm->master_address == "node01");
    // PyTorch's names win where both are set (a launcher inside a Slurm job).
    auto both =
        read({{"RANK", "1"}, {"WORLD_SIZE", "2"}, {"SLURM_PROCID", "0"}, {"SLURM_NTASKS", "4"}});
    REQUIRE(both.ok());
    CHECK(both->rank == 1);
    CHECK(both->world_size == 2);
}

TEST_CASE("a wrong or missing group variable is named", "[group]") {
    CHECK(read({}).error() == "RANK is not set");
    CHECK(read({{"RANK", "0"}}).error() == "WORLD_SIZE is not set");
    CHECK(read({{"RANK", "x1"}, {"WORLD_SIZE", "2"}}).error() ==
          "RANK=x1 is not a whole number of at least 0");
    CHECK(read({{"RANK", "-1"}, {"WORLD_SIZE", "2"}}).error() ==
          "RANK=-1 is not a whole number of at least 0");
    CHECK(read({{"RANK", "2"}, {"WORLD_SIZE", "2"}}).error() ==
          "rank 2 is not below the world size 2");
    CHECK(read({{"RANK", "0"}, {"WORLD_SIZE", "0"}}).error() ==
          "the world size must be at least 1");
    CHECK(read({{"RANK", "0"}, {"WORLD_SIZE", "2"}, {"MASTER_PORT", "70000"}}).error() ==
          "MASTER_PORT=70000 is not a TCP port");
    CHECK(read({{"SLURM_PROCID", "0"}, {"SLURM_NTASKS", "2"}})
              .error()
              .find("MASTER_ADDR is not set") == 0);
}
