#pragma once
// The balance readings of an imported result (pumprig analyze --input) for its plots, read with
// the analysis' own reader in the format result.json's run.source records (columns, time unit or
// format, delimiter, decimal separator), so a ';'-separated file with decimal commas and dated
// rows plots like the rig's own samples: columns `time_s` (seconds, as the analysis counted them)
// and `mass_g`. A file that no longer reads gives an empty trace with the reader's message as its
// note.
#include <filesystem>

#include <nlohmann/json.hpp>

#include "reports/traces.hpp"

namespace pumprig::reports {

Trace read_imported_trace(const std::filesystem::path& path, const nlohmann::json& source);

}  // namespace pumprig::reports
