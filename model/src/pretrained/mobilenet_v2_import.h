#pragma once
// Puts the weights read from a TFLite file (mobilenet_v2_tflite.h) into the
// LibTorch MobileNetV2 backbone, and hands out the file's own classifier.
#include <torch/types.h>

#include <utility>

#include "network/mobilenet_v2.h"
#include "pretrained/mobilenet_v2_tflite.h"

namespace interceptor {

// Every convolution of the backbone takes the file's (BatchNorm folded in);
// the BatchNorm after it is made the identity plus the folded bias (see the
// .cpp for what that means for fine-tuning).
void load_mobilenet_v2(MobileNetV2Impl& backbone, const MobileNetV2Weights& weights);

// The file's ImageNet classifier as a Linear's weight (1001, 1280) and bias
// (1001): logits = pooled features x weight^T + bias; class 0 is "background".
std::pair<torch::Tensor, torch::Tensor> imagenet_classifier(const MobileNetV2Weights& weights);

}  // namespace interceptor
