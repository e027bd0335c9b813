"""The Interceptor LL network in PyTorch, as the Python training project defined it.

Reference for parity tests only (Debian's python3-torch and python3-torchvision);
the application never runs Python. The configuration mirrors the C++
NetworkConfig: backbone variant B0..B7, input size, attention width and heads,
number of classes. The defaults are the seed network.
"""
import math

import torch
from torch import nn
from torchvision.models import efficientnet

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


def backbone_features(variant):
    return {0: 1280, 1: 1280, 2: 1408, 3: 1536, 4: 1792, 5: 2048, 6: 2304, 7: 2560}[variant]


class InterceptorLL(nn.Module):
    def __init__(self, variant=4, attention_dim=0, num_heads=8, num_classes=2):
        super().__init__()
        self.backbone = getattr(efficientnet, f"efficientnet_b{variant}")(weights=None)
        self.backbone.classifier = nn.Identity()
        fused = backbone_features(variant) + LOWLIGHT_CHANNELS * LOWLIGHT_GRID * LOWLIGHT_GRID
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
    """The last BatchNorm of every residual MBConv branch."""
    return [m.block[-1][1] for m in model.modules() if isinstance(m, efficientnet.MBConv) and m.use_res_connect]


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
