#pragma once
// What the report shows of a test's measurement uncertainty: the checks in words with their
// expanded uncertainty, the limit's source and the decision rule, and one "Uncertainty budget"
// table per result that has one in result.json ("<field>_uncertainty", rig/analysis/README.md).
// Shared by the PDF and the HTML through the document blocks.
#include <string>
#include <vector>

#include "reports/document.hpp"
#include "rig/analysis/result_json.hpp"

namespace pumprig::reports {

// A result field or check quantity in words: "mean_error_pct" -> "Mean error A",
// "trumpet_ep_max_pct" with window 2 -> "Trumpet 2 min Ep(max)"; an unknown one as it is.
std::string quantity_words(const std::string& quantity, const std::optional<double>& window_min = std::nullopt);

// A check's limit in words: "≤ +10 %", "≥ 1200 mmHg", "within ±5 %", "50 g ± 0.5 mg".
std::string limit_words(const Check& c);

// The acceptance checks of a test: in words, value, U (k = 2), limit, verdict; then where the
// limits come from and how the verdicts were reached.
std::vector<Block> checks_blocks(const TestResult& test);

// One budget table per "<field>_uncertainty" of the test (trumpet windows: the table of U per
// window, and the budget of the shortest one).
std::vector<Block> uncertainty_blocks(const TestResult& test);

}  // namespace pumprig::reports
