// The run index (what `pumprig run` records, history and its filters), regression comparison
// with absolute and relative tolerances, and baselines.
#include <fmt/format.h>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <functional>
#include <map>
#include <sstream>

#include <sqlite3.h>

#include "rig/cli/baseline_command.hpp"
#include "rig/cli/compare_command.hpp"
#include "rig/cli/history_command.hpp"
#include "rig/session/exit_codes.hpp"
#include "rig/config/config_error.hpp"
#include "rig/config/scenario.hpp"
#include "rig/kinds/scenario_loading.hpp"
#include "rig/index/compare.hpp"
#include "rig/index/run_index.hpp"
#include "rig/index/run_metrics.hpp"
#include "tests/integrity/integrity_support.hpp"

namespace fs = std::filesystem;
using namespace pumprig;
using namespace pumprig::test;

namespace {

std::string id_of(const RunReport& r) { return r.run_dir.filename().string(); }

std::optional<double> metric(const std::vector<RunMetric>& ms, const std::string& name) {
  for (const auto& m : ms)
    if (m.metric == name) return m.value;
  return std::nullopt;
}

struct Cmd {
  int rc;
  std::string out, err;
};

Cmd compare(CompareCommandOptions o) {
  std::ostringstream out, err;
  const int rc = run_compare(o, out, err);
  return {rc, out.str(), err.str()};
}

MetricTolerance abs_tol(double v) { return MetricTolerance{v, false, {}}; }
MetricTolerance rel_tol(double pct) { return MetricTolerance{pct, true, {}}; }

}  // namespace

BOOST_AUTO_TEST_SUITE(run_index)

BOOST_AUTO_TEST_CASE(every_run_is_indexed_with_its_digest_pump_and_metrics) {
  const SharedRuns& s = shared_runs();
  const RunIndex index = RunIndex::open_existing(s.index());
  const auto e = index.find(id_of(s.signed_run));
  BOOST_REQUIRE(e);
  BOOST_TEST(fs::equivalent(e->folder, s.signed_run.run_dir));
  BOOST_TEST(e->scenario_id == "iec-accuracy-25mlh");
  BOOST_TEST(e->status == "finished");
  BOOST_TEST(e->verdict == "pass");
  BOOST_TEST(e->provenance == "simulated");
  BOOST_TEST(e->manifest_digest == s.signed_run.manifest_digest);
  BOOST_TEST(e->signed_);
  BOOST_TEST(e->key_fingerprint == s.fingerprint);
  BOOST_TEST(!e->start_utc.empty());
  BOOST_REQUIRE_EQUAL(e->pumps.size(), 1u);
  BOOST_TEST(!e->pumps[0].serial.empty());
  // The metrics are result.json's numbers, unchanged.
  const auto test = to_json(*s.signed_run.result).at("tests").at(0);
  BOOST_TEST(metric(e->metrics, "mean_error_pct").value() == test.at("mean_error_pct").get<double>());
  BOOST_TEST(metric(e->metrics, "startup_delay_min").value() == test.at("startup_delay_min").get<double>());
  BOOST_TEST(metric(e->metrics, "trumpet_2min_ep_max_pct").value() == test.at("trumpet").at(0).at("ep_max_pct").get<double>());
  BOOST_TEST(metric(e->metrics, "trumpet_2min_ep_min_pct").value() == test.at("trumpet").at(0).at("ep_min_pct").get<double>());
  BOOST_TEST(!metric(e->metrics, "period_complete"));  // booleans are no metrics
  // The station's balance and board with the identity they reported.
  BOOST_REQUIRE_EQUAL(e->instruments.size(), 2u);
  BOOST_TEST(e->instruments[0].role == "balance");
  BOOST_TEST(e->instruments[1].role == "io_board");
  for (const auto& in : e->instruments) {
    BOOST_TEST(in.station == e->pumps[0].station);
    BOOST_TEST(!in.serial.empty());
    BOOST_TEST(!in.firmware.empty());
  }
  // With their expanded uncertainties, so compare can judge them when the folder has gone.
  auto uncertainty_of = [&](const std::string& name) {
    for (const auto& m : e->metrics)
      if (m.metric == name) return m.expanded_uncertainty;
    return std::optional<double>();
  };
  BOOST_TEST(uncertainty_of("mean_error_pct").value() == test.at("mean_error_pct_uncertainty").at("expanded").get<double>());
  BOOST_TEST(uncertainty_of("trumpet_2min_ep_max_pct").value() ==
             test.at("trumpet").at(0).at("ep_max_pct_uncertainty").at("expanded").get<double>());
  BOOST_TEST(!uncertainty_of("readings"));  // a count states none
  BOOST_TEST(index.find(id_of(s.seed2_run))->pumps.at(0).serial == "PUMP-B");
  BOOST_TEST(!index.find(id_of(s.seed2_run))->signed_);
  // Who ran it: the operator, and the OS user and host.
  BOOST_TEST(e->operator_name == "Simulated operator");
  BOOST_TEST(!e->user.empty());
  BOOST_TEST(!e->host.empty());
}

BOOST_AUTO_TEST_CASE(an_index_from_before_the_operator_and_uncertainty_columns_gets_them_and_keeps_its_runs) {
  const TempDir tmp;
  const fs::path path = tmp.path() / "old.sqlite";
  // The runs table as the first index version wrote it, with one run.
  sqlite3* db = nullptr;
  BOOST_REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  const int rc = sqlite3_exec(db,
                              "CREATE TABLE runs(id TEXT PRIMARY KEY, folder TEXT NOT NULL, start_utc TEXT, end_utc TEXT, "
                              "scenario_id TEXT, fixture TEXT, provenance TEXT, status TEXT, verdict TEXT, manifest_digest TEXT, "
                              "signed INTEGER NOT NULL DEFAULT 0, key_fingerprint TEXT, software_version TEXT, indexed_utc TEXT); "
                              "INSERT INTO runs(id, folder) VALUES ('old-run', '/runs/old-run'); "
                              "CREATE TABLE metrics(run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE, "
                              "test_id TEXT NOT NULL, station TEXT, metric TEXT NOT NULL, value REAL NOT NULL, "
                              "PRIMARY KEY(run_id, test_id, metric)); "
                              "INSERT INTO metrics VALUES ('old-run', 't', 'st', 'mean_error_pct', 0.4);",
                              nullptr, nullptr, nullptr);
  sqlite3_close(db);
  BOOST_REQUIRE(rc == SQLITE_OK);
  RunIndex index = RunIndex::open_existing(path);
  const auto old = index.find("old-run");
  BOOST_REQUIRE(old);
  BOOST_TEST(old->operator_name.empty());
  BOOST_REQUIRE_EQUAL(old->metrics.size(), 1u);
  BOOST_TEST(old->metrics[0].value == 0.4);
  BOOST_TEST(!old->metrics[0].expanded_uncertainty);  // recorded before metrics carried one
  IndexedRun fresh = *old;
  fresh.id = "new-run";
  fresh.folder = "/runs/new-run";
  fresh.operator_name = "Alice Tester";
  fresh.metrics = {RunMetric{"t", "st", "mean_error_pct", 0.5, 0.125}};
  index.record(fresh);
  BOOST_TEST(index.find("new-run")->operator_name == "Alice Tester");
  BOOST_TEST(index.find("new-run")->metrics.at(0).expanded_uncertainty.value() == 0.125);
}

BOOST_AUTO_TEST_CASE(history_filters_by_scenario_and_pump_serial) {
  const SharedRuns& s = shared_runs();
  const RunIndex index = RunIndex::open_existing(s.index());
  BOOST_TEST(index.list().size() == 3u);
  const auto by_pump = index.list(HistoryFilter{std::nullopt, std::string("PUMP-B")});
  BOOST_TEST(by_pump.size() == 2u);
  for (const auto& r : by_pump) BOOST_TEST(r.id != id_of(s.signed_run));
  BOOST_TEST(index.list(HistoryFilter{std::string("iec-accuracy-25mlh"), std::nullopt}).size() == 3u);
  BOOST_TEST(index.list(HistoryFilter{std::string("iec-accuracy-1mlh"), std::nullopt}).empty());
  BOOST_TEST(index.list(HistoryFilter{std::string("iec-accuracy-25mlh"), std::string("NOPE")}).empty());

  std::ostringstream out, err;
  HistoryCommandOptions o;
  o.runs_dir = s.runs_dir.string();
  o.pump_serial = "PUMP-B";
  BOOST_TEST(run_history(o, out, err) == 0, err.str());
  BOOST_TEST(out.str().find(id_of(s.seed2_run)) != std::string::npos);
  BOOST_TEST(out.str().find(id_of(s.unsigned_run)) != std::string::npos);
  BOOST_TEST(out.str().find(id_of(s.signed_run)) == std::string::npos);
  BOOST_TEST(out.str().find("2 runs") != std::string::npos);
  std::ostringstream out2, err2;
  o.runs_dir = (s.tmp.path() / "no-runs-here").string();
  BOOST_TEST(run_history(o, out2, err2) == 2);
}

BOOST_AUTO_TEST_CASE(runs_resolve_by_id_unique_prefix_or_folder_and_ambiguity_is_an_error) {
  const SharedRuns& s = shared_runs();
  const RunIndex index = RunIndex::open_existing(s.index());
  const std::string id = id_of(s.seed2_run);
  BOOST_TEST(index.resolve(id).id == id);
  BOOST_TEST(index.resolve(id.substr(0, id.size() - 2)).id == id);  // the random part is unique enough
  BOOST_CHECK_THROW(index.resolve("2"), IndexError);                // every run starts with the year
  BOOST_CHECK_THROW(index.resolve("nothing"), IndexError);
}

BOOST_AUTO_TEST_CASE(re_recording_a_run_replaces_its_entry) {
  const SharedRuns& s = shared_runs();
  const TempDir tmp;
  fs::copy_file(s.index(), tmp.path() / "index.sqlite");
  RunIndex index(tmp.path() / "index.sqlite");
  IndexedRun r = *index.find(id_of(s.unsigned_run));
  r.manifest_digest = std::string(64, 'a');
  r.metrics = {RunMetric{"t", "st", "mean_error_pct", 1.5, std::nullopt}};
  index.record(r);
  const auto again = index.find(r.id);
  BOOST_TEST(again->manifest_digest == r.manifest_digest);
  BOOST_TEST(again->metrics == r.metrics);
  BOOST_TEST(again->pumps == r.pumps);
  BOOST_TEST(index.list().size() == 3u);
}

// Issue 15, on the four-station bench: a run lists only the pumps that ran (free flow runs on the
// volumetric station-4 alone), and `history --pump` shows that pump's own mean error, not
// station-1's.
BOOST_AUTO_TEST_CASE(history_per_pump_is_right_on_a_multi_station_bench) {
  const TempDir tmp;
  const fs::path runs = tmp.path() / "runs";
  std::map<std::string, RunReport> done;
  for (const char* scenario : {"bench-check-5mlh", "free-flow-80cm"}) {
    RunOptions o;
    o.scenario_path = source_path(std::string("scenarios/") + scenario + ".yaml").string();
    o.fixture_path = source_path("fixtures/sim-bench-4.yaml").string();
    o.runs_dir = runs.string();
    o.unattended = true;
    o.quiet = true;
    std::ostringstream out, err;
    done[scenario] = run_scenario(o, out, err);
    BOOST_REQUIRE_MESSAGE(done[scenario].exit_code == 0, err.str());
  }
  const RunIndex index = RunIndex::open_existing(runs / kIndexFile);
  const auto free_flow = index.find(done["free-flow-80cm"].result->run.id.value_or(""));
  BOOST_REQUIRE(free_flow);
  BOOST_REQUIRE_EQUAL(free_flow->pumps.size(), 1u);
  BOOST_TEST(free_flow->pumps[0].serial == "SIM-V0404");
  BOOST_TEST(index.list(HistoryFilter{std::nullopt, std::string("SIM-P0401")}).size() == 1u);  // the bench check only

  // The mean error of station-2 as the run's result has it.
  double station2_error = 0;
  for (const auto& t : done["bench-check-5mlh"].result->tests)
    if (t.station == "station-2") station2_error = t.field("mean_error_pct").get<double>();
  std::ostringstream hist, herr;
  BOOST_TEST(run_history(HistoryCommandOptions{runs.string(), "", "", "SIM-P0402"}, hist, herr) == 0);
  BOOST_TEST(hist.str().find(fmt::format("{:+.3f}", station2_error)) != std::string::npos, hist.str());
  BOOST_TEST(hist.str().find("SIM-P0401") == std::string::npos, hist.str());
  BOOST_TEST(hist.str().find("1 run\n") != std::string::npos, hist.str());

  // The same as one JSON document: that pump's own station and mean error.
  std::ostringstream js, jerr;
  HistoryCommandOptions as_json{runs.string(), "", "", "SIM-P0402"};
  as_json.json = true;
  BOOST_TEST(run_history(as_json, js, jerr) == 0);
  const auto doc = nlohmann::json::parse(js.str());
  BOOST_TEST(doc.at("schema") == "pumprig.history/1");
  BOOST_REQUIRE_EQUAL(doc.at("runs").size(), 1u);
  BOOST_TEST(doc.at("runs").at(0).at("mean_error_pct").get<double>() == station2_error);
  BOOST_TEST(doc.at("runs").at(0).at("id") == done["bench-check-5mlh"].result->run.id.value_or(""));

  // The balance and I/O board of each station that ran are indexed with the identity they reported,
  // and only those stations': the free-flow run used station-4's balance (station-4 has no board).
  BOOST_REQUIRE_EQUAL(free_flow->instruments.size(), 1u);
  for (const auto& in : free_flow->instruments) {
    BOOST_TEST(in.station == free_flow->pumps[0].station);
    BOOST_TEST(!in.serial.empty());
    BOOST_TEST(!in.model.empty());
  }
  BOOST_TEST(free_flow->instruments[0].role == "balance");
  const auto roles_of = [](const IndexedRun& r, const std::string& role) {
    return std::count_if(r.instruments.begin(), r.instruments.end(), [&](const IndexedInstrument& i) { return i.role == role; });
  };
  const std::string balance = free_flow->instruments[0].serial;
  const auto bench_check = index.find(done["bench-check-5mlh"].result->run.id.value_or(""));
  BOOST_TEST(roles_of(*bench_check, "balance") == static_cast<long>(bench_check->pumps.size()));
  BOOST_TEST(roles_of(*bench_check, "io_board") == 0);  // sim-bench-4 has no boards
  const bool bench_check_used_it = std::any_of(bench_check->instruments.begin(), bench_check->instruments.end(),
                                               [&](const IndexedInstrument& i) { return i.serial == balance; });
  HistoryFilter by_balance;
  by_balance.instrument_serial = balance;
  BOOST_TEST(index.list(by_balance).size() == (bench_check_used_it ? 2u : 1u));
  by_balance.instrument_serial = "NO-SUCH-SERIAL";
  BOOST_TEST(index.list(by_balance).empty());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(regression)

BOOST_AUTO_TEST_CASE(tolerances_are_absolute_or_relative_to_the_reference) {
  BOOST_TEST(abs_tol(0.5).allows(1.0, 1.5));
  BOOST_TEST(!abs_tol(0.5).allows(1.0, 1.5001));
  BOOST_TEST(abs_tol(0.5).allows(1.0, 0.5));
  BOOST_TEST(rel_tol(10).allows(200, 220));
  BOOST_TEST(!rel_tol(10).allows(200, 220.1));
  BOOST_TEST(rel_tol(10).allows(-200, -180));
  BOOST_TEST(!rel_tol(10).allows(0, 0.001));  // nothing is 10 % of zero

  const std::vector<RunMetric> a{{"acc", "1", "mean_error_pct", 0.2, std::nullopt}, {"acc", "1", "time_to_alarm_s", 100, std::nullopt},
                                 {"acc", "1", "volume_ml", 3, std::nullopt}, {"acc", "1", "bolus_ml", 0.1, std::nullopt}};
  const std::vector<RunMetric> b{{"acc", "1", "mean_error_pct", 0.6, std::nullopt}, {"acc", "1", "time_to_alarm_s", 111, std::nullopt},
                                 {"acc", "1", "volume_ml", 30, std::nullopt}};
  std::map<std::string, MetricTolerance> tol{{"mean_error_pct", abs_tol(0.5)}, {"time_to_alarm_s", rel_tol(10)}};
  Comparison c = compare_metrics(a, b, tol);
  BOOST_REQUIRE_EQUAL(c.rows.size(), 4u);
  BOOST_TEST(!c.rows[0].moved);                   // 0.4 <= 0.5
  BOOST_TEST(c.rows[0].difference().value() == 0.4, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(c.rows[1].moved);                    // 11 > 10 % of 100
  BOOST_TEST(!c.rows[2].moved);                   // no tolerance, no uncertainty: shown, never fails
  BOOST_TEST((c.rows[2].judgement == MetricJudgement::shown));
  BOOST_TEST(!c.rows[3].b.has_value());
  BOOST_TEST(!c.rows[3].moved);
  BOOST_TEST(c.any_moved());
  tol["time_to_alarm_s"] = rel_tol(11);
  BOOST_TEST(!compare_metrics(a, b, tol).any_moved());
  tol["bolus_ml"] = abs_tol(1);                    // a toleranced metric that disappeared
  BOOST_TEST(compare_metrics(a, b, tol).any_moved());
}

// Without a tolerance, a metric both runs state with an uncertainty is held to
// U = sqrt(U_A^2 + U_B^2); stated by one run only, it cannot be judged; a tolerance comes first.
BOOST_AUTO_TEST_CASE(a_metric_without_tolerance_is_judged_against_the_combined_expanded_uncertainty) {
  auto m = [](const std::string& name, double v, std::optional<double> u) { return RunMetric{"acc", "1", name, v, u}; };
  const std::vector<RunMetric> a{m("within", 1.0, 0.3), m("beyond", 1.0, 0.3), m("one_sided", 1.0, std::nullopt),
                                 m("gone", 2.0, 0.1), m("held", 1.0, 0.01)};
  const std::vector<RunMetric> b{m("within", 1.49, 0.4), m("beyond", 1.51, 0.4), m("one_sided", 1.0, 0.2),
                                 m("held", 1.4, 0.01)};
  const Comparison c = compare_metrics(a, b, {{"held", abs_tol(0.5)}});
  BOOST_REQUIRE_EQUAL(c.rows.size(), 5u);
  BOOST_TEST((c.rows[0].judgement == MetricJudgement::uncertainty));
  BOOST_TEST(c.rows[0].allowed.value() == 0.5, boost::test_tools::tolerance(1e-12));  // sqrt(0.3^2 + 0.4^2)
  BOOST_TEST(!c.rows[0].moved);
  BOOST_TEST(c.rows[0].limit_text() == "U 0.5");
  BOOST_TEST(c.rows[1].moved);
  BOOST_TEST(c.rows[1].status_text() == "MOVED");
  BOOST_TEST((c.rows[2].judgement == MetricJudgement::unjudgeable));
  BOOST_TEST(!c.rows[2].moved);
  BOOST_TEST(c.rows[2].status_text() == "CANNOT JUDGE");
  BOOST_TEST((c.rows[3].judgement == MetricJudgement::uncertainty));  // a result with an uncertainty disappeared
  BOOST_TEST(c.rows[3].moved);
  BOOST_TEST((c.rows[4].judgement == MetricJudgement::tolerance));    // 0.4 moved, far beyond U, within the tolerance
  BOOST_TEST(!c.rows[4].moved);
  BOOST_TEST(c.judged() == 4u);
  BOOST_TEST(c.count(MetricJudgement::unjudgeable) == 1u);
}

BOOST_AUTO_TEST_CASE(the_scenario_regression_block_is_parsed_with_positions_in_errors) {
  const std::string base = scenario_without_regression("scenarios/iec-accuracy-25mlh.yaml");
  const Scenario sc = load_scenario_text(base + kRegressionBlock, "reg.yaml");
  BOOST_REQUIRE(sc.regression);
  BOOST_TEST(sc.regression->tolerances.at("mean_error_pct").value == 0.5);
  BOOST_TEST(!sc.regression->tolerances.at("mean_error_pct").relative);
  BOOST_TEST(sc.regression->tolerances.at("startup_delay_min").value == 10.0);
  BOOST_TEST(sc.regression->tolerances.at("startup_delay_min").relative);
  BOOST_TEST(!load_scenario_text(base, "plain.yaml").regression);
  BOOST_TEST(regression_from_scenario_text(base + kRegressionBlock, "x")->tolerances.size() == 3u);
  try {
    load_scenario_text(base + "\nregression:\n  tolerances: { mean_error_pct: lots }\n", "bad.yaml");
    BOOST_FAIL("no error for a bad tolerance");
  } catch (const ConfigError& e) {
    BOOST_TEST(std::string(e.what()).find("bad.yaml:") == 0u, e.what());
    BOOST_TEST(std::string(e.what()).find("lots") != std::string::npos, e.what());
  }
  BOOST_CHECK_THROW(load_scenario_text(base + "\nregression:\n  tolerance: { a: 1 }\n", "typo.yaml"), ConfigError);
  BOOST_CHECK_THROW(load_scenario_text(base + "\nregression:\n  tolerances: { a: -1 }\n", "neg.yaml"), ConfigError);
}

BOOST_AUTO_TEST_CASE(compare_exits_1_beyond_the_tolerance_of_the_scenario_as_run_and_0_within) {
  const SharedRuns& s = shared_runs();
  const auto a = to_json(*s.signed_run.result).at("tests").at(0);
  const auto b = to_json(*s.seed2_run.result).at("tests").at(0);
  const double moved = std::abs(b.at("mean_error_pct").get<double>() - a.at("mean_error_pct").get<double>());
  BOOST_TEST_MESSAGE("mean error moved by " << moved << " percentage points between seeds");
  BOOST_REQUIRE_GT(moved, 0.0);

  // B ran the scenario with the regression block: its tolerances apply.
  CompareCommandOptions o;
  o.runs_dir = s.runs_dir.string();
  o.runs = {id_of(s.signed_run), s.seed2_run.run_dir.string()};  // an id and a folder
  const Cmd with_block = compare(o);
  const auto mean_moved = moved > 0.5;
  BOOST_TEST(with_block.out.find("from scenario iec-accuracy-25mlh as run by B") != std::string::npos, with_block.out);
  BOOST_TEST(with_block.out.find("mean_error_pct") != std::string::npos);

  // Tolerances from files written around the measured difference: just above passes, just
  // below fails, absolute and relative alike.
  auto with_tolerance = [&](const std::string& tol) {
    const fs::path scen = s.tmp.path() / ("tol-" + std::to_string(std::hash<std::string>{}(tol)) + ".yaml");
    write_text(scen, scenario_without_regression("scenarios/iec-accuracy-25mlh.yaml") +
                         "\nregression:\n  tolerances: { mean_error_pct: \"" + tol + "\" }\n");
    CompareCommandOptions c = o;
    c.scenario_path = scen.string();
    return compare(c);
  };
  BOOST_TEST(with_tolerance(fmt::format("{:.17g}", moved * 1.01)).rc == 0);
  const Cmd tight = with_tolerance(fmt::format("{:.17g}", moved * 0.99));
  BOOST_TEST(tight.rc == 1, tight.out << tight.err);
  BOOST_TEST(tight.out.find("MOVED") != std::string::npos);
  const double rel_pct = moved / std::abs(a.at("mean_error_pct").get<double>()) * 100.0;
  BOOST_TEST(with_tolerance(fmt::format("{:.17g} %", rel_pct * 1.01)).rc == 0);
  BOOST_TEST(with_tolerance(fmt::format("{:.17g} %", rel_pct * 0.99)).rc == 1);

  // The block's own verdict follows the same rule (0.5 points absolute on the mean error, and
  // the other two tolerances).
  const double delay_a = a.at("startup_delay_min").get<double>(), delay_b = b.at("startup_delay_min").get<double>();
  const double ep_a = a.at("trumpet").at(0).at("ep_max_pct").get<double>(), ep_b = b.at("trumpet").at(0).at("ep_max_pct").get<double>();
  const bool expect_moved = mean_moved || std::abs(delay_b - delay_a) > 0.1 * std::abs(delay_a) || std::abs(ep_b - ep_a) > 1;
  BOOST_TEST(with_block.rc == (expect_moved ? 1 : 0), with_block.out);

  // The shipped scenario declares its own tolerance (mean error 0.5 points): B ran it.
  CompareCommandOptions shipped = o;
  shipped.runs = {id_of(s.seed2_run), id_of(s.signed_run)};
  const Cmd by_shipped = compare(shipped);
  BOOST_TEST(by_shipped.out.find("from scenario iec-accuracy-25mlh as run by B") != std::string::npos, by_shipped.out);
  BOOST_TEST(by_shipped.rc == (mean_moved ? 1 : 0), by_shipped.out);

  // Without any tolerance the metrics that carry uncertainties are judged against them: the
  // two seeds differ by far less than U, so nothing moved, and it says what it judged.
  const fs::path plain_scenario = s.tmp.path() / "plain.yaml";
  write_text(plain_scenario, scenario_without_regression("scenarios/iec-accuracy-25mlh.yaml"));
  CompareCommandOptions none = shipped;
  none.scenario_path = plain_scenario.string();
  const Cmd plain = compare(none);
  BOOST_TEST(plain.rc == kExitPass, plain.out);
  BOOST_TEST(plain.out.find("none declared") != std::string::npos);
  BOOST_TEST(plain.out.find("0 against a tolerance, 13 against the combined expanded uncertainty") != std::string::npos,
             plain.out);

  // A run recorded before results carried uncertainties (its budgets stripped here) cannot be
  // judged where no tolerance is declared: exit 4, naming the metrics, never a silent 0.
  const fs::path old_run = s.tmp.path() / "old-run";
  fs::create_directories(old_run);
  for (const char* f : {"run.json", "result.json"}) fs::copy_file(s.seed2_run.run_dir / f, old_run / f);
  nlohmann::json old_result = nlohmann::json::parse(read_text(old_run / "result.json"));
  std::function<void(nlohmann::json&)> strip = [&](nlohmann::json& j) {
    if (j.is_object()) {
      for (auto it = j.begin(); it != j.end();) it = it.key().ends_with("_uncertainty") ? j.erase(it) : std::next(it);
      for (auto& [k, v] : j.items()) strip(v);
    } else if (j.is_array()) {
      for (auto& v : j) strip(v);
    }
  };
  strip(old_result);
  write_text(old_run / "result.json", old_result.dump());
  CompareCommandOptions against_old = none;
  against_old.runs = {old_run.string(), id_of(s.signed_run)};
  const Cmd unjudgeable = compare(against_old);
  BOOST_TEST(unjudgeable.rc == kExitCannotJudge, unjudgeable.out);
  BOOST_TEST(unjudgeable.out.find("cannot judge 13 metrics") != std::string::npos, unjudgeable.out);
  BOOST_TEST(unjudgeable.out.find("station-1-accuracy mean_error_pct") != std::string::npos, unjudgeable.out);
  BOOST_TEST(unjudgeable.out.find("CANNOT JUDGE") != std::string::npos, unjudgeable.out);

  // --json: one document with the same judgement.
  against_old.json = true;
  const Cmd as_json = compare(against_old);
  const auto doc = nlohmann::json::parse(as_json.out);
  BOOST_TEST(doc.at("schema") == "pumprig.compare/1");
  BOOST_TEST(doc.at("exit_code") == kExitCannotJudge);
  BOOST_TEST(as_json.rc == kExitCannotJudge);
  BOOST_TEST(doc.at("cannot_judge").size() == 13u);
  BOOST_TEST(doc.at("moved").empty());
}

// An occlusion run against an accuracy baseline compares nothing: refused (exit 2) unless --force,
// and even then nothing is judged (exit 4), never a silent pass.
BOOST_AUTO_TEST_CASE(compare_refuses_runs_of_different_scenarios) {
  const SharedRuns& s = shared_runs();
  const TempDir tmp;
  fs::copy_file(s.index(), tmp.path() / "index.sqlite");
  RunOptions r;
  r.scenario_path = source_path("scenarios/occlusion-25mlh-low.yaml").string();
  r.out_dir = (tmp.path() / "occlusion").string();
  r.index_path = (tmp.path() / "index.sqlite").string();
  r.unattended = true;
  r.quiet = true;
  std::ostringstream rout, rerr;
  const RunReport occlusion = run_scenario(r, rout, rerr);
  BOOST_REQUIRE_MESSAGE(occlusion.exit_code == 0, rerr.str());

  CompareCommandOptions o;
  o.index_path = (tmp.path() / "index.sqlite").string();
  o.runs = {id_of(s.signed_run), occlusion.result->run.id.value_or("")};
  const Cmd refused = compare(o);
  BOOST_TEST(refused.rc == kExitUsage, refused.out << refused.err);
  BOOST_TEST(refused.err.find("A ran scenario 'iec-accuracy-25mlh', B ran scenario 'occlusion-25mlh-low'") != std::string::npos,
             refused.err);
  o.force = true;
  const Cmd forced = compare(o);
  BOOST_TEST(forced.rc != kExitPass, forced.out);
}

BOOST_AUTO_TEST_CASE(compare_exits_2_for_bad_input) {
  const SharedRuns& s = shared_runs();
  CompareCommandOptions o;
  o.runs_dir = s.runs_dir.string();
  o.runs = {id_of(s.signed_run), "no-such-run"};
  BOOST_TEST(compare(o).rc == 2);
  o.runs = {id_of(s.signed_run), "2"};  // ambiguous prefix
  const Cmd amb = compare(o);
  BOOST_TEST(amb.rc == 2);
  BOOST_TEST(amb.err.find("several") != std::string::npos, amb.err);
  o.runs = {id_of(s.signed_run)};  // one run and no baseline
  BOOST_TEST(compare(o).rc == 2);
  o.baseline = "never-set";
  BOOST_TEST(compare(o).rc == 2);
}

BOOST_AUTO_TEST_CASE(a_baseline_is_set_and_used_by_compare) {
  const SharedRuns& s = shared_runs();
  const TempDir tmp;
  fs::copy_file(s.index(), tmp.path() / "index.sqlite");
  const std::string index = (tmp.path() / "index.sqlite").string();
  std::ostringstream out, err;
  BOOST_TEST(run_baseline_set("golden", id_of(s.signed_run).substr(0, id_of(s.signed_run).size() - 1), index, out, err) == 0,
             err.str());
  BOOST_TEST(RunIndex::open_existing(index).baseline("golden").value() == id_of(s.signed_run));
  std::ostringstream out2, err2;
  BOOST_TEST(run_baseline_set("golden", "no-such-run", index, out2, err2) == 2);

  CompareCommandOptions o;
  o.index_path = index;
  o.baseline = "golden";
  o.runs = {id_of(s.unsigned_run)};  // same seed as the baseline: the same numbers
  const Cmd same = compare(o);
  BOOST_TEST(same.rc == 0, same.out << same.err);
  BOOST_TEST(same.out.find("(baseline golden)") != std::string::npos);
  // Against a tolerance of zero the seed-2 run moved.
  const fs::path zero = tmp.path() / "zero.yaml";
  write_text(zero, scenario_without_regression("scenarios/iec-accuracy-25mlh.yaml") +
                       "\nregression:\n  tolerances: { mean_error_pct: 0 }\n");
  o.runs = {id_of(s.seed2_run)};
  o.scenario_path = zero.string();
  BOOST_TEST(compare(o).rc == 1);
  // ... and the same-seed run did not, even at zero tolerance.
  o.runs = {id_of(s.unsigned_run)};
  BOOST_TEST(compare(o).rc == 0);
}

// Issue 15: a baseline is a run that passed; replacing one says so; baselines can be listed,
// shown and removed.
BOOST_AUTO_TEST_CASE(baselines_are_listed_shown_replaced_aloud_and_removed) {
  const SharedRuns& s = shared_runs();
  const TempDir tmp;
  fs::copy_file(s.index(), tmp.path() / "index.sqlite");
  const std::string index = (tmp.path() / "index.sqlite").string();
  {
    RunIndex writable(index);
    IndexedRun failed = *writable.find(id_of(s.unsigned_run));
    failed.id = "20261205T000000Z-iec-accuracy-25mlh-fa11ed";
    failed.folder = (tmp.path() / "gone").string();
    failed.verdict = "fail";
    writable.record(failed);
  }
  auto cmd = [&](auto f) {
    std::ostringstream out, err;
    const int rc = f(out, err);
    return Cmd{rc, out.str(), err.str()};
  };
  BOOST_TEST(cmd([&](auto& o, auto& e) { return run_baseline_set("golden", id_of(s.signed_run), index, o, e); }).rc == 0);
  const Cmd replaced = cmd([&](auto& o, auto& e) { return run_baseline_set("golden", id_of(s.unsigned_run), index, o, e); });
  BOOST_TEST(replaced.rc == 0);
  BOOST_TEST(replaced.out.find("(replaces " + id_of(s.signed_run) + ")") != std::string::npos, replaced.out);
  const Cmd refused = cmd([&](auto& o, auto& e) { return run_baseline_set("bad", "20261205T000000Z-iec-accuracy-25mlh-fa11ed", index, o, e); });
  BOOST_TEST(refused.rc == kExitUsage);
  BOOST_TEST(refused.err.find("a baseline must be a run that passed") != std::string::npos, refused.err);
  BOOST_TEST(cmd([&](auto& o, auto& e) {
               return run_baseline_set("bad", "20261205T000000Z-iec-accuracy-25mlh-fa11ed", index, o, e, true);
             }).rc == 0);
  const Cmd listed = cmd([&](auto& o, auto& e) { return run_baseline_list(index, o, e); });
  BOOST_TEST(listed.rc == 0);
  BOOST_TEST(listed.out.find("golden") != std::string::npos, listed.out);
  BOOST_TEST(listed.out.find("2 baselines") != std::string::npos, listed.out);
  const Cmd listed_json = cmd([&](auto& o, auto& e) { return run_baseline_list(index, o, e, true); });
  const auto list_doc = nlohmann::json::parse(listed_json.out);
  BOOST_TEST(list_doc.at("schema") == "pumprig.baselines/1");
  BOOST_TEST(list_doc.at("baselines").size() == 2u);
  BOOST_TEST(list_doc.at("baselines").at(0).at("name") == "bad");  // by name
  BOOST_TEST(list_doc.at("baselines").at(0).at("run").at("verdict") == "fail");
  const Cmd shown_json = cmd([&](auto& o, auto& e) { return run_baseline_show("golden", index, o, e, true); });
  BOOST_TEST(nlohmann::json::parse(shown_json.out).at("run").at("scenario") == "iec-accuracy-25mlh");
  const Cmd unknown_json = cmd([&](auto& o, auto& e) { return run_baseline_show("nope", index, o, e, true); });
  BOOST_TEST(unknown_json.rc == kExitUsage);
  BOOST_TEST(nlohmann::json::parse(unknown_json.out).at("exit_code") == kExitUsage);  // still one document
  const Cmd shown = cmd([&](auto& o, auto& e) { return run_baseline_show("golden", index, o, e); });
  BOOST_TEST(shown.rc == 0);
  BOOST_TEST(shown.out.find("scenario iec-accuracy-25mlh") != std::string::npos, shown.out);
  BOOST_TEST(shown.out.find("mean_error_pct") != std::string::npos, shown.out);
  BOOST_TEST(cmd([&](auto& o, auto& e) { return run_baseline_rm("bad", index, o, e); }).rc == 0);
  BOOST_TEST(cmd([&](auto& o, auto& e) { return run_baseline_rm("bad", index, o, e); }).rc == kExitUsage);
  BOOST_TEST(!RunIndex::open_existing(index).baseline("bad"));
  BOOST_TEST(RunIndex::open_existing(index).find("20261205T000000Z-iec-accuracy-25mlh-fa11ed").has_value());  // the run stays
}

BOOST_AUTO_TEST_SUITE_END()
