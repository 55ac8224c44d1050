#pragma once
// A finished (or killed) run folder opened for review: its readings, events and verdict put into
// a LiveRun, so the dashboard shows it with the same panels as a live run. Time is loop time, as
// live: test-time samples are shifted back by the station's pump start (t0 in events.jsonl).
#include <filesystem>

#include "gui/model/live_run.hpp"

namespace pumprig::gui {

// Throws std::runtime_error naming the folder or file when it cannot be read.
void load_run_folder_into(const std::filesystem::path& dir, LiveRun& run);

}  // namespace pumprig::gui
