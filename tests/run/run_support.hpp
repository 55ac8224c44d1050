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

#include "tests/support/sim_bench_fixture.hpp"
#include "tests/support/temp_files.hpp"

namespace pumprig::test {

inline std::filesystem::path source_path(const std::string& relative) {
  return std::filesystem::path(PUMPRIG_SOURCE_DIR) / relative;
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

// A run of `scenario` (relative to the source tree, or absolute) on the first station of the
// embedded simulated bench (see sim_bench_fixture.hpp), recorded into `out_dir`, without a
// progress line.
inline RunOptions options(const std::filesystem::path& scenario, const std::filesystem::path& out_dir) {
  RunOptions o;
  o.fixture_path = one_station_sim_bench_path().string();
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
