// Metrics against scikit-learn (run through the Python reference) to 1e-6,
// and hand-worked examples for the equal error rate and calibration.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "interceptor/model/metrics/metrics.h"
#include "support/python_reference.h"

using namespace interceptor;

TEST_CASE("metrics match scikit-learn to 1e-6", "[metrics]") {
    const auto cases = test::python_reference("metrics_reference.py 7");
    REQUIRE(cases.size() == 5);
    for (const auto& c : cases) {
        const auto scores = c["scores"].get<std::vector<double>>();
        const auto labels = c["labels"].get<std::vector<int>>();
        const auto m = binary_metrics(scores, labels, c["threshold"].get<double>());
        INFO("case with " << scores.size() << " samples, threshold " << c["threshold"]);
        CHECK(m.auc == Approx(c["auc"].get<double>()).margin(1e-6));
        CHECK(m.average_precision == Approx(c["average_precision"].get<double>()).margin(1e-6));
        CHECK(m.accuracy == Approx(c["accuracy"].get<double>()).margin(1e-6));
        if (!c["balanced_accuracy"].is_null())
            CHECK(m.balanced_accuracy == Approx(c["balanced_accuracy"].get<double>()).margin(1e-6));
        CHECK(m.fake_recall == Approx(c["fake_recall"].get<double>()).margin(1e-6));
        CHECK(m.real_recall == Approx(c["real_recall"].get<double>()).margin(1e-6));
        CHECK(m.bias ==
              Approx(c["fake_recall"].get<double>() - c["real_recall"].get<double>()).margin(1e-6));
        CHECK(m.f1 == Approx(c["f1"].get<double>()).margin(1e-6));
        CHECK(m.log_loss == Approx(c["log_loss"].get<double>()).margin(1e-6));
        CHECK(m.true_real == c["confusion"]["true_real"].get<std::size_t>());
        CHECK(m.false_fake == c["confusion"]["false_fake"].get<std::size_t>());
        CHECK(m.false_real == c["confusion"]["false_real"].get<std::size_t>());
        CHECK(m.true_fake == c["confusion"]["true_fake"].get<std::size_t>());
        const auto roc = roc_curve(scores, labels);
        if (!c["roc"].empty()) {
            REQUIRE(roc.size() == c["roc"].size() + 1);
            for (std::size_t i = 0; i < c["roc"].size(); ++i) {
                CHECK(roc[i + 1].threshold == Approx(c["roc"][i][0].get<double>()).margin(1e-12));
                CHECK(roc[i + 1].false_positive_rate ==
                      Approx(c["roc"][i][1].get<double>()).margin(1e-6));
                CHECK(roc[i + 1].true_positive_rate ==
                      Approx(c["roc"][i][2].get<double>()).margin(1e-6));
            }
        }
    }
}

TEST_CASE("equal error rate and calibration, worked by hand", "[metrics]") {
    // Reals 0.1 0.3 0.6, fakes 0.4 0.7 0.9: at 0.6 one real of three is called
    // fake and one fake of three is missed, so the EER is 1/3 there.
    const std::vector<double> scores = {0.1, 0.3, 0.6, 0.4, 0.7, 0.9};
    const std::vector<int> labels = {0, 0, 0, 1, 1, 1};
    double eer = 0, at = 0;
    equal_error_rate(scores, labels, eer, at);
    CHECK(eer == Approx(1.0 / 3).margin(1e-12));
    CHECK(at == 0.6);
    // Balanced accuracy peaks at 5/6 both between 0.3 and 0.4 and between 0.6 and 0.7: the lower is
    // taken.
    const auto balanced = calibrate_threshold(scores, labels, CalibrationRule::BalancedAccuracy);
    CHECK(balanced.threshold == Approx(0.35).margin(1e-12));
    CHECK(binary_metrics(scores, labels, balanced.threshold).balanced_accuracy ==
          Approx(5.0 / 6).margin(1e-12));
    CHECK(balanced.source.find("6 samples") != std::string::npos);
    const auto by_eer = calibrate_threshold(scores, labels, CalibrationRule::EqualErrorRate);
    CHECK(by_eer.threshold == 0.6);
    // A model that calls everything fake (the seed's Stage 1): fake recall 1, real recall 0,
    // bias 1.
    const auto biased = binary_metrics({0.9, 0.95, 0.8, 0.99}, {0, 0, 1, 1}, 0.5);
    CHECK(biased.bias == 1.0);
    CHECK(biased.balanced_accuracy == 0.5);
    CHECK(biased.auc == 0.5);  // 0.99 outranks both reals, 0.8 neither: 2 of 4 pairs
}

TEST_CASE("calibration finds the best balanced accuracy of all thresholds", "[metrics]") {
    const auto cases = test::python_reference("metrics_reference.py 7");
    const auto scores = cases[0]["scores"].get<std::vector<double>>();
    const auto labels = cases[0]["labels"].get<std::vector<int>>();
    const auto chosen = calibrate_threshold(scores, labels, CalibrationRule::BalancedAccuracy);
    const double got = binary_metrics(scores, labels, chosen.threshold).balanced_accuracy;
    for (int t = 0; t <= 1000; ++t)
        CHECK(binary_metrics(scores, labels, t / 1000.0).balanced_accuracy <= got + 1e-12);
}
