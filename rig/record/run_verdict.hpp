#pragma once
// The one overall verdict of a run, from its record. Console summary, exit code, report cover,
// JUnit, run index and suite summary all call this, so a run has the same verdict everywhere.
// Rules, in order:
//   aborted (the run did not finish)                              -> aborted
//   no result.json                                                -> inconclusive
//   no test (the scenario declares no analysis)                   -> inconclusive: nothing was judged
//   any test or station check fails                               -> fail
//   any test or station check inconclusive, or its verdict unknown -> inconclusive
//   otherwise                                                     -> pass
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "rig/analysis/verdict.hpp"

namespace pumprig {

struct RunFolderContents;

enum class OverallVerdict { pass, fail, inconclusive, aborted };

std::string_view to_string(OverallVerdict outcome);

struct RunVerdict {
  OverallVerdict outcome = OverallVerdict::inconclusive;
  std::string reason;  // why it is not a pass ("" for a pass)
};

// A verdict word as written in result.json; nullopt for anything else (treated as inconclusive).
std::optional<Verdict> parse_verdict(std::string_view text);

// `result` is result.json (null when there is none); `aborted` whether the run ended before its
// steps did, with its reason.
RunVerdict run_verdict(const nlohmann::json* result, bool aborted, const std::string& abort_reason = {});

// The same for a recorded folder. Imported data (provenance "imported", no run.json) are judged
// by their analysis alone: they were never a recording that could abort.
RunVerdict run_verdict(const RunFolderContents& run);

}  // namespace pumprig
