#include "inference/torch_device.h"

#include <torch/cuda.h>

namespace interceptor {

Result<torch::Device> torch_device(DevicePreference preference) {
    const bool cuda = torch::cuda::is_available();
    if (preference == DevicePreference::Cuda && !cuda)
        return Error{"CUDA was asked for, but this LibTorch build has no usable GPU"};
    if (preference == DevicePreference::Cpu || !cuda) return torch::Device(torch::kCPU);
    return torch::Device(torch::kCUDA, 0);
}

}  // namespace interceptor
