#include "interceptor/model/training/training_group.h"

#include <torch/csrc/autograd/custom_function.h>
#include <torch/version.h>
#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#if TORCH_VERSION_MAJOR >= 2
#include <torch/csrc/distributed/c10d/Backend.hpp>
#else
#include <torch/csrc/distributed/c10d/ProcessGroup.hpp>
#endif
#ifdef INTERCEPTOR_WITH_GLOO
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#endif
#ifdef INTERCEPTOR_WITH_NCCL
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif
#include <torch/torch.h>

#include <condition_variable>
#include <cstdlib>
#include <functional>
#include <mutex>
#include <thread>

#include "training/group_collectives.h"

namespace interceptor {
namespace {

using namespace std::chrono_literals;

// What runs the collectives: c10d's ProcessGroup in LibTorch 1.x; from 2.0 the Gloo and
// NCCL groups are c10d Backends (a ProcessGroup dispatches to them).
#if TORCH_VERSION_MAJOR >= 2
using Collectives = c10d::Backend;
#else
using Collectives = c10d::ProcessGroup;
#endif

std::string heartbeat_key(int rank) { return "interceptor/heartbeat/" + std::to_string(rank); }

// Counts up a key of the store every half second on its own connection, so that after a
// failed collective the survivors can tell a dead rank (its count stops) from a slow one.
class Heartbeat {
  public:
    Heartbeat(const GroupEnvironment& environment, std::chrono::seconds timeout) {
        c10d::TCPStoreOptions options;
        options.port = static_cast<std::uint16_t>(environment.master_port);
        options.timeout = timeout;
        options.waitWorkers = false;
        store_ = c10::make_intrusive<c10d::TCPStore>(environment.master_address, options);
        thread_ = std::thread([this, key = heartbeat_key(environment.rank)] {
            std::unique_lock<std::mutex> lock(mutex_);
            while (!stop_) {
                try {
                    store_->add(key, 1);
                } catch (const std::exception&) {
                    return;  // the store is gone: so is rank 0, which the others will say
                }
                woken_.wait_for(lock, 500ms, [this] { return stop_; });
            }
        });
    }
    ~Heartbeat() {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            stop_ = true;
        }
        woken_.notify_all();
        thread_.join();
    }

  private:
    c10::intrusive_ptr<c10d::TCPStore> store_;
    std::mutex mutex_;
    std::condition_variable woken_;
    bool stop_ = false;
    std::thread thread_;
};

#ifdef INTERCEPTOR_WITH_GLOO
bool is_loopback(const std::string& address) {
    return address == "localhost" || address.rfind("127.", 0) == 0 || address == "::1";
}

// The network device Gloo binds: the interface GLOO_SOCKET_IFNAME names (as PyTorch reads
// it), the loopback device for a group on this machine, else this host's own address.
std::shared_ptr<gloo::transport::Device> gloo_device(const GroupEnvironment& environment) {
    if (const char* interface = std::getenv("GLOO_SOCKET_IFNAME"))
        return c10d::ProcessGroupGloo::createDeviceForInterface(interface);
    if (is_loopback(environment.master_address))
        return c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1");
    return c10d::ProcessGroupGloo::createDefaultDevice();
}
#endif

// Connects this rank's process group for the collectives, once the store is reached.
using ConnectCollectives =
    std::function<c10::intrusive_ptr<Collectives>(const c10::intrusive_ptr<c10d::Store>&)>;

// NCCL on CUDA where this build has it, else Gloo (which also takes CUDA tensors where
// LibTorch was built with CUDA); decided before the rendezvous, so that a build without
// either says so at once.
Result<ConnectCollectives> collectives_for_this_machine(
    [[maybe_unused]] const GroupEnvironment& environment,
    [[maybe_unused]] std::chrono::seconds timeout) {
#ifdef INTERCEPTOR_WITH_NCCL
    if (torch::cuda::is_available())
        return ConnectCollectives([=](const c10::intrusive_ptr<c10d::Store>& store) {
            auto options = c10d::ProcessGroupNCCL::Options::create();
            options->timeout = timeout;
            return c10::intrusive_ptr<Collectives>(c10::make_intrusive<c10d::ProcessGroupNCCL>(
                store, environment.rank, environment.world_size, options));
        });
#endif
#ifdef INTERCEPTOR_WITH_GLOO
    return ConnectCollectives([=](const c10::intrusive_ptr<c10d::Store>& store) {
        auto options = c10d::ProcessGroupGloo::Options::create(timeout);
        options->devices.push_back(gloo_device(environment));
        return c10::intrusive_ptr<Collectives>(c10::make_intrusive<c10d::ProcessGroupGloo>(
            store, environment.rank, environment.world_size, options));
    });
#elif defined(INTERCEPTOR_WITH_NCCL)
    return Error{
        "this build's only process group is NCCL, which needs a GPU, and LibTorch has none "
        "here (build with INTERCEPTOR_WITH_GLOO=ON to train on CPUs)"};
#else
    return Error{
        "this build has no process group for the collectives (configured with "
        "INTERCEPTOR_WITH_GLOO=OFF and INTERCEPTOR_WITH_NCCL=OFF)"};
#endif
}

}  // namespace

struct TrainingGroup::Impl {
    GroupEnvironment environment;
    c10::intrusive_ptr<c10d::TCPStore> store;
    c10::intrusive_ptr<Collectives> group;
    std::unique_ptr<Heartbeat> heartbeat;

    void sum(torch::Tensor& t) {
        std::vector<torch::Tensor> tensors{t};
        group->allreduce(tensors)->wait();
    }
};

TrainingGroup::TrainingGroup(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
TrainingGroup::~TrainingGroup() = default;
const GroupEnvironment& TrainingGroup::environment() const { return impl_->environment; }

Result<std::shared_ptr<TrainingGroup>> TrainingGroup::join(const GroupEnvironment& environment,
                                                           std::chrono::seconds timeout) {
    auto connect = collectives_for_this_machine(environment, timeout);
    if (!connect)
        return Error{"rank " + std::to_string(environment.rank) + " cannot join a group of " +
                     std::to_string(environment.world_size) + " ranks: " + connect.error()};
    auto impl = std::make_unique<Impl>();
    impl->environment = environment;
    const std::string where =
        environment.master_address + ":" + std::to_string(environment.master_port);
    try {
        c10d::TCPStoreOptions options;
        options.port = static_cast<std::uint16_t>(environment.master_port);
        options.isServer = environment.rank == 0;
        options.numWorkers = static_cast<std::size_t>(environment.world_size);
        options.timeout = timeout;
        impl->store = c10::make_intrusive<c10d::TCPStore>(environment.master_address, options);
    } catch (const std::exception& e) {
        return Error{"rank " + std::to_string(environment.rank) + " could not " +
                     (environment.rank == 0 ? "serve" : "reach") + " the rendezvous store at " +
                     where + " within " + std::to_string(timeout.count()) + " s: " + e.what()};
    }
    try {
        impl->heartbeat = std::make_unique<Heartbeat>(environment, timeout);
        const auto prefixed =
            c10::make_intrusive<c10d::PrefixStore>("interceptor/c10d", impl->store);
        impl->group = (*connect)(prefixed);
    } catch (const std::exception& e) {
        return Error{"rank " + std::to_string(environment.rank) + " could not connect to the " +
                     std::to_string(environment.world_size) + " ranks of the group at " + where +
                     ": " + e.what()};
    }
    return std::shared_ptr<TrainingGroup>(new TrainingGroup(std::move(impl)));
}

namespace {

// y = the sum of x over the ranks; the gradient of each rank's x is the sum of the ranks'
// gradients of y (each rank's loss depends on every rank's x through y).
struct GroupSum : torch::autograd::Function<GroupSum> {
    static torch::Tensor forward(torch::autograd::AutogradContext* context, torch::Tensor x,
                                 TrainingGroup::Impl* group) {
        context->saved_data["group"] = reinterpret_cast<std::int64_t>(group);
        auto y = x.clone();
        group->sum(y);
        return y;
    }
    static torch::autograd::tensor_list backward(torch::autograd::AutogradContext* context,
                                                 torch::autograd::tensor_list gradients) {
        auto* group = reinterpret_cast<TrainingGroup::Impl*>(context->saved_data["group"].toInt());
        auto g = gradients[0].contiguous().clone();
        group->sum(g);
        return {g, torch::Tensor()};
    }
};

}  // namespace

void sum_over_group(TrainingGroup& group, torch::Tensor& t) { group.impl().sum(t); }

ProcessSum differentiable_group_sum(TrainingGroup& group) {
    auto* impl = &group.impl();
    return [impl](const torch::Tensor& x) { return GroupSum::apply(x, impl); };
}

void average_gradients(TrainingGroup& group, torch::nn::Module& net) {
    std::vector<torch::Tensor> gradients;
    for (auto& p : net.parameters())
        if (p.grad().defined()) gradients.push_back(p.grad());
    if (gradients.empty()) return;
    std::vector<torch::Tensor> flat;
    for (auto& g : gradients) flat.push_back(g.reshape(-1));
    auto all = torch::cat(flat);
    group.impl().sum(all);
    all.div_(group.world_size());
    std::int64_t offset = 0;
    for (auto& g : gradients) {
        g.copy_(all.slice(0, offset, offset + g.numel()).view_as(g));
        offset += g.numel();
    }
}

void copy_from_first_rank(TrainingGroup& group, torch::nn::Module& net) {
    torch::NoGradGuard no_grad;
    std::vector<torch::Tensor> tensors;
    for (auto& p : net.parameters()) tensors.push_back(p.detach());
    for (auto& b : net.buffers()) tensors.push_back(b.detach());
    for (auto& t : tensors) {
        std::vector<torch::Tensor> one{t};
        group.impl().group->broadcast(one)->wait();  // root 0 by default
    }
}

void barrier(TrainingGroup& group) { group.impl().group->barrier()->wait(); }

std::string failure_message(TrainingGroup& group, const std::exception& failure) {
    auto& impl = group.impl();
    const int me = impl.environment.rank;
    std::string lost;
    try {
        // Two readings of every other rank's heartbeat, further apart than its beat.
        std::vector<std::int64_t> before;
        for (int r = 0; r < impl.environment.world_size; ++r)
            before.push_back(r == me ? 0 : impl.store->add(heartbeat_key(r), 0));
        std::this_thread::sleep_for(2s);
        for (int r = 0; r < impl.environment.world_size; ++r)
            if (r != me && impl.store->add(heartbeat_key(r), 0) == before[r])
                lost += (lost.empty() ? "" : ", ") + std::to_string(r);
    } catch (const std::exception&) {
        lost = "0 (the rendezvous store's host no longer answers)";
    }
    const std::string what = failure.what();
    const std::string first_line = what.substr(0, what.find('\n'));
    return "distributed training stopped on rank " + std::to_string(me) + ": " +
           (lost.empty()
                ? std::string("no rank was found lost (one may be hanging)")
                : (lost.find(',') == std::string::npos ? "lost rank " : "lost ranks ") + lost) +
           "; " + first_line;
}

}  // namespace interceptor
