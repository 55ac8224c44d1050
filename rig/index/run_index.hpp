#pragma once
// The run index: runs/index.sqlite (SQLite 3), one row per run with what history and
// regression comparison need, the key metrics, and named baselines. The run folders stay the
// record; the index is a catalogue of them and holds each run's manifest digest, so `pumprig
// verify` can tell a folder that was replaced wholesale (manifest regenerated) from the one
// that was indexed.
//
// Tables (schema "pumprig.index/1"):
//   runs(id PK, folder, start_utc, end_utc, scenario_id, fixture, provenance, status, verdict,
//        manifest_digest, signed, key_fingerprint, software_version, indexed_utc)
//   run_pumps(run_id, station, manufacturer, model, serial)   pump under test per station
//   run_instruments(run_id, station, role, name, manufacturer, model, serial, firmware)
//                                                              balance and I/O board per station
//   metrics(run_id, test_id, station, metric, value, expanded_uncertainty)   see run_metrics.hpp
//   baselines(name PK, run_id, set_utc)
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "rig/index/run_metrics.hpp"

struct sqlite3;

namespace pumprig {

inline constexpr const char* kIndexFile = "index.sqlite";

class IndexError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct IndexedPump {
  std::string station, manufacturer, model, serial;
  bool operator==(const IndexedPump&) const = default;
};

// An instrument of a station other than the pump: its balance ("balance") and rig I/O board
// ("io_board"), with the identity it reported (run.json instruments) or the fixture declared.
struct IndexedInstrument {
  std::string station, role, name, manufacturer, model, serial, firmware;
  bool operator==(const IndexedInstrument&) const = default;
};

struct IndexedRun {
  std::string id;                 // run.json run_id (the folder name when recorded)
  std::string folder;             // resolved_run_folder(): absolute, links resolved, no trailing '/'
  std::string start_utc, end_utc;
  std::string scenario_id, fixture, provenance, status;
  std::string verdict;            // fail > inconclusive > pass over the tests; "" without tests
  std::string manifest_digest;    // SHA-256 of MANIFEST.sha256
  bool signed_ = false;
  std::string key_fingerprint;
  std::string software_version;
  std::string operator_name, user, host;  // run.json's operator.name, and the OS user and host that ran it
  std::string parameters;         // scenario_parameters_text(run.json): "" when none were recorded
  std::vector<IndexedPump> pumps;              // the pumps that ran, one per station
  std::vector<IndexedInstrument> instruments;  // the balances and boards of those stations
  std::vector<RunMetric> metrics;
};

// run.json's scenario.parameters as "duration=1h, rate=2ml/h" (blanks dropped, so "2 ml/h" and
// "2ml/h" agree); "" for a run recorded before parameters were recorded.
std::string scenario_parameters_text(const nlohmann::json& run_json);

// The index entry of a finished run folder: run.json, result.json and the given manifest
// digest. Throws std::runtime_error when run.json is missing or unreadable.
IndexedRun indexed_run_from_folder(const std::filesystem::path& dir, const std::string& manifest_digest);

struct HistoryFilter {
  std::optional<std::string> scenario_id;
  std::optional<std::string> pump_serial;
  std::optional<std::string> instrument_serial;  // a balance or I/O board the run used
};

class RunIndex {
 public:
  // Opens (creating file and tables as needed). Throws IndexError naming the file.
  explicit RunIndex(const std::filesystem::path& path);
  // Opens an existing index only; IndexError when there is none.
  static RunIndex open_existing(const std::filesystem::path& path);
  ~RunIndex();
  RunIndex(RunIndex&&) noexcept;
  RunIndex& operator=(RunIndex&&) noexcept;

  // Adds the run, or replaces the entry with the same id, in one transaction.
  void record(const IndexedRun& run);
  std::optional<IndexedRun> find(const std::string& id) const;
  // The entry recorded for this folder (compared as resolved_run_folder), whatever its run.json
  // says now: `pumprig verify` takes the run id from here, never from the folder.
  std::optional<IndexedRun> find_by_folder(const std::filesystem::path& dir) const;
  // Entries whose folder's last component is `name`: a runs folder moved with its index.
  std::vector<IndexedRun> find_by_folder_name(const std::string& name) const;
  // An id or a unique prefix of one. Throws IndexError when none or several match.
  IndexedRun resolve(const std::string& id_or_prefix) const;
  // Oldest first.
  std::vector<IndexedRun> list(const HistoryFilter& filter = {}) const;

  // Throws IndexError when the run is not indexed.
  void set_baseline(const std::string& name, const std::string& run_id);
  std::optional<std::string> baseline(const std::string& name) const;  // run id
  struct Baseline {
    std::string name, run_id, set_utc;
  };
  std::vector<Baseline> baselines() const;  // by name
  // False when there was no such baseline.
  bool remove_baseline(const std::string& name);

  const std::filesystem::path& path() const { return path_; }

 private:
  RunIndex() = default;
  void fill(IndexedRun& run) const;
  std::filesystem::path path_;
  sqlite3* db_ = nullptr;
};

}  // namespace pumprig
