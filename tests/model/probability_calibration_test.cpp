// Temperature scaling, log loss and expected calibration error against SciPy
// and scikit-learn (through the Python reference), and by hand.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "interceptor/model/metrics/probability_calibration.h"
#include "support/python_reference.h"

using namespace interceptor;

TEST_CASE("temperature scaling and calibration figures match SciPy and scikit-learn",
          "[metrics][calibration]") {
    const auto cases = test::python_reference("calibration_reference.py 11");
    REQUIRE(cases.size() == 2);
    for (const auto& c : cases) {
        const auto margins = c["margins"].get<std::vector<double>>();
        const auto labels = c["labels"].get<std::vector<int>>();
        const double t = fit_temperature(margins, labels);
        INFO("reference temperature " << c["temperature"] << ", ours " << t);
        CHECK(t == Approx(c["temperature"].get<double>()).epsilon(1e-5));
        CHECK(log_loss(scaled_probabilities(margins, 1.0), labels) ==
              Approx(c["log_loss_before"].get<double>()).margin(1e-9));
        const auto after = scaled_probabilities(margins, t);
        CHECK(log_loss(after, labels) == Approx(c["log_loss_after"].get<double>()).margin(1e-9));
        CHECK(expected_calibration_error(scaled_probabilities(margins, 1.0), labels) ==
              Approx(c["ece_before"].get<double>()).margin(1e-9));
        CHECK(expected_calibration_error(after, labels) ==
              Approx(c["ece_after"].get<double>()).margin(1e-6));
        CHECK(log_loss(after, labels) < log_loss(scaled_probabilities(margins, 1.0), labels));
    }
}

TEST_CASE("calibration figures by hand", "[metrics][calibration]") {
    // Bins of 0.5 width: {0.1, 0.2, 0.4} with one fake -> |1/3 - 0.7/3|; {0.6, 0.9} with two -> |1
    // - 0.75|.
    const std::vector<double> p{0.1, 0.2, 0.4, 0.6, 0.9};
    const std::vector<int> y{0, 1, 0, 1, 1};
    CHECK(expected_calibration_error(p, y, 2) ==
          Approx((3 * (1.0 / 3 - 0.7 / 3) + 2 * 0.25) / 5).margin(1e-12));
    // 1.0 falls in the last bin.
    CHECK(expected_calibration_error({1.0}, {1}, 10) == Approx(0.0).margin(1e-12));
    CHECK(log_loss({0.5, 0.5}, {0, 1}) == Approx(std::log(2.0)).margin(1e-12));
    // A margin of 2 at T = 2 is a margin of 1.
    CHECK(scaled_probabilities({2.0}, 2.0)[0] == Approx(1 / (1 + std::exp(-1.0))).margin(1e-12));
    // Perfectly separated margins: as confident as allowed.
    CHECK(fit_temperature({-1, -2, 3, 1}, {0, 0, 1, 1}) == Approx(0.05).epsilon(1e-6));
    CHECK(fit_temperature({}, {}) == 1.0);
    CHECK_THROWS(log_loss({0.5}, {0, 1}));
    // Those fits sit on the bounds, and say so; confidently wrong margins go to the upper one.
    CHECK(on_temperature_bound(fit_temperature({-1, -2, 3, 1}, {0, 0, 1, 1})));
    CHECK(on_temperature_bound(fit_temperature({5, 6, -5, -6}, {0, 0, 1, 1})));
    CHECK(fit_temperature({5, 6, -5, -6}, {0, 0, 1, 1}) == Approx(20).epsilon(1e-6));
    // A mixed set fits inside.
    const double inside = fit_temperature({2, -1, 1, -2, 0.5}, {1, 0, 0, 1, 1});
    CHECK_FALSE(on_temperature_bound(inside));
}
