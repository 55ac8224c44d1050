// The malformed-input corpus (cases/, see README.md): every broken fixture, scenario, suite and
// CSV file goes through the real command functions (`pumprig run`'s and `pumprig analyze`'s) and
// must end with exit code 2, the expected message, no run folder or result, no crash, and no
// raw control character echoed from the file.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "rig/cli/analyze_command.hpp"
#include "rig/session/exit_codes.hpp"
#include "rig/cli/run_command.hpp"
#include "rig/cli/suite_run.hpp"
#include "rig/config/suite.hpp"
#include "tests/support/sim_bench_fixture.hpp"
#include "tests/support/temp_files.hpp"

namespace fs = std::filesystem;
using namespace pumprig;
using namespace pumprig::test;

namespace {

const fs::path kCorpus = fs::path(PUMPRIG_SOURCE_DIR) / "tests/malformed";

struct Expectation {
  std::string file;
  std::string fragment;                         // {file} stands for the case's path
  std::map<std::string, std::string> options;   // key=value (CSV cases)
};

std::string trimmed(std::string s) {
  const auto b = s.find_first_not_of(' ');
  const auto e = s.find_last_not_of(' ');
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

std::vector<std::string> split(const std::string& s, const std::string& sep) {
  std::vector<std::string> parts;
  std::size_t begin = 0;
  for (auto at = s.find(sep); at != std::string::npos; at = s.find(sep, begin)) {
    parts.push_back(s.substr(begin, at - begin));
    begin = at + sep.size();
  }
  parts.push_back(s.substr(begin));
  return parts;
}

// cases/<kind>/expected.txt; also checks that every case in the folder has a line, and back.
std::vector<Expectation> expectations(const std::string& kind) {
  const fs::path dir = kCorpus / "cases" / kind;
  std::vector<Expectation> out;
  std::istringstream in(read_text(dir / "expected.txt"));
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    const auto parts = split(line, " | ");
    BOOST_TEST_REQUIRE(parts.size() >= 2, "bad line in " << kind << "/expected.txt: " << line);
    Expectation e{trimmed(parts[0]), trimmed(parts[1]), {}};
    BOOST_TEST_REQUIRE(!e.fragment.empty(), e.file << " has no expected message");
    if (parts.size() > 2) {
      std::istringstream opts(parts[2]);
      for (std::string kv; opts >> kv;) e.options[kv.substr(0, kv.find('='))] = kv.substr(kv.find('=') + 1);
    }
    BOOST_TEST_REQUIRE(fs::exists(dir / e.file), kind << "/expected.txt names a missing case " << e.file);
    out.push_back(std::move(e));
  }
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (name == "expected.txt") continue;
    const bool listed = std::any_of(out.begin(), out.end(), [&](const Expectation& e) { return e.file == name; });
    BOOST_TEST(listed, kind << "/" << name << " has no line in expected.txt");
  }
  return out;
}

std::string with_file(std::string fragment, const std::string& file) {
  for (auto at = fragment.find("{file}"); at != std::string::npos; at = fragment.find("{file}", at + file.size()))
    fragment.replace(at, 6, file);
  return fragment;
}

// Control characters other than the line end: a hostile file's escape sequences must be escaped.
bool has_raw_control(const std::string& s) {
  return std::any_of(s.begin(), s.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u < 0x20 && c != '\n') || u == 0x7F;
  }) || s.find("\xc2\x9b") != std::string::npos;
}

struct CommandOutcome {
  int exit_code = -1;
  std::string out, err;
};

// What `pumprig run FILE` does: a suite file runs as a suite, anything else as one scenario.
CommandOutcome run_command(RunOptions o) {
  std::string text;
  try {
    text = read_text(o.scenario_path);
  } catch (const std::exception&) {
  }
  std::ostringstream out, err;
  CommandOutcome r;
  r.exit_code = is_suite_text(text) ? run_suite(o, out, err).exit_code : run_scenario(o, out, err).exit_code;
  r.out = out.str();
  r.err = err.str();
  return r;
}

void check_run_case(const std::string& kind, const Expectation& e) {
  BOOST_TEST_CONTEXT(kind << "/" << e.file) {
    TempDir tmp("pumprig-malformed");
    const std::string path = (kCorpus / "cases" / kind / e.file).string();
    RunOptions o;
    o.quiet = true;
    o.out_dir = (tmp.path() / "out").string();
    o.runs_dir = (tmp.path() / "runs").string();
    if (kind == "fixture") {
      o.fixture_path = path;
      o.scenario_path = (kCorpus / "good-scenario.yaml").string();
    } else {
      o.fixture_path = one_station_sim_bench_path().string();
      o.scenario_path = path;
    }
    CommandOutcome r;
    BOOST_CHECK_NO_THROW(r = run_command(o));
    BOOST_TEST(r.exit_code == kExitUsage);
    const std::string want = with_file(e.fragment, path);
    BOOST_TEST(r.err.find(want) != std::string::npos, "expected \"" << want << "\" in: " << r.err);
    BOOST_TEST(!has_raw_control(r.err), "raw control character in: " << r.err);
    BOOST_TEST(!fs::exists(tmp.path() / "out"));
    BOOST_TEST(!fs::exists(tmp.path() / "runs"));
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(malformed_corpus)

BOOST_AUTO_TEST_CASE(the_base_scenario_is_valid) {
  // Fixture cases run with it, and suite cases list it: their errors must be their own.
  TempDir tmp("pumprig-malformed");
  RunOptions o;
  o.quiet = true;
  o.fixture_path = one_station_sim_bench_path().string();
  o.scenario_path = (kCorpus / "good-scenario.yaml").string();
  o.out_dir = (tmp.path() / "out").string();
  o.runs_dir = (tmp.path() / "runs").string();
  const CommandOutcome r = run_command(o);
  // It runs to the end; it declares no analysis, so its verdict is inconclusive (exit 1), never a
  // configuration error (2).
  BOOST_TEST(r.exit_code == kExitFail, r.err);
  BOOST_TEST(fs::exists(tmp.path() / "out" / "result.json"));
}

BOOST_AUTO_TEST_CASE(broken_fixtures_scenarios_and_suites_exit_2_with_their_message) {
  std::size_t count = 0;
  for (const std::string kind : {"fixture", "scenario", "suite"}) {
    for (const auto& e : expectations(kind)) {
      check_run_case(kind, e);
      ++count;
    }
  }
  BOOST_TEST(count >= 50u);
}

BOOST_AUTO_TEST_CASE(broken_csv_files_exit_2_with_their_message) {
  const auto cases = expectations("csv");
  BOOST_TEST(cases.size() >= 20u);
  for (const auto& e : cases) {
    BOOST_TEST_CONTEXT("csv/" << e.file) {
      TempDir tmp("pumprig-malformed");
      AnalyzeOptions o;
      o.input = (kCorpus / "cases" / "csv" / e.file).string();
      o.rate = "25ml/h";
      o.out = (tmp.path() / "analysis").string();
      for (const auto& [key, value] : e.options) {
        if (key == "time_column") o.time_column = value;
        else if (key == "time_unit") o.time_unit = value;
        else if (key == "temperature_column") o.temperature_column = value;
        else BOOST_FAIL("unknown option " << key << " in csv/expected.txt");
      }
      std::ostringstream out, err;
      int code = -1;
      BOOST_CHECK_NO_THROW(code = run_analyze(o, out, err));
      BOOST_TEST(code == kExitUsage);
      const std::string want = with_file(e.fragment, o.input);
      BOOST_TEST(err.str().find(want) != std::string::npos, "expected \"" << want << "\" in: " << err.str());
      BOOST_TEST(!has_raw_control(err.str()), "raw control character in: " << err.str());
      BOOST_TEST(!fs::exists(tmp.path() / "analysis"));
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
