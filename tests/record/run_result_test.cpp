// result.json typed (rig/record/run_result.hpp): every consumer reads it through this one reader,
// so it must give back exactly what was written, read schema 1 as schema 2 writes it, and never
// let a damaged document read as a pass.
#include <boost/test/unit_test.hpp>

#include <nlohmann/json.hpp>

#include "rig/record/run_result.hpp"
#include "rig/record/run_verdict.hpp"

using namespace pumprig;
using nlohmann::json;

namespace {

// A schema-2 document as `pumprig run` writes it: two stations (one with a check weight and a
// deviation), an accuracy test with a windowed check and an occlusion test with a null value.
json recorded_document() {
  return json::parse(R"({
    "schema": "pumprig.result/2",
    "run": {"id": "20261205T000000Z-x-abcdef", "scenario": "x", "fixture": "Bench", "provenance": "simulated",
            "status": "finished", "seed": 7,
            "stations": [
              {"id": "station-1", "status": "finished", "reason": "", "policy": "continue",
               "deviations": [{"t_s": 12.5, "source": "balance-1", "what": "balance lost", "policy": "continue"}],
               "checks": [{"name": "check weight 50 g", "quantity": "check_weight_g", "unit": "g", "value": 50.0001,
                           "nominal": 50, "limit": 0.0005, "comparison": "abs<=", "deviation_g": 0.00010000000000331966,
                           "verdict": "pass"}]},
              {"id": "station-2", "status": "aborted", "reason": "pump lost", "policy": "abort", "deviations": [], "checks": []}],
            "stations_finished": ["station-1"], "stations_aborted": ["station-2"],
            "software": {"name": "pumprig", "version": "1.2"}},
    "tests": [
      {"id": "station-1-accuracy", "kind": "accuracy", "station": "station-1", "method": "IEC 60601-2-24:2012",
       "mean_error_pct": 0.49123456789012345, "trumpet": [{"window_min": 2, "ep_max_pct": 0.5}],
       "checks": [{"name": "trumpet_2min_ep_max_pct", "quantity": "trumpet_ep_max_pct", "unit": "%", "window_min": 2,
                   "value": 0.5, "limit": 10, "comparison": "<=", "verdict": "pass"}],
       "verdict": "inconclusive", "notes": ["a note"],
       "deviations": [{"t_s": 12.5, "source": "balance-1", "what": "balance lost", "policy": "continue"}]},
      {"id": "station-2-occlusion", "kind": "occlusion", "station": "station-2", "method": "m", "bolus_ml": null,
       "checks": [{"name": "bolus_ml", "quantity": "bolus_ml", "unit": "ml", "value": null, "limit": 2,
                   "comparison": "<=", "verdict": "inconclusive"}],
       "verdict": "inconclusive", "notes": []}]
  })");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(run_result)

BOOST_AUTO_TEST_CASE(reading_and_writing_back_gives_the_same_document) {
  const json doc = recorded_document();
  const auto r = run_result_from_json(doc);
  BOOST_REQUIRE(r.has_value());
  BOOST_TEST(to_json(*r) == doc, "round trip:\n" << to_json(*r).dump(1));
  // The typed parts, as consumers read them.
  BOOST_TEST(r->run.id.value_or("") == "20261205T000000Z-x-abcdef");
  BOOST_TEST((r->run.provenance == Provenance::simulated));
  BOOST_TEST((r->run.status == RunStatus::finished));
  BOOST_REQUIRE_EQUAL(r->run.station_list().size(), 2u);
  const StationOutcome& s1 = r->run.station_list()[0];
  BOOST_REQUIRE_EQUAL(s1.checks.size(), 1u);
  BOOST_TEST(s1.checks[0].nominal.value_or(0) == 50.0);
  BOOST_TEST(s1.checks[0].limit == 0.0005);
  BOOST_TEST((s1.checks[0].comparison == CheckComparison::abs_at_most));
  BOOST_REQUIRE_EQUAL(s1.deviations.size(), 1u);
  BOOST_TEST(s1.deviations[0].what == "balance lost");
  BOOST_TEST((r->run.station_list()[1].status == RunStatus::aborted));
  BOOST_REQUIRE_EQUAL(r->tests.size(), 2u);
  BOOST_TEST(r->tests[0].checks[0].measurand.window_min.value_or(0) == 2.0);
  BOOST_TEST(r->tests[0].field("mean_error_pct").get<double>() == 0.49123456789012345);  // to the last bit
  BOOST_TEST(!r->tests[1].checks[0].value.has_value());
  BOOST_TEST(r->run.other.at("software").at("version") == "1.2");
}

BOOST_AUTO_TEST_CASE(an_import_keeps_only_what_it_wrote) {
  const json doc = json::parse(R"({"schema": "pumprig.result/2",
    "run": {"provenance": "imported", "source": {"file": "a.csv"}, "analyzed_at_utc": "2026-12-05T00:00:00Z"},
    "tests": []})");
  const auto r = run_result_from_json(doc);
  BOOST_REQUIRE(r.has_value());
  BOOST_TEST(to_json(*r) == doc, to_json(*r).dump(1));
  BOOST_TEST(!r->run.id.has_value());
  BOOST_TEST(!r->run.stations.has_value());
}

BOOST_AUTO_TEST_CASE(a_schema_1_check_weight_reads_as_schema_2_writes_it) {
  json doc = recorded_document();
  doc["schema"] = kResultSchemaV1;
  doc["run"]["stations"][0]["checks"] = json::parse(R"([{"name": "check weight 100 g", "value": 100.002,
      "limit": "100 g +- 0.01 g", "deviation_g": 0.002, "verdict": "pass"}])");
  const auto r = run_result_from_json(doc);
  BOOST_REQUIRE(r.has_value());
  const Check& c = r->run.station_list().at(0).checks.at(0);
  BOOST_TEST(c.name == "check weight 100 g");
  BOOST_TEST(c.nominal.value_or(0) == 100.0);
  BOOST_TEST(c.limit == 0.01);
  BOOST_TEST((c.comparison == CheckComparison::abs_at_most));
  BOOST_TEST(c.measurand.quantity == "check_weight_g");
  BOOST_TEST(c.measurand.unit == "g");
  BOOST_TEST(c.value.value_or(0) == 100.002);
  // Written back, it is a schema-2 check.
  const json again = to_json(*r)["run"]["stations"][0]["checks"][0];
  BOOST_TEST(again["limit"].get<double>() == 0.01);
  BOOST_TEST(again["nominal"].get<double>() == 100.0);
  BOOST_TEST(again["comparison"] == "abs<=");
}

BOOST_AUTO_TEST_CASE(check_within_judges_the_distance_from_the_nominal) {
  const Check in = check_within({"check_weight_g", "g"}, 100.004, 100, 0.005);
  BOOST_TEST((in.verdict == Verdict::pass));
  BOOST_TEST(in.value.value_or(0) == 100.004);  // the reading, not its deviation
  BOOST_TEST((check_within({"check_weight_g", "g"}, 99.994, 100, 0.005).verdict == Verdict::fail));
  BOOST_TEST((check_within({"check_weight_g", "g"}, std::nullopt, 100, 0.005).verdict == Verdict::inconclusive));
  BOOST_TEST(check_to_json(in)["deviation_g"].get<double>() == 100.004 - 100.0);
}

BOOST_AUTO_TEST_CASE(a_damaged_document_never_reads_as_a_pass) {
  BOOST_TEST(!run_result_from_json(json::array()).has_value());
  BOOST_TEST(!run_result_from_json(json("text")).has_value());

  // Tests that are not objects, verdicts nobody writes, checks of the wrong type.
  const json doc = json::parse(R"({"run": {"stations": [{"id": "s", "checks": [{"name": "c", "verdict": "PASS"}]}]},
    "tests": [{"id": "t1", "verdict": "pass", "checks": [{"name": "x", "verdict": "passed"}]}, 42,
              {"id": "t3", "verdict": "ok"}]})");
  const auto r = run_result_from_json(doc);
  BOOST_REQUIRE(r.has_value());
  BOOST_REQUIRE_EQUAL(r->tests.size(), 3u);
  BOOST_TEST((r->tests[0].verdict == Verdict::pass));
  BOOST_TEST((r->tests[0].checks.at(0).verdict == Verdict::inconclusive));
  BOOST_TEST((r->tests[1].verdict == Verdict::inconclusive));
  BOOST_TEST((r->tests[2].verdict == Verdict::inconclusive));
  BOOST_TEST((r->run.station_list().at(0).checks.at(0).verdict == Verdict::inconclusive));
  const RunVerdict v = run_verdict(&*r, false);
  BOOST_TEST((v.outcome == OverallVerdict::inconclusive));
  BOOST_TEST(v.reason == "a test with no id is inconclusive", v.reason);

  // A station check that fails fails the run, even when every test passes.
  json failing = recorded_document();
  failing["tests"][0]["verdict"] = "pass";
  failing["tests"][1]["verdict"] = "pass";
  failing["run"]["stations"][0]["checks"][0]["verdict"] = "fail";
  const auto failing_result = run_result_from_json(failing);
  const RunVerdict f = run_verdict(&*failing_result, false);
  BOOST_TEST((f.outcome == OverallVerdict::fail));
  BOOST_TEST(f.reason == "station station-1 check check weight 50 g failed", f.reason);
}

BOOST_AUTO_TEST_SUITE_END()
