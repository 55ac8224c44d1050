// What a run may claim: an instrument past its calibration date stops it before anything moves
// unless the operator accepts the deviation (which the record and the report then carry), and a
// test without limits is measured (exit 0), never a pass; a run claims only the stations it used.
#include <boost/test/unit_test.hpp>

#include <fmt/format.h>

#include "rig/session/exit_codes.hpp"
#include "tests/run/run_support.hpp"
#include "tests/support/sim_bench_fixture.hpp"

namespace fs = std::filesystem;
using namespace pumprig;
using namespace pumprig::test;

namespace {

// Two minutes at 25 ml/h, analysed over its second minute; limits as given.
std::string scenario_text(const std::string& limits) {
  return fmt::format(R"(schema: pumprig.scenario/1
id: short-accuracy
title: A short accuracy run
applies_to: [syringe]
steps:
  - tare
  - set_pump: {{ rate: 25 ml/h }}
  - start_pump
  - record: 2 min
  - stop_pump
analysis:
  accuracy:
    sample_interval: 30 s
    analysis_period: [1 min, 2 min]
    observation_windows: [30 s]
{})",
                     limits);
}

// The one-station bench with its balance's calibration due on `due`.
fs::path bench_with_balance_due(const TempDir& tmp, const std::string& due) {
  return one_station_sim_bench_with(tmp.path() / "bench.yaml", "calibration_due: 2030-06-30", "calibration_due: " + due);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(honest_verdicts)

BOOST_AUTO_TEST_CASE(an_overdue_balance_stops_the_run_before_anything_moves) {
  TempDir tmp;
  write_text(tmp.path() / "s.yaml", scenario_text("    limits: { mean_error: 5 % }\n"));
  RunOptions o = options(tmp.path() / "s.yaml", tmp.path() / "out");
  o.fixture_path = bench_with_balance_due(tmp, "2020-01-31").string();
  const RunOutcome r = run(o);
  BOOST_TEST(r.report.exit_code == kExitUsage);
  BOOST_TEST(r.report.run_dir.empty());
  BOOST_TEST(!fs::exists(tmp.path() / "out"));
  BOOST_TEST(r.err.find("calibration overdue") != std::string::npos, r.err);
  BOOST_TEST(r.err.find("station-1 balance-1: calibration was due 2020-01-31") != std::string::npos, r.err);
  BOOST_TEST(r.err.find("--accept-deviation calibration") != std::string::npos, r.err);
}

BOOST_AUTO_TEST_CASE(an_accepted_deviation_is_in_the_record_and_on_every_report_page) {
  TempDir tmp;
  write_text(tmp.path() / "s.yaml", scenario_text("    limits: { mean_error: 5 % }\n"));
  RunOptions o = options(tmp.path() / "s.yaml", tmp.path() / "out");
  o.fixture_path = bench_with_balance_due(tmp, "2020-01-31").string();
  o.accept_deviations = {"calibration"};
  const RunOutcome r = run(o);
  BOOST_TEST_INFO(r.err);
  BOOST_TEST(r.report.exit_code == kExitPass);
  BOOST_TEST(r.err.find("DEVIATION: calibration overdue, accepted by the operator") != std::string::npos, r.err);
  const auto run_json = read_json(tmp.path() / "out" / "run.json");
  BOOST_REQUIRE(run_json.at("accepted_deviations").size() == 1u);
  BOOST_TEST(run_json.at("accepted_deviations")[0].get<std::string>().find("balance-1: calibration was due 2020-01-31") !=
             std::string::npos);
  // Who ran it, where, with what build.
  BOOST_TEST(!run_json.at("user").get<std::string>().empty());
  BOOST_TEST(!run_json.at("host").get<std::string>().empty());
  BOOST_TEST(run_json.at("software_version").get<std::string>() == PUMPRIG_VERSION);
  BOOST_TEST(!run_json.at("source_revision").get<std::string>().empty());
  const std::string html = read_text(tmp.path() / "out" / "report.html");
  BOOST_TEST(html.find("Deviations accepted by the operator") != std::string::npos);
  BOOST_TEST(html.find("ACCEPTED DEVIATION") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_test_without_limits_is_measured_and_exits_0) {
  TempDir tmp;
  write_text(tmp.path() / "s.yaml", scenario_text(""));
  const RunOutcome r = run(options(tmp.path() / "s.yaml", tmp.path() / "out"));
  BOOST_TEST_INFO(r.err);
  BOOST_TEST(r.report.exit_code == kExitPass);
  BOOST_TEST((r.report.verdict.outcome == OverallVerdict::measured));
  BOOST_TEST(r.report.verdict.reason.find("no acceptance limits") != std::string::npos, r.report.verdict.reason);
  BOOST_TEST(r.out.find("overall verdict: MEASURED") != std::string::npos, r.out);
  BOOST_TEST(r.out.find("PASS") == std::string::npos, r.out);
  const auto result = read_json(tmp.path() / "out" / "result.json");
  BOOST_TEST(result.at("tests")[0].at("verdict").get<std::string>() == "measured");
  // Its numbers still carry their uncertainty.
  BOOST_TEST(result.at("tests")[0].at("mean_error_pct_uncertainty").at("expanded").get<double>() > 0.0);
}

BOOST_AUTO_TEST_CASE(the_pumps_reset_at_power_up_is_an_event_not_an_alarm) {
  TempDir tmp;
  write_text(tmp.path() / "s.yaml", scenario_text("    limits: { mean_error: 5 % }\n"));
  const RunOutcome r = run(options(tmp.path() / "s.yaml", tmp.path() / "out"));
  BOOST_TEST_INFO(r.err);
  const auto events = read_events(tmp.path() / "out");
  // The simulated NE-1000 answers its first poll with A?R, as a real one does after power-up.
  BOOST_TEST(any_message_contains(events, "info", "A?R (the pump powered up) reported at connect and cleared"));
  BOOST_TEST(!any_message_contains(events, "alarm", "A?R"));
}

BOOST_AUTO_TEST_CASE(the_report_shows_each_budget_and_where_the_limits_come_from) {
  TempDir tmp;
  write_text(tmp.path() / "s.yaml", scenario_text("    limits: { source: \"IFU rev C, section 4.2\", mean_error: 5 % }\n"));
  const RunOutcome r = run(options(tmp.path() / "s.yaml", tmp.path() / "out"));
  BOOST_TEST_INFO(r.err);
  const std::string html = read_text(tmp.path() / "out" / "report.html");
  BOOST_TEST(html.find("Uncertainty budgets") != std::string::npos);
  BOOST_TEST(html.find("Source of the limits: IFU rev C, section 4.2") != std::string::npos);
  BOOST_TEST(html.find("Expanded uncertainty U (k = 2)") != std::string::npos);
  BOOST_TEST(html.find("balance repeatability") != std::string::npos);
  BOOST_TEST(html.find("Mean error A") != std::string::npos);
  const auto result = read_json(tmp.path() / "out" / "result.json");
  const auto& check = result.at("tests")[0].at("checks")[0];
  BOOST_TEST(check.at("limit_source").get<std::string>() == "IFU rev C, section 4.2");
  BOOST_TEST(check.at("uncertainty").get<double>() ==
             result.at("tests")[0].at("mean_error_pct_uncertainty").at("expanded").get<double>());
}

BOOST_AUTO_TEST_CASE(a_station_the_scenario_does_not_use_is_neither_opened_nor_recorded_nor_reported) {
  TempDir tmp;
  // The default bench: station-1 a syringe pump, station-2 a volumetric one; this runs on syringes.
  write_text(tmp.path() / "s.yaml", scenario_text("    limits: { mean_error: 5 % }\n"));
  RunOptions o = options(tmp.path() / "s.yaml", tmp.path() / "out");
  o.fixture_path.reset();
  const RunOutcome r = run(o);
  BOOST_TEST_INFO(r.err);
  BOOST_TEST(r.report.exit_code == kExitPass);
  const auto run_json = read_json(tmp.path() / "out" / "run.json");
  BOOST_REQUIRE(run_json.at("stations").size() == 1u);
  BOOST_TEST(run_json.at("stations")[0].at("id").get<std::string>() == "station-1");
  for (const auto& [name, _] : run_json.at("instruments").items()) BOOST_TEST(name.back() == '1', name);
  for (const auto& e : fs::directory_iterator(tmp.path() / "out"))
    BOOST_TEST(e.path().filename().string().find("-2.") == std::string::npos, e.path());  // no wire-io-2.log, ...
  const std::string html = read_text(tmp.path() / "out" / "report.html");
  BOOST_TEST(html.find("station-2") == std::string::npos);
  BOOST_TEST(html.find("What is missing or damaged") == std::string::npos);
  BOOST_TEST(html.find("not reported") == std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
