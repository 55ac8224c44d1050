#include "rig/index/run_index.hpp"

#include <algorithm>
#include <set>

#include <sqlite3.h>

#include <chrono>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "rig/index/run_ref.hpp"
#include "rig/record/json_file.hpp"
#include "rig/record/run_verdict.hpp"
#include "rig/record/utc_time.hpp"
#include "rig/record/run_files.hpp"
#include "rig/record/run_status.hpp"

namespace pumprig {
namespace {

using nlohmann::json;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT OR IGNORE INTO meta(key, value) VALUES ('schema', 'pumprig.index/1');
CREATE TABLE IF NOT EXISTS runs(
  id TEXT PRIMARY KEY, folder TEXT NOT NULL, start_utc TEXT, end_utc TEXT, scenario_id TEXT, fixture TEXT,
  provenance TEXT, status TEXT, verdict TEXT, manifest_digest TEXT, signed INTEGER NOT NULL DEFAULT 0,
  key_fingerprint TEXT, software_version TEXT, indexed_utc TEXT, operator TEXT, user TEXT, host TEXT, parameters TEXT);
CREATE TABLE IF NOT EXISTS run_pumps(
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE, station TEXT, manufacturer TEXT, model TEXT, serial TEXT);
CREATE INDEX IF NOT EXISTS run_pumps_serial ON run_pumps(serial);
CREATE TABLE IF NOT EXISTS run_instruments(
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE, station TEXT, role TEXT, name TEXT, manufacturer TEXT,
  model TEXT, serial TEXT, firmware TEXT);
CREATE INDEX IF NOT EXISTS run_instruments_serial ON run_instruments(serial);
CREATE TABLE IF NOT EXISTS metrics(
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE, test_id TEXT NOT NULL, station TEXT, metric TEXT NOT NULL,
  value REAL NOT NULL, expanded_uncertainty REAL, PRIMARY KEY(run_id, test_id, metric));
CREATE TABLE IF NOT EXISTS baselines(
  name TEXT PRIMARY KEY, run_id TEXT NOT NULL REFERENCES runs(id), set_utc TEXT);
)sql";

// A prepared statement that finalizes itself; errors name the index file.
class Stmt {
 public:
  Stmt(sqlite3* db, const std::filesystem::path& file, const char* sql) : db_(db), file_(file) {
    if (sqlite3_prepare_v2(db, sql, -1, &st_, nullptr) != SQLITE_OK) fail("prepare");
  }
  ~Stmt() { sqlite3_finalize(st_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  Stmt& bind(int i, const std::string& s) {
    if (sqlite3_bind_text(st_, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT) != SQLITE_OK) fail("bind");
    return *this;
  }
  Stmt& bind(int i, double v) {
    if (sqlite3_bind_double(st_, i, v) != SQLITE_OK) fail("bind");
    return *this;
  }
  Stmt& bind_optional(int i, const std::optional<double>& v) {
    if ((v ? sqlite3_bind_double(st_, i, *v) : sqlite3_bind_null(st_, i)) != SQLITE_OK) fail("bind");
    return *this;
  }
  Stmt& bind_int(int i, long long v) {
    if (sqlite3_bind_int64(st_, i, v) != SQLITE_OK) fail("bind");
    return *this;
  }
  // true: a row is ready; false: done.
  bool step() {
    const int rc = sqlite3_step(st_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail("step");
  }
  void run() {
    while (step()) {
    }
    sqlite3_reset(st_);
    sqlite3_clear_bindings(st_);
  }
  std::string text(int col) const {
    const auto* p = sqlite3_column_text(st_, col);
    return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(st_, col))) : "";
  }
  double real(int col) const { return sqlite3_column_double(st_, col); }
  std::optional<double> optional_real(int col) const {
    return sqlite3_column_type(st_, col) == SQLITE_NULL ? std::nullopt : std::optional<double>(real(col));
  }
  long long integer(int col) const { return sqlite3_column_int64(st_, col); }

 private:
  [[noreturn]] void fail(const char* what) const {
    throw IndexError("run index " + file_.string() + ": " + what + ": " + sqlite3_errmsg(db_));
  }
  sqlite3* db_;
  const std::filesystem::path& file_;
  sqlite3_stmt* st_ = nullptr;
};

void exec(sqlite3* db, const std::filesystem::path& file, const char* sql) {
  char* msg = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &msg) != SQLITE_OK) {
    std::string m = msg ? msg : sqlite3_errmsg(db);
    sqlite3_free(msg);
    throw IndexError("run index " + file.string() + ": " + m);
  }
}



// An index written before these columns existed gets them (empty for its old runs), so it keeps
// working with this version and the new runs carry who ran them.
// In one transaction, looking again under its lock: two runs opening an old index at once must
// not both add a column (the second would fail and its run go unindexed).
void add_missing_run_columns(sqlite3* db, const std::filesystem::path& file) {
  exec(db, file, "BEGIN IMMEDIATE;");
  try {
    auto columns_of = [&](const char* table) {
      std::set<std::string> have;
      Stmt info(db, file, (std::string("PRAGMA table_info(") + table + ")").c_str());
      while (info.step()) have.insert(info.text(1));
      return have;
    };
    const auto runs = columns_of("runs");
    for (const char* column : {"operator", "user", "host", "parameters"})
      if (!runs.count(column)) exec(db, file, (std::string("ALTER TABLE runs ADD COLUMN ") + column + " TEXT;").c_str());
    if (!columns_of("metrics").count("expanded_uncertainty"))
      exec(db, file, "ALTER TABLE metrics ADD COLUMN expanded_uncertainty REAL;");
    exec(db, file, "COMMIT;");
  } catch (...) {
    sqlite3_exec(db, "ROLLBACK;", nullptr, nullptr, nullptr);
    throw;
  }
}

constexpr const char* kRunColumns =
    "id, folder, start_utc, end_utc, scenario_id, fixture, provenance, status, verdict, manifest_digest, signed, "
    "key_fingerprint, software_version, operator, user, host, parameters";


IndexedRun run_from_row(const Stmt& s) {
  IndexedRun r;
  r.id = s.text(0);
  r.folder = s.text(1);
  r.start_utc = s.text(2);
  r.end_utc = s.text(3);
  r.scenario_id = s.text(4);
  r.fixture = s.text(5);
  r.provenance = s.text(6);
  r.status = s.text(7);
  r.verdict = s.text(8);
  r.manifest_digest = s.text(9);
  r.signed_ = s.integer(10) != 0;
  r.key_fingerprint = s.text(11);
  r.software_version = s.text(12);
  r.operator_name = s.text(13);
  r.user = s.text(14);
  r.host = s.text(15);
  r.parameters = s.text(16);
  return r;
}

}  // namespace

std::string scenario_parameters_text(const json& run) {
  if (!run.is_object() || !run.contains("scenario") || !run["scenario"].is_object()) return "";
  const json& p = run["scenario"].value("parameters", json());
  if (!p.is_object()) return "";
  std::string out;
  for (const auto& [name, value] : p.items()) {
    std::string v = value.is_string() ? value.get<std::string>() : value.dump();
    std::erase_if(v, [](char c) { return c == ' ' || c == '\t'; });
    out += (out.empty() ? "" : ", ") + name + "=" + v;
  }
  return out;
}

IndexedRun indexed_run_from_folder(const std::filesystem::path& dir, const std::string& manifest_digest) {
  const auto run = read_json_file(dir / run_files::kRunJson);
  if (!run || !run->is_object()) throw std::runtime_error(dir.string() + ": no readable run.json to index");
  IndexedRun r;
  const std::filesystem::path folder = resolved_run_folder(dir);
  r.id = string_field(*run, "run_id");
  if (r.id.empty()) r.id = folder.filename().string();
  r.folder = folder.string();
  r.start_utc = string_field(*run, "start_utc");
  r.end_utc = string_field(*run, "end_utc");
  r.scenario_id = run->contains("scenario") ? string_field((*run)["scenario"], "id") : "";
  r.fixture = run->contains("fixture") ? string_field((*run)["fixture"], "name") : "";
  r.provenance = string_field(*run, "provenance");
  r.status = string_field(*run, "status");
  r.manifest_digest = manifest_digest;
  if (run->contains("signing")) r.key_fingerprint = string_field((*run)["signing"], "key_fingerprint");
  r.signed_ = !r.key_fingerprint.empty();
  if (run->contains("software")) r.software_version = string_field((*run)["software"], "version");
  if (run->contains("operator")) r.operator_name = string_field((*run)["operator"], "name");
  r.user = string_field(*run, "user");
  r.host = string_field(*run, "host");
  r.parameters = scenario_parameters_text(*run);
  // The pump under test as the fixture declares it, completed from what the pump reported.
  if (run->contains("stations") && (*run)["stations"].is_array()) {
    const json instruments = run->value("instruments", json::object());
    for (const auto& st : (*run)["stations"]) {
      IndexedPump p;
      p.station = string_field(st, "id");
      const json dut = st.value("pump_under_test", json::object());
      p.manufacturer = string_field(dut, "manufacturer");
      p.model = string_field(dut, "model");
      p.serial = string_field(dut, "serial");
      const std::string pump_name = st.contains("pump") ? string_field(st["pump"], "name") : "";
      if (instruments.is_object() && instruments.contains(pump_name)) {
        const json& id = instruments[pump_name];
        if (p.manufacturer.empty()) p.manufacturer = string_field(id, "manufacturer");
        if (p.model.empty()) p.model = string_field(id, "model");
        if (p.serial.empty()) p.serial = string_field(id, "serial");
      }
      r.pumps.push_back(std::move(p));
      for (const char* role : {"balance", "io_board"}) {
        if (!st.contains(role) || !st[role].is_object()) continue;
        IndexedInstrument in;
        in.station = string_field(st, "id");
        in.role = role;
        in.name = string_field(st[role], "name");
        if (instruments.is_object() && instruments.contains(in.name)) {
          const json& id = instruments[in.name];
          in.manufacturer = string_field(id, "manufacturer");
          in.model = string_field(id, "model");
          in.serial = string_field(id, "serial");
          in.firmware = string_field(id, "firmware");
        }
        r.instruments.push_back(std::move(in));
      }
    }
  }
  const auto result = read_run_result(dir / run_files::kResult);
  if (result) r.metrics = metrics_from_result(*result);
  // Only the pumps that ran are this run's (run.json lists every station of the fixture): a
  // free-flow run on station-2 is no run of station-1's pump. A run with no result (killed before
  // its analysis) keeps them all: which ran cannot be told from the index's side.
  if (result && result->run.stations) {
    std::vector<std::string> ran;
    for (const auto& st : result->run.station_list()) ran.push_back(st.id);
    auto did_not_run = [&](const std::string& station) { return std::find(ran.begin(), ran.end(), station) == ran.end(); };
    std::erase_if(r.pumps, [&](const IndexedPump& p) { return did_not_run(p.station); });
    std::erase_if(r.instruments, [&](const IndexedInstrument& i) { return did_not_run(i.station); });
  }
  r.verdict = std::string(to_string(run_verdict(result ? &*result : nullptr, ended_as(r.status) != RunStatus::finished).outcome));
  return r;
}

RunIndex::RunIndex(const std::filesystem::path& path) : path_(path) {
  if (path.has_parent_path()) {
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
  }
  if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
    const std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw IndexError("cannot open run index " + path.string() + ": " + msg);
  }
  // Two runs finishing at once (two benches, one runs folder) wait for each other.
  sqlite3_busy_timeout(db_, 10000);
  exec(db_, path_, kSchema);
  add_missing_run_columns(db_, path_);
}

RunIndex RunIndex::open_existing(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) throw IndexError("no run index at " + path.string());
  return RunIndex(path);
}

RunIndex::~RunIndex() { sqlite3_close(db_); }
RunIndex::RunIndex(RunIndex&& o) noexcept : path_(std::move(o.path_)), db_(o.db_) { o.db_ = nullptr; }
RunIndex& RunIndex::operator=(RunIndex&& o) noexcept {
  if (this != &o) {
    sqlite3_close(db_);
    path_ = std::move(o.path_);
    db_ = o.db_;
    o.db_ = nullptr;
  }
  return *this;
}

void RunIndex::record(const IndexedRun& r) {
  exec(db_, path_, "BEGIN IMMEDIATE;");
  try {
    Stmt(db_, path_, "DELETE FROM run_pumps WHERE run_id = ?1").bind(1, r.id).run();
    Stmt(db_, path_, "DELETE FROM metrics WHERE run_id = ?1").bind(1, r.id).run();
    Stmt ins(db_, path_,
             "INSERT OR REPLACE INTO runs(id, folder, start_utc, end_utc, scenario_id, fixture, provenance, status, "
             "verdict, manifest_digest, signed, key_fingerprint, software_version, indexed_utc, operator, user, host, parameters) "
             "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)");
    ins.bind(1, r.id).bind(2, r.folder).bind(3, r.start_utc).bind(4, r.end_utc).bind(5, r.scenario_id);
    ins.bind(6, r.fixture).bind(7, r.provenance).bind(8, r.status).bind(9, r.verdict).bind(10, r.manifest_digest);
    ins.bind_int(11, r.signed_ ? 1 : 0).bind(12, r.key_fingerprint).bind(13, r.software_version);
    ins.bind(14, utc_iso(std::chrono::system_clock::now()));
    ins.bind(15, r.operator_name).bind(16, r.user).bind(17, r.host).bind(18, r.parameters);
    ins.run();
    Stmt pump(db_, path_, "INSERT INTO run_pumps(run_id, station, manufacturer, model, serial) VALUES (?1, ?2, ?3, ?4, ?5)");
    for (const auto& p : r.pumps) {
      pump.bind(1, r.id).bind(2, p.station).bind(3, p.manufacturer).bind(4, p.model).bind(5, p.serial);
      pump.run();
    }
    Stmt(db_, path_, "DELETE FROM run_instruments WHERE run_id = ?1").bind(1, r.id).run();
    Stmt instrument(db_, path_,
                    "INSERT INTO run_instruments(run_id, station, role, name, manufacturer, model, serial, firmware) "
                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    for (const auto& i : r.instruments) {
      instrument.bind(1, r.id).bind(2, i.station).bind(3, i.role).bind(4, i.name).bind(5, i.manufacturer);
      instrument.bind(6, i.model).bind(7, i.serial).bind(8, i.firmware);
      instrument.run();
    }
    Stmt metric(db_, path_,
                "INSERT OR REPLACE INTO metrics(run_id, test_id, station, metric, value, expanded_uncertainty) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    for (const auto& m : r.metrics) {
      metric.bind(1, r.id).bind(2, m.test_id).bind(3, m.station).bind(4, m.metric).bind(5, m.value);
      metric.bind_optional(6, m.expanded_uncertainty);
      metric.run();
    }
    exec(db_, path_, "COMMIT;");
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK;", nullptr, nullptr, nullptr);
    throw;
  }
}

void RunIndex::fill(IndexedRun& r) const {
  Stmt p(db_, path_, "SELECT station, manufacturer, model, serial FROM run_pumps WHERE run_id = ?1 ORDER BY rowid");
  p.bind(1, r.id);
  while (p.step()) r.pumps.push_back(IndexedPump{p.text(0), p.text(1), p.text(2), p.text(3)});
  Stmt in(db_, path_,
          "SELECT station, role, name, manufacturer, model, serial, firmware FROM run_instruments WHERE run_id = ?1 "
          "ORDER BY rowid");
  in.bind(1, r.id);
  while (in.step())
    r.instruments.push_back(IndexedInstrument{in.text(0), in.text(1), in.text(2), in.text(3), in.text(4), in.text(5), in.text(6)});
  Stmt m(db_, path_,
         "SELECT test_id, station, metric, value, expanded_uncertainty FROM metrics WHERE run_id = ?1 ORDER BY rowid");
  m.bind(1, r.id);
  while (m.step()) r.metrics.push_back(RunMetric{m.text(0), m.text(1), m.text(2), m.real(3), m.optional_real(4)});
}

std::optional<IndexedRun> RunIndex::find(const std::string& id) const {
  Stmt s(db_, path_, (std::string("SELECT ") + kRunColumns + " FROM runs WHERE id = ?1").c_str());
  s.bind(1, id);
  if (!s.step()) return std::nullopt;
  IndexedRun r = run_from_row(s);
  fill(r);
  return r;
}

std::optional<IndexedRun> RunIndex::find_by_folder(const std::filesystem::path& dir) const {
  const std::string folder = resolved_run_folder(dir).string();
  // Entries written before folders were normalised may end in a separator. The latest entry
  // wins should one path have been indexed twice.
  Stmt s(db_, path_, (std::string("SELECT ") + kRunColumns +
                      " FROM runs WHERE folder = ?1 OR folder = ?1 || '/' ORDER BY indexed_utc DESC, rowid DESC LIMIT 1")
                         .c_str());
  s.bind(1, folder);
  if (!s.step()) return std::nullopt;
  IndexedRun r = run_from_row(s);
  fill(r);
  return r;
}

std::vector<IndexedRun> RunIndex::find_by_folder_name(const std::string& name) const {
  std::vector<IndexedRun> out;
  if (name.empty()) return out;
  // substr rather than LIKE: names may contain '_' and '%'.
  Stmt s(db_, path_, (std::string("SELECT ") + kRunColumns +
                      " FROM runs WHERE substr(folder, -length(?1) - 1) = '/' || ?1 ORDER BY start_utc, id")
                         .c_str());
  s.bind(1, name);
  while (s.step()) out.push_back(run_from_row(s));
  for (auto& r : out) fill(r);
  return out;
}

IndexedRun RunIndex::resolve(const std::string& ref) const {
  if (auto exact = find(ref)) return *exact;
  // substr rather than LIKE: ids may contain '_' which LIKE treats as a wildcard.
  Stmt s(db_, path_, "SELECT id FROM runs WHERE substr(id, 1, length(?1)) = ?1 ORDER BY start_utc, id LIMIT 6");
  s.bind(1, ref);
  std::vector<std::string> ids;
  while (s.step()) ids.push_back(s.text(0));
  if (ids.empty()) throw IndexError("no run \"" + ref + "\" in " + path_.string());
  if (ids.size() > 1) {
    std::string list;
    for (const auto& id : ids) list += "\n  " + id;
    throw IndexError("\"" + ref + "\" matches several runs in " + path_.string() + ":" + list);
  }
  return *find(ids.front());
}

std::vector<IndexedRun> RunIndex::list(const HistoryFilter& f) const {
  std::string sql = std::string("SELECT ") + kRunColumns + " FROM runs WHERE (?1 IS NULL OR scenario_id = ?1) AND "
                    "(?2 IS NULL OR id IN (SELECT run_id FROM run_pumps WHERE serial = ?2)) AND "
                    "(?3 IS NULL OR id IN (SELECT run_id FROM run_instruments WHERE serial = ?3)) ORDER BY start_utc, id";
  Stmt s(db_, path_, sql.c_str());
  if (f.scenario_id) s.bind(1, *f.scenario_id);
  if (f.pump_serial) s.bind(2, *f.pump_serial);
  if (f.instrument_serial) s.bind(3, *f.instrument_serial);
  std::vector<IndexedRun> out;
  while (s.step()) out.push_back(run_from_row(s));
  for (auto& r : out) fill(r);
  return out;
}

void RunIndex::set_baseline(const std::string& name, const std::string& run_id) {
  if (!find(run_id)) throw IndexError("no run \"" + run_id + "\" in " + path_.string());
  Stmt s(db_, path_, "INSERT OR REPLACE INTO baselines(name, run_id, set_utc) VALUES (?1, ?2, ?3)");
  s.bind(1, name).bind(2, run_id).bind(3, utc_iso(std::chrono::system_clock::now()));
  s.run();
}

std::vector<RunIndex::Baseline> RunIndex::baselines() const {
  Stmt s(db_, path_, "SELECT name, run_id, set_utc FROM baselines ORDER BY name");
  std::vector<Baseline> out;
  while (s.step()) out.push_back(Baseline{s.text(0), s.text(1), s.text(2)});
  return out;
}

bool RunIndex::remove_baseline(const std::string& name) {
  if (!baseline(name)) return false;
  Stmt s(db_, path_, "DELETE FROM baselines WHERE name = ?1");
  s.bind(1, name);
  s.run();
  return true;
}

std::optional<std::string> RunIndex::baseline(const std::string& name) const {
  Stmt s(db_, path_, "SELECT run_id FROM baselines WHERE name = ?1");
  s.bind(1, name);
  if (!s.step()) return std::nullopt;
  return s.text(0);
}

}  // namespace pumprig
