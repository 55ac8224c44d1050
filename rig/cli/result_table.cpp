#include "rig/cli/result_table.hpp"


#include <fmt/format.h>

#include "rig/kinds/registry.hpp"
#include "rig/record/run_status.hpp"
#include "rig/core/safe_text.hpp"

namespace pumprig {

void print_result_summary(std::ostream& out, const RunResult& result,
                          const std::vector<std::string>& details, const RunVerdict& verdict) {
  for (const auto& st : result.run.station_list()) {
    const std::size_t deviations = st.deviations.size();
    out << fmt::format("  station {}: {}{}\n", st.id, st.status == RunStatus::aborted ? "ABORTED: " + st.reason : "finished",
                       deviations ? fmt::format(", {} deviation(s) under policy {}", deviations, st.policy) : "");
  }
  for (const auto& d : details) out << d;
  for (const auto& t : result.tests) {
    const TestKind* kind = find_test_kind(t.kind);
    out << fmt::format("  {}: {}{}\n", t.id.empty() ? "test" : t.id, to_string(t.verdict), kind ? kind->summary(t) : "");
  }
  out << "  overall verdict: " << ascii_upper(to_string(verdict.outcome)) << (verdict.reason.empty() ? "" : " (" + verdict.reason + ")") << "\n";
}

}  // namespace pumprig
