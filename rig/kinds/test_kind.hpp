#pragma once
// A test kind is one module (rig/kinds/<kind>/) behind this interface: it reads and validates its
// block under a scenario's `analysis:` (with the same parameter rules its analysis applies, so a
// scenario that loads can be analysed after its run), analyses one station from the record,
// serialises the test for result.json and gives its headline for the terminal. Adding a kind is
// its folder plus one line in registry.cpp; its report section, if it has its own layout, is
// registered on the reports side (reports/sections/), since the controller never depends on the
// outputs.
#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "rig/analysis/result_json.hpp"
#include "rig/config/fixture.hpp"
#include "rig/config/scenario.hpp"
#include "rig/config/yaml_reader.hpp"
#include "rig/kinds/station_record.hpp"

namespace pumprig {

// One analysed test.
struct AnalysedTest {
  TestResult test;              // its entry in result.json's "tests"
  std::string terminal_detail;  // a block the terminal prints before the one-line summaries (may be empty)
};

class TestKind {
 public:
  virtual ~TestKind() = default;
  // The key under `analysis:` and the tests' "kind" in result.json.
  virtual std::string_view name() const = 0;
  // Throws ConfigError at the offending key; `scenario` holds the steps read so far.
  virtual std::shared_ptr<const AnalysisSpec> parse(const yaml_reader::Context& ctx, const yaml_reader::Value& block,
                                                    const Scenario& scenario) const = 0;
  // Never throws on a record it cannot analyse: the test is then inconclusive with a note.
  virtual AnalysedTest analyse(const StationRecord& station, const AnalysisSpec& spec, const Fixture& fixture,
                               const Scenario& scenario) const = 0;
  // The headline numbers of a test of this kind for its verdict line, " (...)", or "" (read from
  // its result.json entry, so it works the same for a live run and a re-analysis).
  virtual std::string summary(const TestResult& test) const = 0;
};

// A test that could not be analysed: its verdict is inconclusive and the note says why.
TestResult not_analysed(const std::string& id, std::string_view kind, const std::string& station, const char* method,
                            const std::string& note);

// The test id of a kind on a station ("station-1-free-flow"): the kind's name with '-' for '_'.
std::string test_id(std::string_view kind, const std::string& station);

}  // namespace pumprig
