#pragma once
// The accuracy result as a table for the terminal: what `pumprig analyze` prints and what
// `pumprig run` prints in its summary.
#include <ostream>
#include <string>
#include <vector>

#include "rig/analysis/accuracy.hpp"

namespace pumprig {

void print_accuracy_table(std::ostream& out, const AccuracyResult& r, const std::string& heading,
                          const std::string& density_source = "", const std::vector<std::string>& notes = {});

}  // namespace pumprig
