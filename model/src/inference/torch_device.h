#pragma once
// The device a DevicePreference means on this machine: CUDA when asked for or left to choose
// and LibTorch has a GPU, else the CPU. Asking for CUDA where there is none is an error.
// And the CUDA precision switches, spelled as each LibTorch version (1.13, 2.x) wants.
#include <torch/types.h>

#include "interceptor/model/inference/detector.h"
#include "interceptor/model/result.h"

namespace interceptor {

Result<torch::Device> torch_device(DevicePreference preference);

// Turns fp16 autocast for CUDA tensors on or off, for this thread.
void set_cuda_autocast(bool enabled);

// Float32 on CUDA computed as float32: no TF32 in cuDNN convolutions or cuBLAS matrix
// products (PyTorch lets convolutions use TF32 by default). For the whole process.
void disable_cuda_tf32();

}  // namespace interceptor
