#pragma once
// Loading a run folder for analysis and reports, including folders of runs that were killed:
// whatever complete lines are there are used, damage a crash can cause is forgiven with a
// note, and a run that never reached finish() is reported as aborted (interrupted).
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "rig/record/event_chain.hpp"
#include "rig/record/run_result.hpp"
#include "rig/record/run_status.hpp"

namespace pumprig {

struct RunFolderContents {
  std::filesystem::path dir;
  nlohmann::json run = nlohmann::json::object();  // run.json as recorded ({} if missing/unreadable)
  // Effective status: finished or aborted. A run.json still saying "running" (the process died
  // without finishing), a missing or unreadable run.json, or an unknown status all give aborted
  // with interrupted = true and a note.
  RunStatus status = RunStatus::aborted;
  bool interrupted = false;
  std::map<std::string, std::filesystem::path> samples;    // station -> samples-<station>.csv
  std::map<std::string, std::filesystem::path> io_samples; // station -> io-<station>.csv (rig I/O board)
  // Readings before the pump started, timed from the recording start (see run_files.hpp).
  std::map<std::string, std::filesystem::path> prestart_samples, prestart_io_samples;
  std::map<std::string, std::filesystem::path> wire_logs;  // instrument -> wire-<instrument>.log
  std::vector<nlohmann::json> events;                      // events.jsonl, in order
  // The hash chain over events.jsonl: a broken chain is not a reason to refuse the folder (the
  // data may still be analysed) but is named in the notes; `pumprig verify` fails on it.
  EventChainCheck events_chain;
  std::optional<RunResult> result;                         // result.json if present and readable
  std::vector<std::string> notes;                          // what was forgiven, for the report

  // "finished", "aborted" or "aborted (interrupted)".
  std::string status_label() const { return std::string(to_string(status)) + (interrupted ? " (interrupted)" : ""); }
};

// Throws std::runtime_error if `dir` is not a directory or events.jsonl has damage a crash
// cannot cause (a bad line that is not the last one, naming file:line).
RunFolderContents load_run_folder(const std::filesystem::path& dir);

}  // namespace pumprig
