#pragma once
// Simulated runs shared by the integrity tests: made once per test executable (a 2 h run takes
// a fraction of a second in virtual time), in one runs folder with one index, then copied into
// each test's own scratch folder before anything is tampered with.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>

#include "rig/cli/run_command.hpp"
#include "rig/integrity/signing.hpp"
#include "rig/integrity/verify.hpp"
#include "tests/support/sim_bench_fixture.hpp"
#include "tests/support/temp_files.hpp"

namespace pumprig::test {

inline std::filesystem::path source_path(const std::string& relative) {
  return std::filesystem::path(PUMPRIG_SOURCE_DIR) / relative;
}

// A shipped scenario's text without its `regression:` block (the tests write their own).
inline std::string scenario_without_regression(const std::string& relative) {
  const std::string text = read_text(source_path(relative));
  const auto at = text.find("\nregression:");
  return at == std::string::npos ? text : text.substr(0, at + 1);
}

inline constexpr const char* kRegressionBlock =
    "\nregression:\n  tolerances: { mean_error_pct: 0.5, startup_delay_min: 10 %, trumpet_2min_ep_max_pct: 1 }\n";

struct SharedRuns {
  TempDir tmp{"pumprig-integrity"};
  std::filesystem::path runs_dir, keys_dir, regression_scenario;
  RunReport signed_run;      // seed 1, signed, default pump
  RunReport seed2_run;       // seed 2, scenario with a regression block, pump serial PUMP-B
  RunReport unsigned_run;    // seed 1 again, unsigned, pump serial PUMP-B
  std::string fingerprint;

  SharedRuns() {
    runs_dir = tmp.path() / "runs";
    keys_dir = tmp.path() / "keys";
    fingerprint = generate_signing_keys(keys_dir).fingerprint;
    // The accuracy scenario plus tolerances, as a tester would write them.
    regression_scenario = tmp.path() / "iec-accuracy-25mlh-regression.yaml";
    write_text(regression_scenario, scenario_without_regression("scenarios/iec-accuracy-25mlh.yaml") + kRegressionBlock);
    signed_run = run_one(source_path("scenarios/iec-accuracy-25mlh.yaml"), 1, {}, true);
    seed2_run = run_one(regression_scenario, 2, {"serial=PUMP-B"}, false);
    unsigned_run = run_one(source_path("scenarios/iec-accuracy-25mlh.yaml"), 1, {"serial=PUMP-B"}, false);
  }

  RunReport run_one(const std::filesystem::path& scenario, std::uint64_t seed, std::vector<std::string> dut, bool sign) {
    return record_run(runs_dir, scenario, seed, std::move(dut), sign ? keys_dir / kPrivateKeyFile : std::filesystem::path());
  }

  // A finished simulated run in `runs` (with its index beside it), signed when a key is given.
  static RunReport record_run(const std::filesystem::path& runs, const std::filesystem::path& scenario, std::uint64_t seed,
                              std::vector<std::string> dut, const std::filesystem::path& sign_key) {
    RunOptions o;
    o.scenario_path = scenario.string();
    o.fixture_path = one_station_sim_bench_path().string();
    o.runs_dir = runs.string();
    o.quiet = true;
    o.seed = seed;
    o.dut = std::move(dut);
    if (!sign_key.empty()) o.sign_key_path = sign_key.string();
    std::ostringstream out, err;
    RunReport r = run_scenario(o, out, err);
    if (r.exit_code != 0 || r.run_dir.empty())
      throw std::runtime_error("shared run failed (" + std::to_string(r.exit_code) + "): " + err.str());
    return r;
  }

  std::filesystem::path index() const { return runs_dir / "index.sqlite"; }
  std::filesystem::path public_key() const { return keys_dir / kPublicKeyFile; }
};

inline const SharedRuns& shared_runs() {
  static const auto runs = std::make_unique<SharedRuns>();
  return *runs;
}

// A problem of this kind (about this file, when one is named) among what verify found.
inline bool has_problem(const VerifyReport& r, VerifyProblem::Kind kind, const std::string& file = "") {
  return std::any_of(r.problems.begin(), r.problems.end(),
                     [&](const VerifyProblem& p) { return p.kind == kind && (file.empty() || p.file == file); });
}

// The outcome, every problem and note, for a failing check's message.
inline std::string describe(const VerifyReport& r) {
  std::string s = r.state() + ":";
  for (const auto& p : r.problems) s += " [" + std::string(to_string(p.kind)) + " " + p.file + ": " + p.detail + "]";
  for (const auto& n : r.notes) s += " (" + n + ")";
  return s;
}

inline bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A copy of a run folder (same folder name) in `parent`, to tamper with.
inline std::filesystem::path copy_run(const std::filesystem::path& run_dir, const std::filesystem::path& parent) {
  const auto dst = parent / run_dir.filename();
  std::filesystem::create_directories(parent);
  std::filesystem::copy(run_dir, dst, std::filesystem::copy_options::recursive);
  return dst;
}

// Flips the bits of one byte in the middle of the file.
inline void flip_one_byte(const std::filesystem::path& file) {
  std::string text = read_text(file);
  if (text.empty()) throw std::runtime_error("empty file " + file.string());
  text[text.size() / 2] = static_cast<char>(text[text.size() / 2] ^ 0x01);
  write_text(file, text);
}

}  // namespace pumprig::test
