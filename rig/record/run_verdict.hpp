#pragma once
// The one overall verdict of a run, from its record. Console summary, exit code, report cover,
// JUnit, run index and suite summary all call this, so a run has the same verdict everywhere.
// Rules, in order:
//   aborted (the run did not finish)                              -> aborted
//   no result.json                                                -> inconclusive
//   no test (the scenario declares no analysis)                   -> inconclusive: nothing was judged
//   any test or station check fails                               -> fail
//   any test or station check inconclusive, or its verdict unknown -> inconclusive
//   any test measured (no acceptance limits: nothing judged)      -> measured (exit 0, never PASS)
//   otherwise                                                     -> pass
#include <optional>
#include <string>
#include <string_view>

#include "rig/analysis/verdict.hpp"

namespace pumprig {

struct RunFolderContents;
struct RunResult;

enum class OverallVerdict { pass, fail, inconclusive, aborted, measured };

std::string_view to_string(OverallVerdict outcome);

struct RunVerdict {
  OverallVerdict outcome = OverallVerdict::inconclusive;
  std::string reason;  // why it is not a pass ("" for a pass)
};

// `result` is result.json (null when there is none); `aborted` whether the run ended before its
// steps did, with its reason.
RunVerdict run_verdict(const RunResult* result, bool aborted, const std::string& abort_reason = {});

// The same for a recorded folder. Imported data (provenance "imported", no run.json) are judged
// by their analysis alone: they were never a recording that could abort.
RunVerdict run_verdict(const RunFolderContents& run);

}  // namespace pumprig
