#include <boost/test/unit_test.hpp>

#include "rig/runner/flow_watch.hpp"

using namespace pumprig;

BOOST_AUTO_TEST_SUITE(flow_watch)

BOOST_AUTO_TEST_CASE(threshold_is_a_quarter_of_the_expected_mass_with_a_floor) {
  // 25 ml/h for 30 s at 0.998 g/ml is 0.20792 g; a quarter is 0.05198 g.
  BOOST_TEST(FlowWatch::threshold_for(25.0, 0.998, seconds(30)) == 0.25 * 25.0 / 120.0 * 0.998, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(FlowWatch::threshold_for(0.01, 0.998, seconds(30)) == 0.001);
  // A coarse balance: never under ten displayed steps (1 mg readability: 10 mg).
  BOOST_TEST(FlowWatch::threshold_for(1.0, 1.0, seconds(30), 0.001) == 0.01, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(FlowWatch::threshold_for(25.0, 1.0, seconds(30), 0.00001) == 0.25 * 25.0 / 120.0, boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(flow_is_detected_when_the_mass_rises_past_the_threshold) {
  FlowWatch w(FlowWatch::Expect::flow, 0.05, seconds(30), seconds(10), 1.0);
  BOOST_TEST(!w.feed(seconds(5), 2.0));  // before watching began: ignored
  BOOST_TEST(!w.feed(seconds(11), 1.01));
  BOOST_TEST(!w.feed(seconds(12), 1.049));
  const auto t = w.feed(seconds(13), 1.06);
  BOOST_REQUIRE(t);
  BOOST_TEST(*t == seconds(13));
}

BOOST_AUTO_TEST_CASE(no_flow_needs_a_full_quiet_window) {
  FlowWatch w(FlowWatch::Expect::no_flow, 0.01, seconds(30), 0, std::nullopt);
  // Still rising for the first 20 s, then flat.
  for (int s = 0; s <= 20; ++s) BOOST_TEST(!w.feed(seconds(s), 0.01 * s));
  std::optional<Nanos> seen;
  for (int s = 21; s <= 60 && !seen; ++s) seen = w.feed(seconds(s), 0.2 + 0.0001 * (s % 2));
  BOOST_REQUIRE(seen);
  BOOST_TEST(*seen == seconds(50));  // the first moment the last 30 s were all flat
}

BOOST_AUTO_TEST_CASE(no_flow_is_never_confirmed_while_the_mass_keeps_rising) {
  FlowWatch w(FlowWatch::Expect::no_flow, 0.01, seconds(30), 0, std::nullopt);
  for (int s = 0; s <= 600; ++s) BOOST_TEST(!w.feed(seconds(s), 0.001 * s));
}

BOOST_AUTO_TEST_SUITE_END()
