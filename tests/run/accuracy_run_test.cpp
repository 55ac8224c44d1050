// End to end: the IEC accuracy scenarios on the embedded simulated bench, through run_scenario
// (what `pumprig run` does), checked against the record and against the simulated physics.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include "hardware/sim/simulated_bench.hpp"
#include "rig/session/exit_codes.hpp"
#include "rig/core/event_loop.hpp"
#include "rig/record/csv_readings.hpp"
#include "rig/record/run_reader.hpp"
#include "tests/run/run_support.hpp"

namespace fs = std::filesystem;
using namespace pumprig;
using namespace pumprig::test;

namespace {

// One look of the simulated balance at the physics, with the truth at that instant.
struct Look {
  Nanos t_ns;
  double displayed_g;  // what the display showed (noise, settling, rounding)
  double net_g;        // what the balance sends: displayed minus zero offset and tare
  double tare_g;       // zero offset + tare memory at that instant
  double true_g;       // vessel + fluid received - evaporated + placed load
  double settled_g;    // the weighing cell's settled value before noise and rounding
};

const nlohmann::json& accuracy_test(const nlohmann::json& result) {
  for (const auto& t : result.at("tests"))
    if (t.value("kind", "") == "accuracy") return t;
  throw std::runtime_error("no accuracy test in result.json");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(accuracy_run)

BOOST_AUTO_TEST_CASE(two_hour_run_at_25_ml_h_is_recorded_analysed_and_matches_the_physics) {
  TempDir tmp;
  const fs::path dir = tmp.path() / "run";
  RunOptions o = options("scenarios/iec-accuracy-25mlh.yaml", dir);

  std::vector<Look> looks;
  double rate_error_pct = 0, evaporation_mg_h = 0, tau_s = 0, resolution_g = 0, noise_g = 0, density = 0;
  o.before_start = [&](EventLoop&, sim::SimulatedBench* bench) {
    BOOST_REQUIRE(bench);
    sim::StationWorld* world = bench->world("station-1");
    sim::SimMtsicsBalance* balance = bench->balance("station-1");
    BOOST_REQUIRE(world && balance);
    const auto& c = world->config();
    rate_error_pct = c.drive.rate_error_fraction * 100.0;
    evaporation_mg_h = c.vessel.oil_layer ? c.vessel.evaporation_with_oil_mg_h : c.vessel.evaporation_open_mg_h;
    tau_s = c.balance.settling_tau_s;
    resolution_g = c.balance.resolution_g;
    noise_g = c.balance.noise_std_g;
    density = c.vessel.density_g_ml;
    balance->set_observer([&looks, world, balance](Nanos t, const sim::BalanceView& v, double net_g) {
      looks.push_back(Look{t, v.displayed_g, net_g, balance->zero_offset_g() + balance->tare_g(),
                           world->true_vessel_mass_g(t), world->settled_balance_g(t)});
    });
  };
  const RunOutcome r = run(o);
  BOOST_TEST_INFO(r.err);
  BOOST_REQUIRE_EQUAL(r.report.exit_code, kExitPass);
  BOOST_TEST(r.report.run_dir == dir);

  // run.json: finished, simulated, the instruments with their SIM- serial numbers.
  const nlohmann::json run_json = read_json(dir / "run.json");
  BOOST_TEST(run_json.at("status").get<std::string>() == "finished");
  BOOST_TEST(run_json.at("provenance").get<std::string>() == "simulated");
  for (const char* instrument : {"balance-1", "pump-1"}) {
    BOOST_TEST_CONTEXT(instrument) {
      BOOST_REQUIRE(run_json.at("instruments").contains(instrument));
      const std::string serial = run_json["instruments"][instrument].value("serial", "");
      BOOST_TEST(serial.rfind("SIM-", 0) == 0u, "serial '" << serial << "'");
      BOOST_TEST(!run_json["instruments"][instrument].value("model", "").empty());
    }
  }
  // The balance's I1 and I5, read at connect; instruments that state no software number have no key.
  BOOST_TEST(run_json["instruments"]["balance-1"].value("protocol", "") == "MT-SICS level 012, V0 2.20, V1 2.20, V2 2.20");
  BOOST_TEST(run_json["instruments"]["balance-1"].value("software_number", "") == "SIM-00000000A");
  BOOST_TEST(!run_json["instruments"]["pump-1"].contains("software_number"));

  // The record reads back: samples with the analysis's own reader, events, wire logs.
  const CsvReadings samples = read_readings_csv((dir / "samples-station-1.csv").string());
  BOOST_TEST(samples.notes.empty());
  const auto after_start = std::count_if(samples.readings.begin(), samples.readings.end(),
                                         [](const MassReading& m) { return m.t_s >= 0; });
  // 1 Hz for 7200 s, up to the first reading at or after the end of the record step.
  BOOST_TEST(after_start >= 7200);
  BOOST_TEST(after_start <= 7205);
  BOOST_TEST(std::is_sorted(samples.readings.begin(), samples.readings.end(),
                            [](const MassReading& a, const MassReading& b) { return a.t_s < b.t_s; }));

  const RunFolderContents folder = load_run_folder(dir);
  BOOST_TEST((folder.status == RunStatus::finished));
  BOOST_TEST(!folder.interrupted);
  BOOST_TEST(folder.notes.empty());
  BOOST_TEST(folder.events.size() > 10u);
  BOOST_TEST(folder.samples.count("station-1") == 1u);
  for (const char* instrument : {"balance-1", "pump-1"}) {
    BOOST_TEST_CONTEXT(instrument) {
      BOOST_REQUIRE(folder.wire_logs.count(instrument) == 1u);
      BOOST_TEST(fs::file_size(folder.wire_logs.at(instrument)) > 10000u);
    }
  }
  const auto events = read_events(dir);
  // A clean run needs no retries: every exchange, including the check weight's S, is answered
  // within its timeout (a fault test relies on this to see its own retry).
  BOOST_TEST(events_of_kind(events, "retry").empty());
  BOOST_TEST(events_of_kind(events, "abort").empty());
  BOOST_TEST(events_of_kind(events, "check_weight").size() == 2u);

  // result.json: the accuracy test, mean error near the simulated rate error less what
  // evaporates (the analysis is not told about evaporation), trumpet windows per IEC.
  const nlohmann::json result = read_json(dir / "result.json");
  BOOST_TEST(result.at("schema").get<std::string>() == "pumprig.result/2");
  BOOST_REQUIRE(r.report.result.has_value());
  BOOST_TEST(result == to_json(*r.report.result));
  BOOST_TEST(result.at("run").at("status").get<std::string>() == "finished");
  // Each station's check weight is a typed check: its reading, centred on the nominal mass, held
  // to the tolerance (a number, not the text schema 1 wrote).
  for (const auto& st : result.at("run").at("stations")) {
    BOOST_REQUIRE_EQUAL(st.at("checks").size(), 1u);
    const auto& cw = st.at("checks").at(0);
    BOOST_TEST(cw.at("quantity").get<std::string>() == "check_weight_g");
    BOOST_TEST(cw.at("unit").get<std::string>() == "g");
    BOOST_TEST(cw.at("comparison").get<std::string>() == "abs<=");
    BOOST_TEST(cw.at("limit").is_number());
    BOOST_TEST(cw.at("nominal").is_number());
    BOOST_TEST(cw.at("deviation_g").get<double>() == cw.at("value").get<double>() - cw.at("nominal").get<double>());
    BOOST_TEST(cw.at("verdict").get<std::string>() == "pass");
  }
  const nlohmann::json& acc = accuracy_test(result);
  BOOST_TEST(acc.at("verdict").get<std::string>() == "pass");
  const double set_rate_ml_h = acc.at("rate_ml_h").get<double>();
  BOOST_TEST(set_rate_ml_h == 25.0);
  const double expected_error_pct =
      rate_error_pct - 100.0 * evaporation_mg_h / 1000.0 / (set_rate_ml_h * density);
  BOOST_TEST(std::fabs(acc.at("mean_error_pct").get<double>() - expected_error_pct) < 0.02);
  const std::vector<std::int64_t> expected_windows{117, 111, 99, 83, 59};
  BOOST_REQUIRE_EQUAL(acc.at("trumpet").size(), expected_windows.size());
  for (std::size_t i = 0; i < expected_windows.size(); ++i) {
    BOOST_TEST(acc["trumpet"][i].at("windows").get<std::int64_t>() == expected_windows[i]);
    BOOST_TEST(acc["trumpet"][i].at("windows_expected").get<std::int64_t>() == expected_windows[i]);
  }

  // The record against the physics. Every sample is the net weight the simulated balance sent
  // for the poll it answers: the last look at the physics before the line arrived (the driver
  // keeps the wire half-duplex, so no other look comes between an SI and its reply).
  BOOST_REQUIRE(!looks.empty());
  const double t0 = t0_s(events);
  const Nanos t0_ns = from_seconds(t0);
  for (const MassReading& m : samples.readings) {
    const Nanos t = t0_ns + from_seconds(m.t_s);
    const auto after = std::upper_bound(looks.begin(), looks.end(), t, [](Nanos v, const Look& l) { return v < l.t_ns; });
    BOOST_REQUIRE(after != looks.begin());
    const Look& look = *std::prev(after);
    BOOST_TEST_CONTEXT("sample at t = " << m.t_s << " s") {
      // Reply latency plus the line at 9600 baud: some tens of ms.
      BOOST_TEST(to_seconds(t - look.t_ns) < 0.1);
      BOOST_TEST(std::fabs(m.mass_g - look.net_g) <= 0.5 * resolution_g + 1e-9);
    }
  }

  // And the balance against the truth while the pump runs (after the check weight has gone and
  // the balance was back at zero, so the only load change is the flow):
  //  - display vs settled value: rounding (half a digit) and noise (5 sigma: ~7500 looks, so a
  //    5-sigma deviate has a chance of ~0.4 % over the run);
  //  - settled value vs true load: a first-order lag of time constant tau behind a load that
  //    grows at most at the peak flow lags by at most tau x peak flow. The peak flow is the set
  //    rate plus the simulated rate error plus the plunger ripple (the line's own lag of ~14 s
  //    only smooths it), taken as +5 % for margin.
  // Net vs true minus the balance's tare memory is their sum: resolution + 5 sigma + lag.
  const double peak_flow_g_s = set_rate_ml_h * 1.05 * density / 3600.0;
  const double lag_g = tau_s * peak_flow_g_s;
  const double noise_bound_g = 0.5 * resolution_g + 5 * noise_g + 1e-9;
  std::size_t checked = 0;
  double worst_lag_g = 0;
  for (const Look& l : looks) {
    if (l.t_ns < t0_ns) continue;
    ++checked;
    BOOST_TEST_CONTEXT("look at t = " << to_seconds(l.t_ns - t0_ns) << " s") {
      BOOST_TEST(std::fabs(l.displayed_g - l.settled_g) <= noise_bound_g);
      // The load grows (but for evaporation, 1000x slower than the flow): the display lags behind.
      BOOST_TEST(l.true_g - l.settled_g >= -1e-6);
      BOOST_TEST(l.true_g - l.settled_g <= lag_g);
      BOOST_TEST(std::fabs(l.net_g - (l.true_g - l.tare_g)) <= resolution_g + 5 * noise_g + lag_g);
    }
    worst_lag_g = std::max(worst_lag_g, l.true_g - l.settled_g);
  }
  BOOST_TEST(checked >= 7200u);
  // The lag is real, and the bound is not loose by orders of magnitude.
  BOOST_TEST(worst_lag_g > 0.5 * tau_s * set_rate_ml_h * density / 3600.0);
}

BOOST_AUTO_TEST_CASE(trumpet_curve_narrows_as_the_window_grows_at_1_ml_h) {
  TempDir tmp;
  const fs::path dir = tmp.path() / "run";
  const RunOutcome r = run(options("scenarios/iec-accuracy-1mlh.yaml", dir));
  BOOST_TEST_INFO(r.err);
  BOOST_REQUIRE_NE(r.report.exit_code, kExitUsage);
  BOOST_REQUIRE_NE(r.report.exit_code, kExitAborted);
  const nlohmann::json result = read_json(dir / "result.json");
  const nlohmann::json& acc = accuracy_test(result);
  BOOST_TEST(acc.at("rate_ml_h").get<double>() == 1.0);
  const auto& trumpet = acc.at("trumpet");
  BOOST_REQUIRE_EQUAL(trumpet.size(), 5u);
  std::vector<double> spread;
  for (const auto& p : trumpet) {
    BOOST_REQUIRE(p.at("ep_max_pct").is_number());
    BOOST_REQUIRE(p.at("ep_min_pct").is_number());
    spread.push_back(p["ep_max_pct"].get<double>() - p["ep_min_pct"].get<double>());
  }
  BOOST_TEST(trumpet.front().at("window_min").get<double>() == 2.0);
  BOOST_TEST(trumpet.back().at("window_min").get<double>() == 31.0);
  for (std::size_t i = 1; i < spread.size(); ++i)
    BOOST_TEST(spread[i] <= spread[i - 1] + 1e-12, "window " << trumpet[i]["window_min"] << ": spread " << spread[i]
                                                                << " > " << spread[i - 1]);
  BOOST_TEST(spread.back() < spread.front());
  // At 1 ml/h the balance noise and the plunger ripple are a visible part of a 2 min window.
  BOOST_TEST(spread.front() > 0.0);
}

BOOST_AUTO_TEST_SUITE_END()
