#pragma once
// The test kinds a scenario may ask for, in the order their tests appear in a result.
#include <string_view>
#include <vector>

#include "rig/config/scenario.hpp"
#include "rig/kinds/test_kind.hpp"

namespace pumprig {

const std::vector<const TestKind*>& test_kinds();
// Null for a kind no module registers (a foreign or newer record).
const TestKind* find_test_kind(std::string_view name);
// Every registered kind's block reader, for the scenario loader.
const std::vector<AnalysisBlockParser>& analysis_block_parsers();

}  // namespace pumprig
