// A simulated run is a function of its seed: the same seed gives the very same samples, byte for
// byte, a different seed different ones.
#include <boost/test/unit_test.hpp>

#include "hardware/sim/simulated_bench.hpp"
#include "rig/session/exit_codes.hpp"
#include "rig/core/event_loop.hpp"
#include "tests/run/run_support.hpp"

namespace fs = std::filesystem;
using namespace pumprig;
using namespace pumprig::test;

BOOST_AUTO_TEST_SUITE(run_determinism)

BOOST_AUTO_TEST_CASE(same_seed_same_samples_other_seed_other_samples) {
  TempDir tmp;
  auto run_with_seed = [&](const std::string& name, std::uint64_t seed) {
    RunOptions o = options("scenarios/iec-accuracy-25mlh.yaml", tmp.path() / name);
    o.seed = seed;
    const RunOutcome r = run(o);
    BOOST_TEST_INFO(r.err);
    BOOST_REQUIRE_EQUAL(r.report.exit_code, kExitPass);
    BOOST_TEST(read_json(tmp.path() / name / "run.json").at("seed").get<std::uint64_t>() == seed);
    return r;
  };
  const RunOutcome a = run_with_seed("a", 7);
  const RunOutcome b = run_with_seed("b", 7);
  const RunOutcome c = run_with_seed("c", 8);

  const std::string samples_a = read_text(tmp.path() / "a" / "samples-station-1.csv");
  const std::string samples_b = read_text(tmp.path() / "b" / "samples-station-1.csv");
  const std::string samples_c = read_text(tmp.path() / "c" / "samples-station-1.csv");
  BOOST_TEST(samples_a.size() > 100000u);
  BOOST_TEST((samples_a == samples_b), "same seed, different samples");
  BOOST_TEST((samples_a != samples_c), "different seeds, same samples");
  // The wire traffic (in virtual time) is reproducible too, and so are the results.
  BOOST_TEST((read_text(tmp.path() / "a" / "wire-balance-1.log") == read_text(tmp.path() / "b" / "wire-balance-1.log")));
  BOOST_TEST((read_text(tmp.path() / "a" / "wire-pump-1.log") == read_text(tmp.path() / "b" / "wire-pump-1.log")));
  BOOST_TEST(to_json(*a.report.result).at("tests") == to_json(*b.report.result).at("tests"));
  BOOST_TEST(to_json(*a.report.result).at("tests") != to_json(*c.report.result).at("tests"));
}

BOOST_AUTO_TEST_CASE(looking_at_the_truth_does_not_disturb_the_run) {
  // The end-to-end accuracy test compares the record with the world's truth at every balance
  // read; asking the world for it must not change what the balance shows.
  TempDir tmp;
  RunOptions plain = options("scenarios/iec-accuracy-25mlh.yaml", tmp.path() / "plain");
  RunOptions observed = options("scenarios/iec-accuracy-25mlh.yaml", tmp.path() / "observed");
  std::size_t looks = 0;
  observed.before_start = [&looks](EventLoop&, sim::SimulatedBench* bench) {
    sim::StationWorld* world = bench->world("station-1");
    bench->balance("station-1")->set_observer([&looks, world](Nanos t, const sim::BalanceView&, double) {
      ++looks;
      world->true_vessel_mass_g(t);
      world->settled_balance_g(t);
      world->delivered_ml(t);
    });
  };
  BOOST_REQUIRE_EQUAL(run(plain).report.exit_code, kExitPass);
  BOOST_REQUIRE_EQUAL(run(observed).report.exit_code, kExitPass);
  BOOST_TEST(looks > 7200u);
  BOOST_TEST((read_text(tmp.path() / "plain" / "samples-station-1.csv") ==
              read_text(tmp.path() / "observed" / "samples-station-1.csv")));
}

BOOST_AUTO_TEST_SUITE_END()
