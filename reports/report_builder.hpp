#pragma once
// From a run folder (as read back) to the report's Document: cover, summary, one section per
// test, events, data files and integrity, signatures. Everything the PDF and HTML show is decided
// here; the writers only lay it out.
#include <string>

#include "reports/document.hpp"
#include "reports/report.hpp"

namespace pumprig::reports {

Document build_document(const ReportInputs& inputs);

// The facts the cover and the JUnit file share.
struct RunFacts {
  std::string run_id;
  std::string provenance;  // "simulated", "real", "imported" or "unknown"
  std::string status;      // "finished", "aborted", "aborted (interrupted)", or "imported" (no recording)
  bool ended_normally = false;  // the recording finished, or imported data (nothing recorded that could end early)
  std::string overall;     // "pass", "fail", "inconclusive", "aborted" (rig/record/run_verdict.hpp)
  std::string overall_reason;  // why it is not a pass
  std::string scenario_id;
};
RunFacts run_facts(const RunFolderContents& run);

}  // namespace pumprig::reports
