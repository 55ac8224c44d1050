#pragma once
// junit.xml for CI: one <testsuite> per test of result.json plus one for the run and its
// stations; one <testcase> per acceptance check, per station check and for each test's verdict.
//
// Inconclusive is written as <error type="inconclusive">, not <skipped>: CI tools count a
// skipped case as harmless, and an inconclusive verdict (data that cannot show pass or fail)
// must never read as a pass. An aborted run or station is an <error type="aborted">.
#include <string>

#include "rig/record/run_reader.hpp"

namespace pumprig::reports {

std::string run_to_junit(const RunFolderContents& run);

}  // namespace pumprig::reports
