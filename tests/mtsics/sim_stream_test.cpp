// The simulated balance's streams (issue 12, item 2): SIR at the configured update rate, SR and
// SNR sending weights on change, and what ends them (@, C, another stream).
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <string>

#include "tests/mtsics/sim_bench.hpp"

using namespace pumprig;
using pumprig::sim::SimMtsicsOptions;
using pumprig::test::count_of;
using Bench = pumprig::test::SimBalanceBench;

namespace {

SimMtsicsOptions at_rate(double hz) {
  SimMtsicsOptions o;
  o.update_rate_hz = hz;
  return o;
}

// Runs the loop for `d` and returns what arrived in that time.
std::string run_for(Bench& b, Nanos d) {
  b.received.clear();
  b.arrivals.clear();
  b.loop.run_until(b.loop.now() + d);
  return b.received;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(mtsics_simulator_streams)

BOOST_AUTO_TEST_CASE(sir_sends_as_many_lines_per_simulated_second_as_the_update_rate) {
  for (const int hz : {2, 5, 6, 10}) {
    BOOST_TEST_CONTEXT(hz << " updates per second") {
      Bench b(at_rate(hz));
      b.ask("SIR\r\n", seconds(4));
      BOOST_TEST_REQUIRE(b.arrivals.size() >= static_cast<std::size_t>(3 * hz));
      // Counted in whole simulated seconds from the first line: exactly the rate in each.
      const Nanos first = b.arrivals.front();
      for (int s = 0; s < 3; ++s) {
        std::size_t in_second = 0;
        for (const Nanos t : b.arrivals) in_second += t >= first + seconds(s) && t < first + seconds(s + 1);
        BOOST_TEST(in_second == static_cast<std::size_t>(hz));
      }
      BOOST_TEST(count_of(b.received, "S S    12.3456 g\r\n") == b.arrivals.size());
      // On a grid from the command: the k-th line k / rate after the first, never drifting.
      for (std::size_t k = 0; k < b.arrivals.size(); ++k)
        BOOST_TEST(b.arrivals[k] - first == std::llround(static_cast<double>(k) * 1e9 / hz));
    }
  }
}

BOOST_AUTO_TEST_CASE(sr_sends_the_stable_weight_then_a_change_as_dynamic_and_stable_until_reset) {
  Bench b;
  BOOST_TEST(b.ask("SR\r\n") == "S S    12.3456 g\r\n");  // the current stable weight at once
  BOOST_TEST(b.balance->streaming());
  BOOST_TEST(run_for(b, seconds(2)).empty());  // nothing while the weight stays
  // A load change beyond the default (12.5 % of 12.3456 g): the first reading that sees it as
  // dynamic, once, then the next stable weight.
  b.physics.set(20.0, false);
  BOOST_TEST(run_for(b, seconds(1)) == "S D    20.0000 g\r\n");
  b.physics.set(20.01, true);
  BOOST_TEST(run_for(b, seconds(1)) == "S S    20.0100 g\r\n");
  // Less than 12.5 % of 20.01 g: not a change.
  b.physics.set(21.5, false);
  BOOST_TEST(run_for(b, milliseconds(500)).empty());
  b.physics.set(21.5, true);
  BOOST_TEST(run_for(b, seconds(1)).empty());
  // A change that is already stable when the balance sees it: the stable weight alone.
  b.physics.set(30.0, true);
  BOOST_TEST(run_for(b, seconds(1)) == "S S    30.0000 g\r\n");
  // @ ends it: its answer, then nothing whatever the load does.
  BOOST_TEST(b.ask("@\r\n", milliseconds(100)) == "I4 A \"SIM-B0001\"\r\n");
  BOOST_TEST(!b.balance->streaming());
  b.physics.set(100.0, false);
  BOOST_TEST(run_for(b, seconds(2)).empty());
  b.physics.set(100.0, true);
  BOOST_TEST(run_for(b, seconds(2)).empty());
}

BOOST_AUTO_TEST_CASE(sr_lines_come_on_the_update_grid) {
  Bench b(at_rate(2));
  b.ask("SR\r\n", milliseconds(300));
  b.physics.set(40.0, false);
  b.loop.run_until(b.loop.now() + milliseconds(1300));
  b.physics.set(40.0, true);
  b.loop.run_until(b.loop.now() + milliseconds(1300));
  BOOST_TEST(b.received == "S S    12.3456 g\r\nS D    40.0000 g\r\nS S    40.0000 g\r\n");
  BOOST_TEST_REQUIRE(b.arrivals.size() == 3u);
  // All three lines are 18 bytes, so each arrives a whole number of update periods (500 ms) after
  // the first: the change is seen at the first update after it (at 0.5 s), the stable weight at
  // the first update after that (at 2 s).
  BOOST_TEST(b.arrivals[1] - b.arrivals[0] == milliseconds(500));
  BOOST_TEST(b.arrivals[2] - b.arrivals[0] == milliseconds(2000));
}

BOOST_AUTO_TEST_CASE(sr_with_a_preset_counts_changes_beyond_it) {
  Bench b;
  BOOST_TEST(b.ask("SR 0.5 g\r\n") == "S S    12.3456 g\r\n");
  b.physics.set(12.8, false);  // 0.4544 g: not beyond the preset
  BOOST_TEST(run_for(b, seconds(1)).empty());
  b.physics.set(12.9, false);  // 0.5544 g
  BOOST_TEST(run_for(b, seconds(1)) == "S D    12.9000 g\r\n");
  b.physics.set(12.9, true);
  BOOST_TEST(run_for(b, seconds(1)) == "S S    12.9000 g\r\n");
  // The same preset in mg.
  BOOST_TEST(b.ask("SR 500 mg\r\n") == "S S    12.9000 g\r\n");  // a new SR replaces the old one
  b.physics.set(13.5, true);
  BOOST_TEST(run_for(b, seconds(1)) == "S S    13.5000 g\r\n");
}

BOOST_AUTO_TEST_CASE(sr_and_snr_refuse_bad_presets) {
  Bench b;
  for (const std::string word : {"SR", "SNR"})
    for (const std::string bad : {" 5", " 0 g", " 1 lb", " 500 g", " -1 g", " g 1", " 1 g 2"}) {
      BOOST_TEST_CONTEXT("request " << word + bad) {
        BOOST_TEST(b.ask(word + bad + "\r\n") == "S L\r\n");
        BOOST_TEST(!b.balance->streaming());
      }
    }
}

BOOST_AUTO_TEST_CASE(sr_waits_for_a_stable_weight_first) {
  Bench b;
  b.physics.set(5.0, false);
  BOOST_TEST(b.ask("SR\r\n", seconds(3)).empty());
  b.physics.set(5.0, true);
  BOOST_TEST(run_for(b, seconds(1)) == "S S     5.0000 g\r\n");
}

BOOST_AUTO_TEST_CASE(sr_sends_overload_once_and_then_the_next_stable_weight) {
  Bench b;
  b.ask("SR\r\n");
  b.physics.view.overload = true;
  BOOST_TEST(run_for(b, seconds(2)) == "S +\r\n");
  b.physics.set(50.0, true);
  BOOST_TEST(run_for(b, seconds(1)) == "S S    50.0000 g\r\n");
}

BOOST_AUTO_TEST_CASE(snr_sends_only_stable_weights) {
  Bench b;
  BOOST_TEST(b.ask("SNR\r\n") == "S S    12.3456 g\r\n");
  b.physics.set(20.0, false);
  BOOST_TEST(run_for(b, seconds(2)).empty());  // no S D line
  b.physics.set(20.0, true);
  BOOST_TEST(run_for(b, seconds(1)) == "S S    20.0000 g\r\n");
  b.physics.set(20.1, true);  // within 12.5 %
  BOOST_TEST(run_for(b, seconds(1)).empty());
  b.physics.set(10.0, false);
  run_for(b, seconds(1));
  b.physics.set(10.0, true);
  BOOST_TEST(run_for(b, seconds(1)) == "S S    10.0000 g\r\n");
  BOOST_TEST(b.ask("SNR 1 g\r\n") == "S S    10.0000 g\r\n");
  b.physics.set(10.9, true);
  BOOST_TEST(run_for(b, seconds(1)).empty());
  b.physics.set(11.1, true);
  BOOST_TEST(run_for(b, seconds(1)) == "S S    11.1000 g\r\n");
}

BOOST_AUTO_TEST_CASE(c_ends_sr_and_snr) {
  for (const std::string word : {"SR", "SNR"}) {
    BOOST_TEST_CONTEXT(word) {
      Bench b;
      b.ask(word + "\r\n");
      BOOST_TEST(b.ask("C\r\n", milliseconds(200)) == "C B\r\nC A\r\n");
      BOOST_TEST(!b.balance->streaming());
      b.physics.set(100.0, true);
      BOOST_TEST(run_for(b, seconds(2)).empty());
    }
  }
}

BOOST_AUTO_TEST_CASE(other_commands_are_answered_while_sr_streams) {
  Bench b;
  b.ask("SR\r\n");
  BOOST_TEST(b.ask("SI\r\n") == "S S    12.3456 g\r\n");
  BOOST_TEST(b.ask("TA\r\n") == "TA A     0.0000 g\r\n");
  BOOST_TEST(b.balance->streaming());
  b.physics.set(30.0, true);
  BOOST_TEST(run_for(b, seconds(1)) == "S S    30.0000 g\r\n");
  // SIR replaces it: every update from now on.
  BOOST_TEST(count_of(b.ask("SIR\r\n", seconds(1)), "S S    30.0000 g\r\n") == 5u);
}

BOOST_AUTO_TEST_SUITE_END()
