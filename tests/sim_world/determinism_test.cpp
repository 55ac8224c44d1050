#include <boost/test/unit_test.hpp>
#include <cstring>
#include <vector>

#include "tests/sim_world/world_test_support.hpp"

using namespace pumprig;
using namespace pumprig::sim;

namespace {
// A scripted run: start, change rate, a check weight, stop; 1 Hz reads for 40 minutes.
std::vector<BalanceView> scripted_run(std::uint64_t seed, OutletMode mode) {
  WorldConfig c = default_world_config();
  c.outlet.mode = mode;
  StationWorld w(c, seed);
  std::vector<BalanceView> out;
  w.set_rate_ml_h(seconds(5), 25.0);
  w.start(seconds(5));
  for (int s = 0; s < 2400; ++s) {
    if (s == 600) w.set_rate_ml_h(seconds(s), 1.0);
    if (s == 1200) w.place_load(seconds(s), 20.0);
    if (s == 1300) w.remove_load(seconds(s));
    if (s == 2000) w.stop(seconds(s));
    out.push_back(w.read_balance(seconds(s)));
  }
  return out;
}

bool same_bits(const BalanceView& a, const BalanceView& b) {
  return std::memcmp(&a.displayed_g, &b.displayed_g, sizeof(double)) == 0 && a.decimals == b.decimals &&
         a.stable == b.stable && a.overload == b.overload && a.underload == b.underload;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(determinism)

BOOST_AUTO_TEST_CASE(same_seed_same_calls_give_bit_identical_readings) {
  for (const OutletMode mode : {OutletMode::submerged, OutletMode::drops}) {
    const auto a = scripted_run(42, mode);
    const auto b = scripted_run(42, mode);
    BOOST_REQUIRE(a.size() == b.size());
    int mismatches = 0;
    for (std::size_t i = 0; i < a.size(); ++i) mismatches += same_bits(a[i], b[i]) ? 0 : 1;
    BOOST_TEST(mismatches == 0);
  }
}

BOOST_AUTO_TEST_CASE(different_seeds_give_different_noise) {
  const auto a = scripted_run(42, OutletMode::submerged);
  const auto b = scripted_run(43, OutletMode::submerged);
  int differ = 0;
  for (std::size_t i = 0; i < a.size(); ++i) differ += a[i].displayed_g != b[i].displayed_g ? 1 : 0;
  BOOST_TEST(differ > static_cast<int>(a.size()) / 2);
}

BOOST_AUTO_TEST_CASE(earlier_times_are_treated_as_the_latest_seen) {
  StationWorld w(default_world_config(), 1);
  w.set_rate_ml_h(0, 25.0);
  w.start(0);
  const double later = w.delivered_ml(seconds(600));
  BOOST_TEST(w.delivered_ml(seconds(300)) == later);
  BOOST_TEST(w.now_s() == 600.0);
}

BOOST_AUTO_TEST_CASE(invalid_config_is_refused_with_the_field_named) {
  WorldConfig c = default_world_config();
  c.syringe.fill_ml = 70.0;
  try {
    StationWorld w(c, 1);
    BOOST_FAIL("accepted a 70 ml fill in a 60 ml syringe");
  } catch (const std::invalid_argument& e) {
    BOOST_TEST(std::string(e.what()).find("syringe.fill_ml") != std::string::npos);
  }
}

BOOST_AUTO_TEST_SUITE_END()
