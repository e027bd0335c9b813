"""The Interceptor LL network in PyTorch, as the Python training project defined it.

Reference for parity tests only (Debian's python3-torch and python3-torchvision);
the application never runs Python. The configuration mirrors the C++
NetworkConfig: backbone family (EfficientNet B0..B7 by variant, or
MobileNetV2 1.0), input size, attention width and heads, number of classes.
The defaults are the seed network.
"""
import math

import torch
from torch import nn
from torch.nn import functional as F
from torchvision.models import efficientnet, mobilenetv2

LOWLIGHT_CHANNELS = 68  # 3 x 16 luminance + 12 noise + 8 shadow
LOWLIGHT_GRID = 7


class LowLightModule(nn.Module):
    def __init__(self):
        super().__init__()
        self.luminance_branch = nn.ModuleList(
            [
                nn.Sequential(
                    nn.Conv2d(3, 16, k, padding=k // 2),
                    nn.BatchNorm2d(16),
                    nn.ReLU(inplace=True),
                    nn.Conv2d(16, 16, k, padding=k // 2),
                    nn.BatchNorm2d(16),
                    nn.ReLU(inplace=True),
                )
                for k in (3, 5, 7)
            ]
        )
        self.noise_detector = nn.Sequential(
            nn.Conv2d(3, 12, 5, padding=2), nn.BatchNorm2d(12), nn.ReLU(inplace=True),
            nn.Conv2d(12, 24, 5, padding=2), nn.BatchNorm2d(24), nn.ReLU(inplace=True),
            nn.Conv2d(24, 12, 1),
        )
        self.shadow_detector = nn.Sequential(
            nn.Conv2d(3, 8, 7, padding=3), nn.BatchNorm2d(8), nn.ReLU(inplace=True),
            nn.Conv2d(8, 16, 7, padding=3), nn.BatchNorm2d(16), nn.ReLU(inplace=True),
            nn.Conv2d(16, 8, 1),
        )
        self.attention = nn.Sequential(
            nn.Conv2d(LOWLIGHT_CHANNELS, 32, 1), nn.ReLU(inplace=True),
            nn.Conv2d(32, LOWLIGHT_CHANNELS, 1), nn.Sigmoid(),
        )
        self.pool = nn.AdaptiveAvgPool2d(LOWLIGHT_GRID)

    def forward(self, x):
        parts = [self.pool(branch(x)) for branch in self.luminance_branch]
        parts.append(self.pool(self.noise_detector(x)))
        parts.append(self.pool(self.shadow_detector(x)))
        combined = torch.cat(parts, dim=1)
        return combined * self.attention(combined)


def backbone_features(variant, backbone="efficientnet"):
    if backbone == "mobilenet_v2":
        return 1280
    return {0: 1280, 1: 1280, 2: 1408, 3: 1536, 4: 1792, 5: 2048, 6: 2304, 7: 2560}[variant]


IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)


def _same_padding(size, kernel, stride):
    """TensorFlow's SAME padding along one dimension: (before, after), the odd pixel after."""
    out = -(-size // stride)
    total = max((out - 1) * stride + kernel - size, 0)
    return total // 2, total - total // 2


def _pad_same(conv, inputs):
    x = inputs[0]
    top, bottom = _same_padding(x.shape[2], conv.kernel_size[0], conv.stride[0])
    left, right = _same_padding(x.shape[3], conv.kernel_size[1], conv.stride[1])
    return (F.pad(x, (left, right, top, bottom)),)


def _to_signed_unit_range(_, inputs):
    """ImageNet-normalised RGB back to [0, 1], then to TensorFlow's [-1, 1]."""
    x = inputs[0]
    std = torch.tensor(IMAGENET_STD, dtype=x.dtype, device=x.device).view(1, 3, 1, 1)
    mean = torch.tensor(IMAGENET_MEAN, dtype=x.dtype, device=x.device).view(1, 3, 1, 1)
    return (x * (2 * std) + (2 * mean - 1),)


def mobilenet_v2_backbone():
    """torchvision's mobilenet_v2(width_mult=1.0), run as TensorFlow ran the
    TFLite weights that initialise it (as the C++ Backbone::MobileNetV2 does):
    stride-2 convolutions padded as TensorFlow's SAME (one more pixel at the
    bottom and right than at the top and left on even sizes), and the
    ImageNet-normalised input taken to [-1, 1]. Hooks change no state_dict key."""
    model = mobilenetv2.mobilenet_v2(weights=None)
    model.classifier = nn.Identity()
    for m in model.features.modules():
        if isinstance(m, nn.Conv2d) and m.stride[0] > 1:
            m.padding = (0, 0)
            m.register_forward_pre_hook(_pad_same)
    model.register_forward_pre_hook(_to_signed_unit_range)
    return model


class InterceptorLL(nn.Module):
    def __init__(self, variant=4, attention_dim=0, num_heads=8, num_classes=2, backbone="efficientnet"):
        super().__init__()
        if backbone == "mobilenet_v2":
            self.backbone = mobilenet_v2_backbone()
        else:
            self.backbone = getattr(efficientnet, f"efficientnet_b{variant}")(weights=None)
            self.backbone.classifier = nn.Identity()
        fused = backbone_features(variant, backbone) + LOWLIGHT_CHANNELS * LOWLIGHT_GRID * LOWLIGHT_GRID
        if attention_dim == 0:  # the seed rounds the fused width up to a multiple of the heads
            attention_dim = int(math.ceil(fused / num_heads) * num_heads)
        self.specialist_module = LowLightModule()
        self.feature_projection = nn.Linear(fused, attention_dim)
        self.feature_attention = nn.MultiheadAttention(attention_dim, num_heads, dropout=0.1, batch_first=True)
        self.classifier = nn.Sequential(
            nn.Dropout(0.3), nn.Linear(attention_dim, 1024), nn.BatchNorm1d(1024), nn.ReLU(inplace=True),
            nn.Dropout(0.2), nn.Linear(1024, 512), nn.BatchNorm1d(512), nn.ReLU(inplace=True),
            nn.Dropout(0.1), nn.Linear(512, 256), nn.BatchNorm1d(256), nn.ReLU(inplace=True),
            nn.Linear(256, num_classes),
        )

    def forward(self, x):
        visual = self.backbone(x)
        lowlight = self.specialist_module(x).flatten(1)
        token = self.feature_projection(torch.cat([visual, lowlight], dim=1)).unsqueeze(1)
        attended, _ = self.feature_attention(token, token, token)
        return self.classifier(attended.squeeze(1))


def _residual_batchnorms(model):
    """The last BatchNorm of every residual MBConv or inverted residual branch."""
    found = [m.block[-1][1] for m in model.modules() if isinstance(m, efficientnet.MBConv) and m.use_res_connect]
    found += [m.conv[-1] for m in model.modules() if isinstance(m, mobilenetv2.InvertedResidual) and m.use_res_connect]
    return found


def randomise_statistics(model, calibration, generator):
    """Non-trivial BatchNorm parameters and running statistics, so that a port
    that ignored or misplaced any of them would give different logits.

    The running statistics are measured on a calibration batch (as training
    would), then perturbed: with PyTorch's defaults (mean 0, variance 1) the
    activations of a random network shrink layer after layer and every input
    gives nearly the same logits, which would make a parity test toothless.
    Residual branches are damped (their last BatchNorm scaled by 0.2, as
    trained EfficientNets tend to have them): an undamped random B4 is chaotic,
    its float32 and float64 logits differ by 1e-3, and a 1e-4 comparison would
    then measure rounding rather than the port."""
    batchnorms = [m for m in model.modules() if isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d))]
    with torch.no_grad():
        for m in batchnorms:
            n = m.num_features
            m.weight.copy_(0.75 + 0.5 * torch.rand(n, generator=generator))
            m.bias.copy_(0.1 * torch.randn(n, generator=generator))
            m.reset_running_stats()
            m.momentum = None  # cumulative average over the calibration batch
        for m in _residual_batchnorms(model):
            m.weight.mul_(0.2)
        model.train()
        for m in model.modules():  # BatchNorm learns; dropout and stochastic depth stay off
            if not isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d)):
                m.training = False
        model(calibration)
        model.eval()
        for m in batchnorms:
            n = m.num_features
            m.running_mean.add_(0.05 * torch.randn(n, generator=generator) * m.running_var.sqrt())
            m.running_var.mul_(0.8 + 0.4 * torch.rand(n, generator=generator))
            m.num_batches_tracked.fill_(1234)
            m.momentum = 0.1
        for m in _residual_batchnorms(model):
            m.weight.mul_(0.2)
            m.bias.mul_(0.2)
        for m in model.modules():
            if isinstance(m, nn.MultiheadAttention):
                # PyTorch zero-initialises these biases; make them count.
                m.in_proj_bias.copy_(0.02 * torch.randn(m.in_proj_bias.shape, generator=generator))
                m.out_proj.bias.copy_(0.02 * torch.randn(m.out_proj.bias.shape, generator=generator))
