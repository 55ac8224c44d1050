// Every result is computed from the record: re-analysing a run folder from disk gives the result
// the run wrote, to the last bit, for every scenario of the default suite; `pumprig analyze
// RUN_DIR` does it for occlusion and free-flow runs with nothing but the folder; and a run killed
// during the check weight still holds every reading it took before the pump started.
#include <boost/test/unit_test.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "rig/cli/analyze_run_folder.hpp"
#include "rig/cli/suite_run.hpp"
#include "rig/core/event_kind.hpp"
#include "rig/integrity/manifest.hpp"
#include "rig/record/csv_readings.hpp"
#include "rig/record/run_reader.hpp"
#include "rig/session/exit_codes.hpp"
#include "rig/session/reanalysis.hpp"
#include "tests/run/run_support.hpp"

using namespace pumprig;
using namespace pumprig::test;
namespace fs = std::filesystem;

namespace {

// The default suite on the embedded default bench, once for the whole file (about 1.5 s).
struct DefaultSuite {
  TempDir tmp{"pumprig-reanalysis"};
  std::map<std::string, fs::path> runs;  // scenario id -> run folder

  DefaultSuite() {
    RunOptions o;
    o.scenario_path = source_path("scenarios/suite.yaml").string();
    o.out_dir = (tmp.path() / "suite").string();
    o.quiet = true;
    std::ostringstream out, err;
    const SuiteReport suite = run_suite(o, out, err);
    BOOST_REQUIRE_MESSAGE(suite.exit_code == kExitPass, err.str());
    for (const auto& [id, report] : suite.runs) runs.emplace(id, report.run_dir);
  }
};

const DefaultSuite& default_suite() {
  static DefaultSuite suite;
  return suite;
}

nlohmann::json without_reanalysis_keys(nlohmann::json result) {
  result["run"].erase("software");
  result["run"].erase("reanalysis_of");
  return result;
}

// Complete lines after the header: a line still being written (no line end yet) does not count,
// as the CSV reader drops it too.
std::size_t data_rows(const fs::path& csv) {
  const std::string text = read_text(csv);
  const auto lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
  return lines == 0 ? 0 : lines - 1;
}

}  // namespace

BOOST_AUTO_TEST_CASE(reanalysing_every_run_of_the_default_suite_equals_the_live_result) {
  const DefaultSuite& suite = default_suite();
  BOOST_REQUIRE_GE(suite.runs.size(), 5u);
  std::set<std::string> kinds;
  for (const auto& [id, dir] : suite.runs) {
    BOOST_TEST_CONTEXT(id) {
      const nlohmann::json live = read_json(dir / "result.json");
      const Reanalysis again = reanalyse_run_folder(dir);
      // JSON equality compares numbers as doubles: equal means equal to the last bit.
      BOOST_TEST(to_json(again.result) == live, "re-analysis differs:\n" << to_json(again.result).dump(1) << "\nlive:\n" << live.dump(1));
      // The one reader every consumer uses gives back what was written.
      const auto read_back = run_result_from_json(live);
      BOOST_TEST((read_back && to_json(*read_back) == live));
      BOOST_TEST(to_string(again.verdict.outcome) == "pass");
      for (const auto& t : live["tests"]) kinds.insert(t["kind"].get<std::string>());
      // Every event the run recorded is of a kind in the one vocabulary (rig/core/event_kind.hpp).
      for (const auto& e : read_events(dir))
        BOOST_TEST(parse_event_kind(e["kind"].get<std::string>()).has_value(), e.dump());
      // The pre-start readings are in the record in recording time, and the same readings head
      // the samples file in test time.
      const RunFolderContents c = load_run_folder(dir);
      BOOST_REQUIRE(!c.prestart_samples.empty());
      for (const auto& [station, prestart] : c.prestart_samples) {
        const CsvReadings before = read_readings_csv(prestart.string());
        const CsvReadings samples = read_readings_csv(c.samples.at(station).string());
        BOOST_REQUIRE(!before.readings.empty());
        BOOST_REQUIRE_GE(samples.readings.size(), before.readings.size());
        const bool pump_started = any_message_contains(c.events, "pump", "pump started");
        for (std::size_t i = 0; i < before.readings.size(); ++i) {
          BOOST_REQUIRE_EQUAL(samples.readings[i].mass_g, before.readings[i].mass_g);
          // Test time is negative before the start; a pump that never started (free flow) leaves
          // the samples file in recording time, the pre-start file's own.
          if (pump_started) BOOST_REQUIRE_LE(samples.readings[i].t_s, 0.0);
          else BOOST_REQUIRE_EQUAL(samples.readings[i].t_s, before.readings[i].t_s);
        }
        if (pump_started) BOOST_TEST(samples.readings[before.readings.size()].t_s >= 0.0);
      }
    }
  }
  BOOST_TEST(kinds == (std::set<std::string>{"accuracy", "occlusion", "free_flow"}));
}

BOOST_AUTO_TEST_CASE(analyze_run_dir_reanalyses_an_occlusion_and_a_free_flow_run_from_the_folder_alone) {
  const DefaultSuite& suite = default_suite();
  TempDir tmp;
  for (const char* id : {"occlusion-25mlh-low", "free-flow-80cm"}) {
    BOOST_TEST_CONTEXT(id) {
      const fs::path run_dir = suite.runs.at(id);
      const std::string manifest_before = read_text(run_dir / "MANIFEST.sha256");
      const std::string result_before = read_text(run_dir / "result.json");
      std::ostringstream out, err;
      const fs::path out_dir = tmp.path() / id;
      BOOST_TEST(run_analyze_folder(AnalyzeFolderOptions{run_dir.string(), out_dir.string()}, out, err) == kExitPass,
                 err.str());
      const nlohmann::json again = read_json(out_dir / "result.json");
      BOOST_TEST(again["run"]["software"]["command"] == "analyze");
      BOOST_TEST(again["run"]["reanalysis_of"]["run_status"] == "finished");
      BOOST_TEST(without_reanalysis_keys(again) == read_json(run_dir / "result.json"));
      BOOST_TEST(out.str().find("overall verdict: PASS") != std::string::npos, out.str());
      const std::string kind = std::string(id).rfind("occlusion", 0) == 0 ? "time_to_alarm_s" : "volume_ml";
      BOOST_TEST(again["tests"][0].contains(kind));

      // Never into the sealed run folder: refused, and the folder is untouched.
      std::ostringstream out2, err2;
      BOOST_TEST(run_analyze_folder(AnalyzeFolderOptions{run_dir.string(), run_dir.string()}, out2, err2) == kExitUsage);
      BOOST_TEST(err2.str().find("sealed") != std::string::npos, err2.str());
      std::ostringstream out3, err3;
      BOOST_TEST(run_analyze_folder(AnalyzeFolderOptions{run_dir.string(), (run_dir / "again").string()}, out3, err3) ==
                 kExitUsage);
      BOOST_TEST(!fs::exists(run_dir / "again"));
      BOOST_TEST(read_text(run_dir / "result.json") == result_before);
      BOOST_TEST(read_text(run_dir / "MANIFEST.sha256") == manifest_before);
      BOOST_TEST(format_manifest(compute_manifest(run_dir)) == manifest_before);
    }
  }
  // A folder that is not a recorded run says so.
  std::ostringstream out, err;
  BOOST_TEST(run_analyze_folder(AnalyzeFolderOptions{tmp.path().string(), ""}, out, err) == kExitUsage);
  BOOST_TEST(err.str().find("not a run folder recorded by `pumprig run`") != std::string::npos, err.str());
}

// The child runs the bench check in real time x5 and is killed by SIGKILL once the check weight
// is on the balance: before the pump started, so before test time existed.
BOOST_AUTO_TEST_CASE(a_run_killed_during_the_check_weight_keeps_its_pre_start_readings) {
  TempDir tmp;
  const fs::path dir = tmp.path() / "killed";
  const pid_t pid = ::fork();
  BOOST_REQUIRE(pid >= 0);
  if (pid == 0) {
    RunOptions o = options("scenarios/bench-check-5mlh.yaml", dir);
    o.speed = 5.0;
    o.no_index = true;
    std::ostringstream out, err;
    run_scenario(o, out, err);
    ::_exit(0);  // not killed in time: the parent fails the test
  }
  // Wait for the check weight's prompt, then for a few readings after it.
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  const fs::path prestart = dir / "prestart-samples-station-1.csv";
  std::size_t rows_at_prompt = 0;
  bool prompted = false;
  while (std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (!prompted) {
      if (fs::exists(dir / "events.jsonl") &&
          read_text(dir / "events.jsonl").find("\"place_check_weight\"") != std::string::npos && fs::exists(prestart)) {
        prompted = true;
        rows_at_prompt = data_rows(prestart);
      }
    } else if (data_rows(prestart) >= rows_at_prompt + 3 && read_readings_csv(prestart.string()).readings.back().mass_g > 40.0) {
      break;  // the 50 g check weight is on the balance
    }
  }
  const std::size_t rows_before_kill = fs::exists(prestart) ? data_rows(prestart) : 0;
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  BOOST_REQUIRE(prompted);
  BOOST_REQUIRE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);

  // Every reading taken before the kill is on disk, timed from the recording start.
  BOOST_TEST(!fs::exists(dir / "samples-station-1.csv"));
  const CsvReadings readings = read_readings_csv(prestart.string());
  BOOST_TEST(readings.readings.size() >= rows_before_kill);
  BOOST_TEST(rows_before_kill >= rows_at_prompt + 3);
  for (std::size_t i = 1; i < readings.readings.size(); ++i)
    BOOST_REQUIRE_GT(readings.readings[i].t_s, readings.readings[i - 1].t_s);
  BOOST_TEST(readings.readings.back().mass_g > 40.0);  // the 50 g check weight was on the balance

  // The record is analysed as far as it goes: the run was interrupted, the accuracy test could
  // not start.
  const Reanalysis again = reanalyse_run_folder(dir);
  BOOST_TEST(again.run_status == "aborted (interrupted)");
  BOOST_TEST(to_string(again.verdict.outcome) == "aborted");
  BOOST_REQUIRE_EQUAL(again.result.tests.size(), 1u);
  BOOST_TEST((again.result.tests[0].verdict == Verdict::inconclusive));
  BOOST_REQUIRE_EQUAL(again.result.run.station_list().size(), 1u);
  BOOST_TEST((again.result.run.station_list()[0].status == RunStatus::aborted));
  std::ostringstream out, err;
  BOOST_TEST(run_analyze_folder(AnalyzeFolderOptions{dir.string(), (tmp.path() / "again").string()}, out, err) ==
             kExitAborted);
}
