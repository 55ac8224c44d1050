#pragma once
// Helpers for the end-to-end run tests: a scratch folder, running a scenario through
// run_scenario (the code path of `pumprig run`) on the embedded simulated bench, and reading the
// run folder back.
#include <stdlib.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "rig/cli/run_command.hpp"

namespace pumprig::test {

inline std::filesystem::path source_path(const std::string& relative) {
  return std::filesystem::path(PUMPRIG_SOURCE_DIR) / relative;
}

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "pumprig-run-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  // PUMPRIG_KEEP_TEST_RUNS=1 keeps the run folders for a look after a failure.
  ~TempDir() {
    if (const char* keep = std::getenv("PUMPRIG_KEEP_TEST_RUNS"); keep && *keep == '1') return;
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + p.string());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline void write_text(const std::filesystem::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << text;
}

inline nlohmann::json read_json(const std::filesystem::path& p) { return nlohmann::json::parse(read_text(p)); }

// Every line of events.jsonl parsed (the file must be intact).
inline std::vector<nlohmann::json> read_events(const std::filesystem::path& run_dir) {
  std::vector<nlohmann::json> out;
  std::istringstream in(read_text(run_dir / "events.jsonl"));
  for (std::string line; std::getline(in, line);) out.push_back(nlohmann::json::parse(line));
  return out;
}

inline std::vector<nlohmann::json> events_of_kind(const std::vector<nlohmann::json>& events, const std::string& kind) {
  std::vector<nlohmann::json> out;
  std::copy_if(events.begin(), events.end(), std::back_inserter(out),
               [&](const nlohmann::json& e) { return e.value("kind", "") == kind; });
  return out;
}

inline bool any_message_contains(const std::vector<nlohmann::json>& events, const std::string& kind,
                                 const std::string& text) {
  return std::any_of(events.begin(), events.end(), [&](const nlohmann::json& e) {
    return e.value("kind", "") == kind && e.value("message", "").find(text) != std::string::npos;
  });
}

// Loop time (s) of the pump start, from the "pump started" event.
inline double t0_s(const std::vector<nlohmann::json>& events) {
  for (const auto& e : events)
    if (e.value("kind", "") == "pump" && e.contains("data") && e["data"].contains("t0_s"))
      return e["data"]["t0_s"].get<double>();
  throw std::runtime_error("no pump start event");
}

struct RunOutcome {
  RunReport report;
  std::string out;
  std::string err;
};

// A run of `scenario` (relative to the source tree, or absolute) on the embedded simulated bench,
// recorded into `out_dir`, without a progress line.
inline RunOptions options(const std::filesystem::path& scenario, const std::filesystem::path& out_dir) {
  RunOptions o;
  o.scenario_path = scenario.is_absolute() ? scenario.string() : source_path(scenario.string()).string();
  o.out_dir = out_dir.string();
  o.quiet = true;
  return o;
}

inline RunOutcome run(const RunOptions& o) {
  std::ostringstream out, err;
  RunOutcome r;
  r.report = run_scenario(o, out, err);
  r.out = out.str();
  r.err = err.str();
  return r;
}

}  // namespace pumprig::test
