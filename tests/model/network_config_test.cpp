// LibTorch first: Debian's defines glog's CHECK, which Catch's must replace (else a failed
// CHECK aborts the binary instead of failing its test).
#include "network/efficientnet.h"
#include "network/interceptor_net.h"

#include <catch2/catch.hpp>

#include "interceptor/model/network/network_config.h"

using namespace interceptor;

TEST_CASE("the seed configuration is the network of model.md", "[config]") {
    auto seed = NetworkConfig::seed();
    CHECK(seed.backbone_features() == 1792);
    CHECK(seed.fused_features() == 5124);
    CHECK(seed.resolved_attention_dim() == 5128);
    CHECK(seed.validate().empty());
    CHECK(seed.describe() == "EfficientNet-B4 224px, attention 5128/8, 2 classes");
}

TEST_CASE("configurations survive JSON and bad ones are refused", "[config]") {
    NetworkConfig back;
    std::string error;
    REQUIRE(NetworkConfig::from_json(NetworkConfig::small().to_json(), &back, &error));
    CHECK(back == NetworkConfig::small());
    CHECK_FALSE(
        NetworkConfig::from_json(R"({"backbone_variant": 9, "input_size": 224})", &back, &error));
    CHECK(error.find("0..7") != std::string::npos);
    CHECK_FALSE(NetworkConfig::from_json(
        R"({"backbone_variant": 0, "input_size": 128, "attention_dim": 250})", &back, &error));
    CHECK(error.find("not divisible by 8 heads") != std::string::npos);
    CHECK_FALSE(NetworkConfig::from_json("[1,2]", &back, &error));
}

TEST_CASE("torchvision's channel rounding and per-variant widths", "[config]") {
    CHECK(round_channels(32, 1.4) == 48);
    CHECK(round_channels(320, 1.4) == 448);
    CHECK(round_channels(32, 1.2) == 40);
    CHECK(round_channels(24, 1.1) == 24);
    for (int variant = 0; variant < 8; ++variant) {
        NetworkConfig c;
        c.backbone_variant = variant;
        c.input_size = 64;
        EfficientNet net(variant);
        CHECK(net->feature_channels == c.backbone_features());
    }
}

TEST_CASE("the network runs forward with torchvision's key layout", "[config]") {
    NetworkConfig c = NetworkConfig::small();
    c.input_size = 64;
    InterceptorNet net(c);
    net->eval();
    auto out = net->forward(torch::zeros({2, 3, 64, 64}), 16);
    CHECK(out.logits.sizes() == torch::IntArrayRef({2, 2}));
    CHECK(out.luminance.sizes() == torch::IntArrayRef({2, 3, 16, 16}));
    CHECK(out.attention.sizes() == torch::IntArrayRef({2, 68, 7, 7}));
    auto params = net->named_parameters();
    CHECK(params.contains("backbone.features.1.0.block.1.fc1.weight"));
    CHECK(params.contains("specialist_module.luminance_branch.2.3.weight"));
    CHECK(params.contains("feature_attention.in_proj_weight"));
    CHECK(params.contains("classifier.12.bias"));
    CHECK(net->named_buffers().contains("classifier.10.running_var"));
}

TEST_CASE("the mobile preset: MobileNetV2 with torchvision's names, old JSON still EfficientNet",
          "[config]") {
    auto mobile = NetworkConfig::mobile();
    CHECK(mobile.validate().empty());
    CHECK(mobile.backbone_features() == 1280);
    CHECK(mobile.resolved_attention_dim() == 512);
    CHECK(mobile.describe() == "MobileNetV2-1.0 160px, attention 512/8, 2 classes");
    NetworkConfig back;
    std::string error;
    REQUIRE(NetworkConfig::from_json(mobile.to_json(), &back, &error));
    CHECK(back == mobile);
    CHECK(back != NetworkConfig::seed());
    // Every config written before the field existed reads as EfficientNet.
    REQUIRE(NetworkConfig::from_json(
        R"({"backbone_variant": 0, "input_size": 128, "attention_dim": 256})", &back, &error));
    CHECK(back == NetworkConfig::small());
    CHECK_FALSE(
        NetworkConfig::from_json(R"({"backbone": "resnet", "input_size": 224})", &back, &error));
    CHECK(error.find("unknown backbone 'resnet' (allowed: efficientnet, mobilenet_v2)") !=
          std::string::npos);
    CHECK_FALSE(NetworkConfig::preset("huge").ok());
    CHECK(*NetworkConfig::preset("mobile") == mobile);

    mobile.input_size = 64;
    InterceptorNet net(mobile);
    net->eval();
    auto out = net->forward(torch::zeros({1, 3, 64, 64}));
    CHECK(out.logits.sizes() == torch::IntArrayRef({1, 2}));
    auto params = net->named_parameters();
    // torchvision's mobilenet_v2().features, under "backbone."
    CHECK(params.contains("backbone.features.0.0.weight"));
    CHECK(params.contains("backbone.features.1.conv.0.0.weight"));  // no expansion in block 1
    CHECK(params.contains("backbone.features.1.conv.1.weight"));
    CHECK(params.contains("backbone.features.2.conv.3.bias"));
    CHECK(params.contains("backbone.features.18.0.weight"));
    CHECK(params["backbone.features.2.conv.1.0.weight"].sizes() ==
          torch::IntArrayRef({96, 1, 3, 3}));
    CHECK(net->named_buffers().contains("backbone.features.17.conv.3.running_var"));
}
