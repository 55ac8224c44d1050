#pragma once
// The run recorder: streams samples, events and raw wire bytes into a run folder as they
// happen, so that a run killed at any instant (SIGKILL, power loss) still leaves a usable
// record. Lines go out one write(2) each; data is fsynced on a real-time period (never per
// simulated second: a virtual-time run makes hours of data in a second); run.json and
// result.json are replaced atomically.
//
// Folder layout (see DESIGN.md, "Run folder"):
//   run.json                status, timestamps and the caller's metadata
//   samples-<station>.csv   "time_s,mass_g,stable" then one line per reading (test time)
//   prestart-samples-<station>.csv, prestart-io-<station>.csv
//                           readings before the pump started (recording time; run_files.hpp)
//   events.jsonl            {"t_s","utc","kind","source","message","data","chain"} per line
//   wire-<instrument>.log   raw bytes both ways (see wire_log.hpp), up to a size cap
//   result.json             analysis results, when written
//
// Every error writing (disk full, permission, I/O) throws std::system_error naming the file
// and the OS reason; the runner turns that into an abort to the safe state. Not thread-safe:
// it lives on the run's event loop thread.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "rig/core/rig_event.hpp"
#include "rig/core/time.hpp"
#include "rig/record/line_file.hpp"
#include "rig/record/run_folder.hpp"
#include "rig/record/run_status.hpp"

namespace pumprig {

// 64 MB of wire log per instrument: days of normal traffic (a balance at 10 Hz writes about
// 3 MB/h), an hour of a line that carries nothing but noise.
constexpr std::uint64_t kDefaultWireLogMaxBytes = 64ull << 20;

struct RecorderOptions {
  // Longest real time appended lines may sit only in the page cache. At most 1 s.
  std::chrono::steady_clock::duration sync_period = std::chrono::milliseconds(500);
  // Real-time source for the sync period; tests substitute a fake.
  std::function<std::chrono::steady_clock::time_point()> steady_now = [] {
    return std::chrono::steady_clock::now();
  };
  // Size cap of each wire-<instrument>.log. A chunk that would take the file past it is not
  // logged; the first one records a `wire_log_truncated` event, and finish() records how many
  // bytes and chunks were left out. Samples and events are never capped.
  std::uint64_t wire_log_max_bytes = kDefaultWireLogMaxBytes;
};

// Which clock a station's reading is timed by, and so which file it goes to: test time (from the
// pump start; samples-/io-<station>.csv) or recording time (from the recording start, before the
// pump started; prestart-samples-/prestart-io-<station>.csv).
enum class Timeline { test, prestart };

class Recorder {
 public:
  // Keys of run.json that the recorder owns; metadata and patches may not set them.
  static constexpr const char* kOwnedKeys[] = {"status", "start_utc", "end_utc", "end_reason", "record_format",
                                                   "run_id", "events_chain"};

  // Writes run.json (the caller's metadata object plus status "running", start_utc,
  // record_format) and creates events.jsonl. Throws std::invalid_argument if metadata is not
  // an object or sets an owned key.
  Recorder(RunFolder folder, nlohmann::json metadata, RecorderOptions options = {});
  // A recorder dropped without finish() (e.g. during stack unwinding) marks the run aborted.
  // Never throws.
  ~Recorder();
  Recorder(const Recorder&) = delete;
  Recorder& operator=(const Recorder&) = delete;

  // station / instrument: [A-Za-z0-9._-]+ not starting with '.' (std::invalid_argument).
  void add_sample(const std::string& station, double t_s, double mass_g, bool stable, Timeline timeline = Timeline::test);
  // The rig I/O board's stream: io-<station>.csv, "time_s,pressure_mmhg,pressure2_mmhg,temperature_c,
  // alarm,occluder_closed" (pressure2 empty when the board has one transducer; flags 0/1).
  void add_io_sample(const std::string& station, double t_s, double pressure_mmhg, std::optional<double> pressure2_mmhg,
                     double temperature_c, bool alarm, bool occluder_closed, Timeline timeline = Timeline::test);
  void add_event(const RigEvent& event);
  // direction: '>' host to instrument, '<' instrument to host. Empty chunks are skipped.
  void add_wire(const std::string& instrument, Nanos t_ns, char direction, std::span<const std::uint8_t> bytes);

  // RFC 7386 merge patch into the metadata (null deletes a key), then run.json is rewritten
  // atomically. Allowed after finish() too (e.g. report digests).
  void update_metadata(const nlohmann::json& patch);
  // result.json, atomically. Allowed after finish().
  void write_result(const nlohmann::json& result);
  // status finished or aborted. Syncs and closes every data file first, so a run.json that
  // says "finished" implies the data behind it is on disk. Then the add_* calls throw
  // std::logic_error.
  void finish(RunStatus status, const std::string& reason);

  // fsync every file with unsynced lines (and the directory if files were created).
  void sync_now();
  // sync_now() if at least sync_period of real time passed since the last sync. Called on
  // every append; a runner should also call it from a periodic real-time timer so that the
  // last lines before a quiet spell are synced too. Returns whether it synced.
  bool sync_if_due();

  const std::filesystem::path& dir() const { return dir_; }
  // The run's id (run.json's run_id): unique, whatever the folder is called (run_folder.hpp).
  const std::string& run_id() const { return run_id_; }
  const nlohmann::json& metadata() const { return metadata_; }
  bool finished() const { return finished_; }
  // fsync/fdatasync calls issued so far (files and directory).
  std::uint64_t fsync_count() const { return fsync_count_; }

 private:
  LineFile& samples_file(const std::string& station, Timeline timeline);
  LineFile& wire_file(const std::string& instrument);
  LineFile& io_file(const std::string& station, Timeline timeline);
  LineFile& station_csv(std::map<std::string, LineFile, std::less<>>& files, std::string (*file_name)(std::string_view station),
                        const std::string& station, std::string_view header);
  LineFile open_new_file(const std::string& name);
  void check_open(const char* what) const;
  void write_run_json();
  void record_wire_log_truncations();

  std::filesystem::path dir_;
  std::string run_id_;
  nlohmann::json metadata_;
  RecorderOptions options_;
  LineFile events_;
  std::map<std::string, LineFile, std::less<>> samples_;
  std::map<std::string, LineFile, std::less<>> wires_;
  struct WireLogUse {
    std::uint64_t bytes = 0;            // of the file, newlines included
    std::uint64_t skipped_bytes = 0;    // wire bytes not logged after the cap
    std::uint64_t skipped_chunks = 0;
    Nanos last_t_ns = 0;
  };
  std::map<std::string, WireLogUse, std::less<>> wire_use_;
  std::map<std::string, LineFile, std::less<>> io_;
  std::map<std::string, LineFile, std::less<>> prestart_samples_, prestart_io_;
  std::string line_;  // reused line buffer
  std::string chain_;  // chain value of the last event line written (see event_chain.hpp)
  std::uint64_t event_lines_ = 0;
  std::chrono::steady_clock::time_point last_sync_;
  bool dir_dirty_ = false;
  bool finished_ = false;
  std::uint64_t fsync_count_ = 0;
};

}  // namespace pumprig
