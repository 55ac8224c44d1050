#include "rig/record/recorder.hpp"

#include <exception>
#include <stdexcept>

#include <fmt/format.h>

#include "rig/record/atomic_write.hpp"
#include "rig/record/event_chain.hpp"
#include "rig/record/number_text.hpp"
#include "rig/record/utc_time.hpp"
#include "rig/record/wire_log.hpp"
#include "rig/record/run_files.hpp"

namespace pumprig {
namespace {

using nlohmann::json;

// 2: events.jsonl lines carry the hash chain; run.json has run_id and events_chain.
constexpr const char* kRecordFormat = "pumprig-run/2";

void check_no_owned_keys(const json& object, const char* what) {
  for (const char* key : Recorder::kOwnedKeys)
    if (object.contains(key))
      throw std::invalid_argument(std::string(what) + " may not set \"" + key + "\": the recorder owns it");
}

json checked_metadata(json metadata) {
  if (!metadata.is_object()) throw std::invalid_argument("run metadata must be a JSON object");
  check_no_owned_keys(metadata, "run metadata");
  return metadata;
}

void check_name(const std::string& name, const char* what) {
  if (!is_safe_name(name))
    throw std::invalid_argument(std::string(what) + " name \"" + name +
                                "\" cannot be used in a file name (use letters, digits, '.', '_', '-')");
}

// Invalid UTF-8 (a message quoting raw instrument bytes) must not make recording throw.
std::string dump_json(const json& j, int indent = -1) {
  return j.dump(indent, ' ', false, json::error_handler_t::replace);
}

}  // namespace

Recorder::Recorder(RunFolder folder, nlohmann::json metadata, RecorderOptions options)
    : dir_(folder.path()),
      run_id_(folder.run_id()),
      metadata_(checked_metadata(std::move(metadata))),
      options_(std::move(options)),
      events_(dir_ / run_files::kEvents),
      chain_(event_chain_genesis()) {
  if (options_.sync_period < std::chrono::steady_clock::duration::zero() ||
      options_.sync_period > std::chrono::seconds(1))
    throw std::invalid_argument("recorder sync period must be between 0 and 1 s");
  if (!options_.steady_now) throw std::invalid_argument("recorder needs a steady clock");
  if (options_.wire_log_max_bytes == 0) throw std::invalid_argument("recorder wire log size cap must be positive");
  metadata_["status"] = std::string(to_string(RunStatus::running));
  metadata_["start_utc"] = utc_iso(std::chrono::system_clock::now());
  metadata_["record_format"] = kRecordFormat;
  metadata_["run_id"] = run_id_;
  write_run_json();
  dir_dirty_ = true;  // events.jsonl was created
  sync_now();
}

Recorder::~Recorder() {
  if (finished_) return;
  try {
    finish(RunStatus::aborted, "recorder closed before the run finished");
  } catch (...) {
    // Nothing more can be done from a destructor; the reader will treat the folder as
    // interrupted because run.json still says "running".
  }
}

void Recorder::check_open(const char* what) const {
  if (finished_) throw std::logic_error(std::string(what) + " after the run in " + dir_.string() + " finished");
}

LineFile Recorder::open_new_file(const std::string& name) {
  LineFile file(dir_ / name);
  dir_dirty_ = true;
  return file;
}

// A per-station CSV (samples-<station>.csv, io-<station>.csv): opened with its header line on
// the first row.
LineFile& Recorder::station_csv(std::map<std::string, LineFile, std::less<>>& files,
                                std::string (*file_name)(std::string_view station), const std::string& station,
                                std::string_view header) {
  if (auto it = files.find(station); it != files.end()) return it->second;
  check_name(station, "station");
  LineFile file = open_new_file(file_name(station));
  file.append_line(header);
  return files.emplace(station, std::move(file)).first->second;
}

constexpr std::string_view kSamplesHeader = "time_s,mass_g,stable";
constexpr std::string_view kIoHeader = "time_s,pressure_mmhg,pressure2_mmhg,temperature_c,alarm,occluder_closed";

LineFile& Recorder::samples_file(const std::string& station, Timeline timeline) {
  return timeline == Timeline::test ? station_csv(samples_, run_files::samples, station, kSamplesHeader)
                                    : station_csv(prestart_samples_, run_files::prestart_samples, station, kSamplesHeader);
}

LineFile& Recorder::wire_file(const std::string& instrument) {
  if (auto it = wires_.find(instrument); it != wires_.end()) return it->second;
  check_name(instrument, "instrument");
  return wires_.emplace(instrument, open_new_file(run_files::wire(instrument))).first->second;
}

LineFile& Recorder::io_file(const std::string& station, Timeline timeline) {
  return timeline == Timeline::test ? station_csv(io_, run_files::io, station, kIoHeader)
                                    : station_csv(prestart_io_, run_files::prestart_io, station, kIoHeader);
}

void Recorder::add_io_sample(const std::string& station, double t_s, double pressure_mmhg,
                             std::optional<double> pressure2_mmhg, double temperature_c, bool alarm, bool occluder_closed, Timeline timeline) {
  check_open("io sample");
  LineFile& file = io_file(station, timeline);
  line_.clear();
  append_number(line_, t_s);
  line_.push_back(',');
  append_number(line_, pressure_mmhg);
  line_.push_back(',');
  if (pressure2_mmhg) append_number(line_, *pressure2_mmhg);
  line_.push_back(',');
  append_number(line_, temperature_c);
  line_ += alarm ? ",1" : ",0";
  line_ += occluder_closed ? ",1" : ",0";
  file.append_line(line_);
  sync_if_due();
}

void Recorder::add_sample(const std::string& station, double t_s, double mass_g, bool stable, Timeline timeline) {
  check_open("sample");
  LineFile& file = samples_file(station, timeline);
  line_.clear();
  append_number(line_, t_s);
  line_.push_back(',');
  append_number(line_, mass_g);
  line_ += stable ? ",1" : ",0";
  file.append_line(line_);
  sync_if_due();
}

void Recorder::add_event(const RigEvent& event) {
  check_open("event");
  // Built by hand to keep a fixed, readable key order with time first.
  line_ = "{\"t_s\":";
  append_number(line_, to_seconds(event.t_ns));
  line_ += ",\"utc\":\"";
  line_ += utc_iso(std::chrono::system_clock::now());
  line_ += "\",\"kind\":";
  line_ += dump_json(to_string(event.kind));
  line_ += ",\"source\":";
  line_ += dump_json(event.source);
  line_ += ",\"message\":";
  line_ += dump_json(event.message);
  line_ += ",\"data\":";
  line_ += event.data.is_null() ? std::string("{}") : dump_json(event.data);
  line_.push_back('}');
  std::string chain = chain_event_line(line_, chain_);
  events_.append_line(line_);
  chain_ = std::move(chain);
  ++event_lines_;
  sync_if_due();
}

void Recorder::add_wire(const std::string& instrument, Nanos t_ns, char direction,
                        std::span<const std::uint8_t> bytes) {
  check_open("wire bytes");
  if (bytes.empty()) return;
  const std::string line = format_wire_line(t_ns, direction, bytes);
  LineFile& file = wire_file(instrument);
  WireLogUse& use = wire_use_[instrument];
  use.last_t_ns = t_ns;
  if (use.skipped_chunks > 0 || use.bytes + line.size() + 1 > options_.wire_log_max_bytes) {
    if (use.skipped_chunks++ == 0)
      add_event(RigEvent{t_ns, EventKind::wire_log_truncated, instrument,
                         fmt::format("wire-{}.log reached its size limit of {} bytes (fixture wire_log.max_mb): later "
                                     "bytes of this instrument are counted, not logged",
                                     instrument, options_.wire_log_max_bytes),
                         {{"max_bytes", options_.wire_log_max_bytes}, {"logged_bytes", use.bytes}}});
    use.skipped_bytes += bytes.size();
    return;
  }
  file.append_line(line);
  use.bytes += line.size() + 1;
  sync_if_due();
}

// At the end of the run: how much each capped wire log left out, so the record says it exactly.
void Recorder::record_wire_log_truncations() {
  for (const auto& [instrument, use] : wire_use_) {
    if (use.skipped_chunks == 0) continue;
    add_event(RigEvent{use.last_t_ns, EventKind::wire_log_truncated, instrument,
                       fmt::format("wire-{}.log was capped at {} bytes: {} wire bytes in {} chunks were not logged",
                                   instrument, options_.wire_log_max_bytes, use.skipped_bytes, use.skipped_chunks),
                       {{"max_bytes", options_.wire_log_max_bytes},
                        {"logged_bytes", use.bytes},
                        {"skipped_bytes", use.skipped_bytes},
                        {"skipped_chunks", use.skipped_chunks},
                        {"final", true}}});
  }
}

void Recorder::write_run_json() { write_file_atomically(dir_ / run_files::kRunJson, dump_json(metadata_, 2) + "\n"); }

void Recorder::update_metadata(const nlohmann::json& patch) {
  if (!patch.is_object()) throw std::invalid_argument("metadata patch must be a JSON object");
  check_no_owned_keys(patch, "metadata patch");
  metadata_.merge_patch(patch);
  write_run_json();
}

void Recorder::write_result(const nlohmann::json& result) {
  write_file_atomically(dir_ / run_files::kResult, dump_json(result, 2) + "\n");
}

void Recorder::finish(RunStatus status, const std::string& reason) {
  if (status == RunStatus::running) throw std::invalid_argument("a run finishes as finished or aborted, not as running");
  check_open("finish");
  // Data first, then the status that vouches for it. If the data cannot be made durable the
  // run is still closed and marked, so the folder never claims more than it holds.
  std::exception_ptr data_error;
  std::string data_problem;
  try {
    record_wire_log_truncations();
    sync_now();
    events_.close();
    for (auto& [name, file] : samples_) file.close();
    for (auto& [name, file] : io_) file.close();
    for (auto& [name, file] : prestart_samples_) file.close();
    for (auto& [name, file] : prestart_io_) file.close();
    for (auto& [name, file] : wires_) file.close();
  } catch (const std::exception& e) {
    data_error = std::current_exception();
    data_problem = e.what();
  }
  finished_ = true;
  metadata_["status"] = std::string(to_string(data_error ? RunStatus::aborted : status));
  metadata_["end_utc"] = utc_iso(std::chrono::system_clock::now());
  // The chain head vouches for the last line: removing lines at the end leaves an intact chain.
  metadata_["events_chain"] = {{"algorithm", "sha256"}, {"lines", event_lines_}, {"head", chain_}};
  metadata_["end_reason"] = data_error ? reason + (reason.empty() ? "" : "; ") + "recording failed: " + data_problem
                                       : reason;
  try {
    write_run_json();
  } catch (...) {
    if (!data_error) throw;
  }
  if (data_error) std::rethrow_exception(data_error);
}

void Recorder::sync_now() {
  if (events_.sync()) ++fsync_count_;
  for (auto& [name, file] : samples_)
    if (file.sync()) ++fsync_count_;
  for (auto& [name, file] : io_)
    if (file.sync()) ++fsync_count_;
  for (auto* files : {&prestart_samples_, &prestart_io_})
    for (auto& [name, file] : *files)
      if (file.sync()) ++fsync_count_;
  for (auto& [name, file] : wires_)
    if (file.sync()) ++fsync_count_;
  if (dir_dirty_) {
    fsync_directory(dir_);
    ++fsync_count_;
    dir_dirty_ = false;
  }
  last_sync_ = options_.steady_now();
}

bool Recorder::sync_if_due() {
  if (options_.steady_now() - last_sync_ < options_.sync_period) return false;
  sync_now();
  return true;
}

}  // namespace pumprig
