#pragma once
// junit.xml for CI. A run's: one <testsuite> per test of result.json plus one for the run and its
// stations; one <testcase> per acceptance check, per station check and for each test's verdict.
//
// Inconclusive is written as <error type="inconclusive">, not <skipped>: CI tools count a
// skipped case as harmless, and an inconclusive verdict (data that cannot show pass or fail)
// must never read as a pass. An aborted run or station is an <error type="aborted">.
#include <optional>
#include <string>
#include <vector>

#include "rig/record/run_reader.hpp"

namespace pumprig::reports {

std::string run_to_junit(const RunFolderContents& run);

// A suite's junit.xml: one <testsuite> per scenario run (named by the scenario, or its expansion),
// holding that run's cases, with its wall time as time and its tests' simulated durations as
// properties; a scenario that did not run is a <testsuite> with one error case saying why.
struct SuiteJunitEntry {
  std::string name;                       // "occlusion-25mlh-low", or an expansion's name
  std::string folder;                     // the run folder ("" when not run)
  std::optional<RunFolderContents> run;   // none: not run
  std::string not_run_reason;
};
std::string suite_to_junit(const std::string& suite_id, const std::vector<SuiteJunitEntry>& entries);

}  // namespace pumprig::reports
