#include "rig/record/run_reader.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "rig/record/jsonl.hpp"
#include "rig/record/run_files.hpp"

namespace pumprig {
namespace {

using nlohmann::json;

// Parses a whole JSON file; std::nullopt plus a note when it is missing or unreadable.
std::optional<json> read_json_file(const std::filesystem::path& path, std::vector<std::string>& notes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    notes.push_back(path.string() + ": missing");
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  try {
    return json::parse(text.str());
  } catch (const json::parse_error& e) {
    notes.push_back(path.string() + ": unreadable (" + e.what() + ")");
    return std::nullopt;
  }
}

// "samples-balance-1.csv" with prefix "samples-" and suffix ".csv" gives "balance-1".
std::optional<std::string> middle(const std::string& name, std::string_view prefix, std::string_view suffix) {
  if (name.size() <= prefix.size() + suffix.size()) return std::nullopt;
  if (name.compare(0, prefix.size(), prefix) != 0) return std::nullopt;
  if (name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0) return std::nullopt;
  return name.substr(prefix.size(), name.size() - prefix.size() - suffix.size());
}

}  // namespace

RunFolderContents load_run_folder(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) throw std::runtime_error("no run folder at " + dir.string());
  RunFolderContents c;
  c.dir = dir;

  if (auto run = read_json_file(dir / run_files::kRunJson, c.notes); run && run->is_object()) {
    c.run = std::move(*run);
    const std::string recorded = c.run.value("status", std::string());
    const std::optional<RunStatus> status = parse_run_status(recorded);
    if (status == RunStatus::finished || status == RunStatus::aborted) {
      c.status = *status;
    } else if (status == RunStatus::running) {
      c.interrupted = true;
      c.notes.push_back((dir / run_files::kRunJson).string() +
                        ": status is still \"running\" but the run is not live: the recording was interrupted "
                        "(killed or crashed); treated as aborted");
    } else {
      c.interrupted = true;
      c.notes.push_back((dir / run_files::kRunJson).string() + ": unknown status \"" + recorded + "\"; treated as aborted");
    }
  } else {
    if (run) c.notes.push_back((dir / run_files::kRunJson).string() + ": not a JSON object");
    c.interrupted = true;
    c.notes.push_back("no readable run.json: run treated as aborted");
  }

  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (auto station = middle(name, run_files::kSamplesPrefix, run_files::kCsvSuffix)) c.samples.emplace(*station, entry.path());
    if (auto station = middle(name, run_files::kIoPrefix, run_files::kCsvSuffix)) c.io_samples.emplace(*station, entry.path());
    if (auto station = middle(name, run_files::kPrestartSamplesPrefix, run_files::kCsvSuffix))
      c.prestart_samples.emplace(*station, entry.path());
    if (auto station = middle(name, run_files::kPrestartIoPrefix, run_files::kCsvSuffix))
      c.prestart_io_samples.emplace(*station, entry.path());
    if (auto instrument = middle(name, run_files::kWirePrefix, run_files::kLogSuffix)) c.wire_logs.emplace(*instrument, entry.path());
  }

  const auto events_path = dir / run_files::kEvents;
  if (std::filesystem::exists(events_path, ec)) {
    JsonlReadResult events = read_jsonl(events_path);
    c.events = std::move(events.objects);
    c.notes.insert(c.notes.end(), events.notes.begin(), events.notes.end());
    c.events_chain = check_event_chain(events_path);
    if (c.events_chain.state == EventChainCheck::State::broken)
      c.notes.push_back(events_path.string() + ": events chain " + c.events_chain.describe());
  } else {
    c.notes.push_back(events_path.string() + ": missing; no events");
  }

  if (std::filesystem::exists(dir / run_files::kResult, ec))
    if (const auto doc = read_json_file(dir / run_files::kResult, c.notes)) {
      c.result = run_result_from_json(*doc);
      if (!c.result) c.notes.push_back((dir / run_files::kResult).string() + ": not a JSON object; no analysis results");
    }
  return c;
}

}  // namespace pumprig
