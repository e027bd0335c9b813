// The TFLite reader (pretrained/mobilenet_v2_tflite.h): the real file read,
// converted and run with its own ImageNet classifier; damaged, truncated and
// foreign files refused, each with a reason.
#include <flatbuffers/flatbuffers.h>
#include <torch/nn/functional/linear.h>
#include <catch2/catch.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <fstream>

#include "network/mobilenet_v2.h"
#include "network/mobilenet_v2_layout.h"
#include "pretrained/mobilenet_v2_import.h"
#include "pretrained/mobilenet_v2_tflite.h"
#include "pretrained/tflite_schema_generated.h"
#include "support/pretrained_weights.h"
#include "support/temp_dir.h"

using namespace interceptor;
using namespace interceptor::test;
namespace tfl = interceptor::tflite;

namespace {

#define SKIP_WITHOUT_WEIGHTS()                                                               \
    if (!have_mobilenet_v2_tflite()) {                                                       \
        WARN("skipped: " << mobilenet_v2_tflite() << " is absent (../shared/data/weights)"); \
        return;                                                                              \
    }

std::string refusal(const std::vector<std::uint8_t>& bytes) {
    auto read = read_mobilenet_v2_tflite(bytes.data(), bytes.size());
    return read ? std::string() : read.error();
}

// A well-formed TFLite file of some other network: a 224x224 input of
// `input_type` (quantised as MobileNetV2's) and one 3x3 stride-2 convolution
// with ReLU6 to `channels` (32: MobileNetV2's first one).
std::vector<std::uint8_t> other_tflite(tfl::TensorType input_type, int channels,
                                       std::int64_t input_zero_point = 128) {
    flatbuffers::FlatBufferBuilder fbb;
    std::vector<flatbuffers::Offset<tfl::Buffer>> buffers{tfl::CreateBuffer(fbb)};
    auto q = [&](float scale, std::int64_t zero) {
        const std::vector<float> scales{scale};
        const std::vector<std::int64_t> zeros{zero};
        return tfl::CreateQuantizationParametersDirect(fbb, nullptr, nullptr, &scales, &zeros);
    };
    const std::vector<std::int32_t> input_shape{1, 224, 224, 3}, weight_shape{channels, 3, 3, 3},
        bias_shape{channels};
    const std::vector<std::uint8_t> weights(channels * 3 * 3 * 3, 128), bias(channels * 4, 0);
    buffers.push_back(tfl::CreateBufferDirect(fbb, &weights));
    buffers.push_back(tfl::CreateBufferDirect(fbb, &bias));
    std::vector<flatbuffers::Offset<tfl::Tensor>> tensors{
        tfl::CreateTensorDirect(fbb, &input_shape, input_type, 0, "input",
                                q(1 / 128.0f, input_zero_point)),
        tfl::CreateTensorDirect(fbb, &weight_shape, tfl::TensorType::UINT8, 1, "w", q(0.01f, 128)),
        tfl::CreateTensorDirect(fbb, &bias_shape, tfl::TensorType::INT32, 2, "b", q(1e-4f, 0))};
    const std::vector<std::int32_t> op_inputs{0, 1, 2}, op_outputs{0}, graph_inputs{0};
    auto options =
        tfl::CreateConv2DOptions(fbb, tfl::Padding::SAME, 2, 2, tfl::ActivationFunctionType::RELU6);
    std::vector<flatbuffers::Offset<tfl::Operator>> ops{tfl::CreateOperatorDirect(
        fbb, 0, &op_inputs, &op_outputs, tfl::BuiltinOptions::Conv2DOptions, options.Union())};
    std::vector<flatbuffers::Offset<tfl::SubGraph>> graphs{
        tfl::CreateSubGraphDirect(fbb, &tensors, &graph_inputs, &op_outputs, &ops, "main")};
    std::vector<flatbuffers::Offset<tfl::OperatorCode>> codes{
        tfl::CreateOperatorCode(fbb, 3, 0, 1, tfl::BuiltinOperator::CONV_2D)};
    fbb.Finish(tfl::CreateModelDirect(fbb, 3, &codes, &graphs, "another network", &buffers),
               tfl::ModelIdentifier());
    return {fbb.GetBufferPointer(), fbb.GetBufferPointer() + fbb.GetSize()};
}

}  // namespace

TEST_CASE("TensorFlow's SAME padding puts the odd pixel after", "[pretrained]") {
    CHECK(same_padding(224, 3, 2).before == 0);
    CHECK(same_padding(224, 3, 2).after == 1);
    CHECK(same_padding(225, 3, 2).before == 1);
    CHECK(same_padding(225, 3, 2).after == 1);
    CHECK(same_padding(7, 3, 1).before == 1);
    CHECK(same_padding(7, 3, 1).after == 1);
    CHECK(mobilenet_v2_convs().size() == 52);
    CHECK(pad_same(torch::zeros({1, 1, 160, 160}), 3, 2).sizes() ==
          torch::IntArrayRef({1, 1, 161, 161}));
}

TEST_CASE("the TFLite MobileNetV2 with its own classifier labels Grace Hopper", "[pretrained]") {
    SKIP_WITHOUT_WEIGHTS();
    auto file = read_mobilenet_v2_tflite_file(mobilenet_v2_tflite());
    INFO(file.error());
    REQUIRE(file.ok());
    REQUIRE(file->release != nullptr);
    CHECK(file->weights.convs.size() == 52);
    const std::vector<std::int64_t> classifier_shape{1001, 1280, 1, 1};
    CHECK(file->weights.classifier.shape == classifier_shape);

    MobileNetV2 backbone;
    load_mobilenet_v2(*backbone, file->weights);
    backbone->eval();

    // 224x224, nearest neighbour, RGB; normalised as every preset's input is
    // (ImageNet statistics), which the backbone takes back to x / 127.5 - 1.
    cv::Mat bgr = cv::imread(shared_weights("grace_hopper.bmp"), cv::IMREAD_COLOR);
    REQUIRE_FALSE(bgr.empty());
    cv::Mat resized;
    cv::resize(bgr, resized, cv::Size(224, 224), 0, 0, cv::INTER_NEAREST);
    auto x = torch::empty({1, 3, 224, 224});
    const float mean[3] = {0.485f, 0.456f, 0.406f}, stdev[3] = {0.229f, 0.224f, 0.225f};
    auto a = x.accessor<float, 4>();
    for (int y = 0; y < 224; ++y)
        for (int i = 0; i < 224; ++i)
            for (int c = 0; c < 3; ++c)
                a[0][c][y][i] = (resized.at<cv::Vec3b>(y, i)[2 - c] / 255.0f - mean[c]) / stdev[c];

    torch::NoGradGuard no_grad;
    auto [weight, bias] = imagenet_classifier(file->weights);
    auto p = torch::softmax(torch::nn::functional::linear(backbone->forward(x), weight, bias), 1);
    const int best = static_cast<int>(p.argmax(1).item<std::int64_t>());
    std::ifstream list(shared_weights("imagenet_labels.txt"));
    std::vector<std::string> labels;
    for (std::string line; std::getline(list, line);) labels.push_back(line);
    REQUIRE(labels.size() == 1001);
    const double probability = p[0][best].item<float>();
    INFO("top class " << best << " '" << labels[best] << "' P = " << probability);
    CHECK(labels[best] == "military uniform");
    CHECK(std::abs(probability - 0.853) <= 0.02);
    WARN("grace_hopper.bmp: '" << labels[best] << "' P = " << probability);
}

TEST_CASE("truncated, damaged and mislabelled TFLite files are refused", "[pretrained]") {
    SKIP_WITHOUT_WEIGHTS();
    const auto good = file_bytes(mobilenet_v2_tflite());
    REQUIRE(refusal(good).empty());

    CHECK_THAT(refusal({}), Catch::Contains("too short"));
    CHECK_THAT(refusal({good.begin(), good.begin() + 7}), Catch::Contains("too short"));
    // In this file the weights take bytes 880 to 3546428; the subgraph's tables come after.
    for (std::size_t keep : {good.size() / 2, good.size() - 50000, std::size_t{4096}}) {
        INFO("truncated to " << keep << " bytes");
        CHECK_THAT(refusal({good.begin(), good.begin() + static_cast<std::ptrdiff_t>(keep)}),
                   Catch::Contains("damaged"));
    }

    auto renamed = good;
    std::copy_n("TFL2", 4, renamed.begin() + 4);
    CHECK_THAT(refusal(renamed), Catch::Contains("identifier is 'TFL2', not 'TFL3'"));

    // The root table's offset pointing past the end.
    auto rootless = good;
    rootless[3] = 0x7f;
    CHECK_THAT(refusal(rootless), Catch::Contains("damaged"));

    // Bytes flipped in the middle of the file fall in the weights: the
    // structure still verifies, so only the release's digest tells.
    auto flipped = good;
    for (std::size_t i = good.size() / 2; i < good.size() / 2 + 16; ++i) flipped[i] ^= 0xff;
    TempDir dir;
    write_bytes(dir.file("flipped.tflite"), flipped);
    CHECK(refusal(flipped).empty());
    auto read = read_mobilenet_v2_tflite_file(dir.file("flipped.tflite"));
    REQUIRE_FALSE(read.ok());
    INFO(read.error());
    CHECK_THAT(read.error(), Catch::Contains("is not that of a known release"));
    // So is the last byte cut off: nothing the reader reads (and the verifier visits) lies in it.
    write_bytes(dir.file("short.tflite"), {good.begin(), good.end() - 1});
    auto cut = read_mobilenet_v2_tflite_file(dir.file("short.tflite"));
    REQUIRE_FALSE(cut.ok());
    CHECK_THAT(cut.error(), Catch::Contains("is not that of a known release"));

    // Bytes flipped all through the tables at the front: refused, whatever the first problem.
    auto scrambled = good;
    for (std::size_t i = 8; i < 4096; i += 61) scrambled[i] ^= 0x5a;
    write_bytes(dir.file("scrambled.tflite"), scrambled);
    CHECK_FALSE(read_mobilenet_v2_tflite_file(dir.file("scrambled.tflite")).ok());

    auto missing = read_mobilenet_v2_tflite_file(dir.file("absent.tflite"));
    REQUIRE_FALSE(missing.ok());
    CHECK_THAT(missing.error(), Catch::Contains("no such file"));
}

TEST_CASE("foreign FlatBuffers and other TFLite networks are refused", "[pretrained]") {
    // A FlatBuffer of another schema, with its own identifier.
    flatbuffers::FlatBufferBuilder fbb;
    auto text = fbb.CreateString("not a model");
    const auto start = fbb.StartTable();
    fbb.AddOffset(4, text);
    const flatbuffers::Offset<void> table(fbb.EndTable(start));
    fbb.Finish(table, "ABCD");
    std::vector<std::uint8_t> foreign(fbb.GetBufferPointer(),
                                      fbb.GetBufferPointer() + fbb.GetSize());
    CHECK_THAT(refusal(foreign), Catch::Contains("identifier is 'ABCD', not 'TFL3'"));

    // The same table claiming to be TFLite: its first field is no schema version 3.
    flatbuffers::FlatBufferBuilder fake;
    auto fake_text = fake.CreateString("not a model");
    const auto fake_start = fake.StartTable();
    fake.AddOffset(4, fake_text);
    fake.Finish(flatbuffers::Offset<void>(fake.EndTable(fake_start)), "TFL3");
    std::vector<std::uint8_t> posing(fake.GetBufferPointer(),
                                     fake.GetBufferPointer() + fake.GetSize());
    CHECK_FALSE(refusal(posing).empty());

    // Well-formed TFLite, another network.
    CHECK_THAT(refusal(other_tflite(tfl::TensorType::UINT8, 8)),
               Catch::Contains("convolution 1 of 53 (features.0.0, 3x3 3->32 stride 2) weights: "
                               "has shape [8,3,3,3], expected [32,3,3,3]"));
    CHECK_THAT(refusal(other_tflite(tfl::TensorType::UINT8, 32)),
               Catch::Contains("not MobileNetV2 1.0: 1 convolutions, expected 52"));
    CHECK_THAT(refusal(other_tflite(tfl::TensorType::FLOAT32, 32)),
               Catch::Contains("the input: is float32, expected uint8"));
    // Found by fuzzing (an overflow in computing the input's range): refused before.
    CHECK_THAT(refusal(other_tflite(tfl::TensorType::UINT8, 32, -9223372036854775807 - 1)),
               Catch::Contains("the input: zero point -9223372036854775808 is outside 0..255"));
}
