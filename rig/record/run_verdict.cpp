#include "rig/record/run_verdict.hpp"

#include <fmt/format.h>

#include "rig/record/run_result.hpp"
#include "rig/record/run_reader.hpp"
#include "rig/record/run_status.hpp"

namespace pumprig {

std::string_view to_string(OverallVerdict outcome) {
  switch (outcome) {
    case OverallVerdict::pass: return "pass";
    case OverallVerdict::fail: return "fail";
    case OverallVerdict::inconclusive: return "inconclusive";
    case OverallVerdict::measured: return "measured";
    case OverallVerdict::aborted: return "aborted";
  }
  return "inconclusive";
}

RunVerdict run_verdict(const RunResult* result, bool aborted, const std::string& abort_reason) {
  if (aborted) return {OverallVerdict::aborted, abort_reason.empty() ? "the run was aborted" : abort_reason};
  if (!result) return {OverallVerdict::inconclusive, "no analysis results (result.json missing)"};
  if (result->tests.empty())
    return {OverallVerdict::inconclusive, "no test: the scenario declares no analysis, so nothing was judged"};

  Verdict overall = Verdict::pass;
  std::string first_fail, first_inconclusive, first_measured;
  auto fold = [&](Verdict v, const std::string& what) {
    overall = combine(overall, v);
    if (v == Verdict::fail && first_fail.empty()) first_fail = what;
    if (v == Verdict::inconclusive && first_inconclusive.empty()) first_inconclusive = what;
    if (v == Verdict::measured && first_measured.empty()) first_measured = what;
  };
  for (const auto& t : result->tests) fold(t.verdict, t.id.empty() ? "a test with no id" : "test " + t.id);
  for (const auto& st : result->run.station_list())
    for (const auto& c : st.checks) fold(c.verdict, fmt::format("station {} check {}", st.id, c.name));

  switch (overall) {
    case Verdict::pass: return {OverallVerdict::pass, ""};
    case Verdict::fail: return {OverallVerdict::fail, first_fail + " failed"};
    case Verdict::inconclusive: return {OverallVerdict::inconclusive, first_inconclusive + " is inconclusive"};
    case Verdict::measured:
      return {OverallVerdict::measured, first_measured + " has no acceptance limits: measured, not judged"};
  }
  return {OverallVerdict::inconclusive, ""};
}

RunVerdict run_verdict(const RunFolderContents& run) {
  // Imported data (no run.json) are judged by their analysis alone: they were never a recording
  // that could abort.
  const bool imported_analysis = run.run.empty() && run.result && run.result->run.provenance == Provenance::imported;
  const bool aborted = !imported_analysis && run.status != RunStatus::finished;
  return run_verdict(run.result ? &*run.result : nullptr, aborted,
                     run.interrupted ? "the recording was interrupted" : run.run.value("end_reason", std::string()));
}

}  // namespace pumprig
