#include "inference/torch_device.h"

#include <ATen/Context.h>
#include <ATen/autocast_mode.h>
#include <torch/cuda.h>
#include <torch/version.h>

namespace interceptor {

Result<torch::Device> torch_device(DevicePreference preference) {
    const bool cuda = torch::cuda::is_available();
    if (preference == DevicePreference::Cuda && !cuda)
        return Error{"CUDA was asked for, but this LibTorch build has no usable GPU"};
    if (preference == DevicePreference::Cpu || !cuda) return torch::Device(torch::kCPU);
    return torch::Device(torch::kCUDA, 0);
}

void set_cuda_autocast(bool enabled) {
    // LibTorch 2.4 made autocast per device type; the CUDA-only call is deprecated there.
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
    at::autocast::set_autocast_enabled(at::kCUDA, enabled);
#else
    at::autocast::set_enabled(enabled);
#endif
}

void disable_cuda_tf32() {
    at::globalContext().setAllowTF32CuDNN(false);
    at::globalContext().setAllowTF32CuBLAS(false);
}

}  // namespace interceptor
