#include "reports/report_builder.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <map>
#include <set>

#include <fmt/format.h>

#include "rig/core/event_kind.hpp"
#include "rig/record/run_verdict.hpp"

#include "reports/conditions_blocks.hpp"
#include "reports/imported_trace.hpp"
#include "reports/report_values.hpp"
#include "reports/uncertainty_blocks.hpp"
#include "reports/test_section.hpp"
#include "reports/traces.hpp"
#include "rig/record/sha256.hpp"
#include "rig/record/utc_time.hpp"
#include "rig/record/run_files.hpp"
#include "rig/record/run_status.hpp"

#ifndef PUMPRIG_VERSION
#define PUMPRIG_VERSION "unknown"
#endif

namespace pumprig::reports {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kMaxEventRows = 400;

bool needs_io_trace(const std::string& kind) {
  const TestSection* section = find_test_section(kind);
  return section && section->needs_io_trace;
}

std::string provenance_of(const RunFolderContents& run) {
  std::string p = text(run.run, "provenance", "");
  if (p.empty() && run.result && run.result->run.provenance) p = to_string(*run.result->run.provenance);
  return p.empty() ? "unknown" : p;
}

bool imported(const RunFolderContents& run) { return parse_provenance(provenance_of(run)) == Provenance::imported; }

std::string status_of(const RunFolderContents& run) {
  // Imported data carry no run.json: their status is that of the analysis, not of a recording.
  if (imported(run) && run.run.empty()) return "imported";
  return run.status_label();
}

const std::vector<TestResult>& tests_of(const RunFolderContents& run) {
  static const std::vector<TestResult> none;
  return run.result ? run.result->tests : none;
}

const std::vector<StationOutcome>& stations_of(const RunFolderContents& run) {
  static const std::vector<StationOutcome> none;
  return run.result ? run.result->run.station_list() : none;
}

// result.json's run block beyond its typed keys (an import's source, software, analysis time).
const json& result_run(const RunFolderContents& run) {
  static const json empty = json::object();
  return run.result ? run.result->run.other : empty;
}

// A recorded text, or `fallback` when it is none or empty (as text() reads JSON).
std::string or_text(const std::optional<std::string>& s, const std::string& fallback = "not recorded") {
  return s && !s->empty() ? *s : fallback;
}
std::string or_text(const std::string& s, const std::string& fallback = "not recorded") { return s.empty() ? fallback : s; }

// ---- the parts of the cover ------------------------------------------------------------------

struct Instrument {
  std::string station, role, name, manufacturer, model, serial, firmware, calibration_due;
};

std::vector<Instrument> instruments_of(const json& run_json) {
  std::vector<Instrument> out;
  const json& ids = field(run_json, "instruments");
  std::set<std::string> seen;
  const json& stations = field(run_json, "stations");
  if (stations.is_array())
    for (const auto& st : stations)
      for (auto it = st.begin(); st.is_object() && it != st.end(); ++it) {
        if (!it->is_object() || !it->contains("name") || it.key() == "pump_under_test") continue;
        Instrument i;
        i.station = text(st, "id", "");
        i.role = it.key();
        i.name = text(*it, "name", "");
        i.calibration_due = text(*it, "calibration_due", "");
        const json& id = field(ids, i.name.c_str());
        i.manufacturer = text(id, "manufacturer", "");
        i.model = text(id, "model", "");
        i.serial = text(id, "serial", "");
        i.firmware = text(id, "firmware", "");
        seen.insert(i.name);
        out.push_back(std::move(i));
      }
  for (auto it = ids.begin(); ids.is_object() && it != ids.end(); ++it) {
    if (seen.count(it.key())) continue;
    out.push_back(Instrument{"", "", it.key(), text(*it, "manufacturer", ""), text(*it, "model", ""), text(*it, "serial", ""),
                             text(*it, "firmware", ""), ""});
  }
  return out;
}

// The date the readings were taken; unknown for imported data (the file does not say when it was
// recorded, and the analysis date is not that), so a calibration is never judged against it.
std::string run_date(const RunFolderContents& run) {
  const std::string utc = text(run.run, "start_utc", "");
  return utc.size() >= 10 ? utc.substr(0, 10) : "";
}

// Who and what a run was done with, shaped as run.json holds it (stations with the pump under
// test and instruments, instruments by name, operator, user, host). A recorded run's is its
// run.json; an imported one's comes from result.json's run.identity, written by `pumprig analyze
// --dut/--balance/--operator`, so both get the same identity tables.
json identity_of(const RunFolderContents& run) {
  if (!run.run.empty()) return run.run;
  const json& id = field(result_run(run), "identity");
  if (!id.is_object()) return json::object();
  const std::string station = run.result && !run.result->tests.empty() ? run.result->tests.front().station : "imported";
  const json& balance = field(id, "balance");
  json station_json = {{"id", station}, {"pump_under_test", field(id, "pump_under_test")}};
  json instruments = json::object();
  if (balance.is_object() && !balance.empty()) {
    station_json["balance"] = {{"name", "balance"}, {"calibration_due", text(balance, "calibration_due", "")}};
    instruments["balance"] = balance;
  }
  return {{"stations", json::array({station_json})},
          {"instruments", instruments},
          {"operator", {{"name", text(id, "operator", "")}}},
          {"user", text(id, "user", "")},
          {"host", text(id, "host", "")}};
}

// run.json's "accepted_deviations": sentences the session wrote.
std::vector<std::string> accepted_deviations(const json& run_json) {
  std::vector<std::string> out;
  const json& list = field(run_json, "accepted_deviations");
  if (list.is_array())
    for (const auto& d : list)
      if (d.is_string()) out.push_back(d.get<std::string>());
  return out;
}

// ---- the builder -----------------------------------------------------------------------------

class Builder final : public SectionContext {
 public:
  explicit Builder(const ReportInputs& in) : in_(in), run_(in.run), identity_(identity_of(in.run)) {}

  Document build() {
    facts_ = run_facts(run_);
    doc_.run_id = facts_.run_id;
    doc_.title = text(field(run_.run, "scenario"), "title", "");
    if (doc_.title == "") doc_.title = facts_.scenario_id.empty() ? "Infusion pump test" : facts_.scenario_id;
    const std::optional<Provenance> prov = parse_provenance(facts_.provenance);
    if (prov == Provenance::simulated) doc_.watermark = "SIMULATED - NOT A VERIFICATION RECORD";
    else if (prov == Provenance::imported) doc_.watermark = "IMPORTED DATA - NOT A VERIFICATION RECORD";
    else if (prov != Provenance::real) doc_.watermark = "PROVENANCE UNKNOWN - NOT A VERIFICATION RECORD";
    if (!doc_.watermark.empty()) doc_.page_banner = doc_.watermark;
    if (in_.integrity.state == "failed")
      doc_.page_banner = "INTEGRITY CHECK FAILED" + (doc_.page_banner.empty() ? "" : " | " + doc_.page_banner);
    // A deviation the operator accepted (an overdue calibration) is on every page.
    accepted_ = accepted_deviations(run_.run);
    if (!accepted_.empty())
      doc_.page_banner += (doc_.page_banner.empty() ? "" : " | ") + std::string("ACCEPTED DEVIATION: see the cover");
    manifest_digest_ = in_.integrity.manifest_digest;
    if (manifest_digest_.empty())
      try {
        manifest_digest_ = sha256_file_hex(run_.dir / run_files::kManifest);
      } catch (const std::exception&) {
        // An unreadable manifest is reported by the integrity check; the digest stays blank.
      }
    doc_.footer_digest = manifest_digest_.empty() ? "no manifest" : "manifest sha256 " + manifest_digest_.substr(0, 16);

    collect_missing();
    cover();
    summary();
    for (const auto& t : tests_of(run_)) test_section(t);
    untested_traces();
    events();
    data_and_integrity();
    signatures();
    return std::move(doc_);
  }

 private:
  void add(Block block) override { doc_.blocks.push_back(std::move(block)); }

  void collect_missing() {
    for (const auto& n : run_.notes) missing_.push_back(relative(n));
    if (!run_.result) {
      if (!fs::exists(run_.dir / run_files::kResult)) missing_.push_back("result.json: missing; no analysis results");
    }
    const json& stations = field(run_.run, "stations");
    if (stations.is_array())
      for (const auto& st : stations) {
        const std::string id = text(st, "id", "");
        if (!id.empty() && !run_.samples.count(id)) missing_.push_back(fmt::format("samples-{}.csv: missing; no balance readings for station {}", id, id));
      }
    for (const auto& t : tests_of(run_)) {
      const std::string& st = t.station;
      const std::string& kind = t.kind;
      if (!run_.run.empty() && !st.empty() && !run_.samples.count(st) &&
          std::find_if(missing_.begin(), missing_.end(), [&](auto& m) { return m.rfind(run_files::samples(st), 0) == 0; }) == missing_.end())
        missing_.push_back(fmt::format("samples-{}.csv: missing; no balance readings for station {}", st, st));
      if (needs_io_trace(kind) && !fs::exists(run_.dir / run_files::io(st)))
        missing_.push_back(fmt::format("io-{}.csv: missing; no pressure trace for test {}", st, t.id));
    }
    // Torn or damaged traces.
    for (const auto& [station, path] : run_.samples) note_trace(samples(station));
    for (const auto& t : tests_of(run_))
      if (needs_io_trace(t.kind)) note_trace(io(t.station));
  }

  void note_trace(const Trace* tr) {
    if (!tr) return;
    for (const auto& n : tr->notes)
      if (std::find(missing_.begin(), missing_.end(), n) == missing_.end()) missing_.push_back(n);
  }

  std::string relative(const std::string& note) const {
    const std::string prefix = run_.dir.string() + "/";
    return note.rfind(prefix, 0) == 0 ? note.substr(prefix.size()) : note;
  }

  const Trace* samples(const std::string& station) override {
    if (auto it = samples_.find(station); it != samples_.end()) return it->second ? &*it->second : nullptr;
    std::optional<Trace> tr;
    // An import's readings are read as its analysis read them; the rig's own with the plot reader.
    const json& src = field(result_run(run_), "source");
    if (auto p = run_.samples.find(station); p != run_.samples.end())
      tr = src.is_object() ? read_imported_trace(p->second, src) : read_trace(p->second);
    return samples_.emplace(station, std::move(tr)).first->second ? &*samples_[station] : nullptr;
  }

  const Trace* io(const std::string& station) override {
    if (auto it = io_.find(station); it != io_.end()) return it->second ? &*it->second : nullptr;
    auto tr = read_trace(run_.dir / run_files::io(station));
    return io_.emplace(station, std::move(tr)).first->second ? &*io_[station] : nullptr;
  }

  void cover() {
    add(Heading{1, "Infusion pump test report"});
    add(Paragraph{doc_.title});

    // What must not be overlooked comes first.
    if (in_.integrity.state == "failed")
      add(Notice{"INTEGRITY CHECK FAILED", {in_.integrity.detail.empty() ? "the recorded data do not match their manifest" : in_.integrity.detail,
                                            "The results below cannot be relied on."}, Tone::fail});
    if (!doc_.watermark.empty()) {
      const std::optional<Provenance> prov = parse_provenance(facts_.provenance);
      std::string why = prov == Provenance::simulated
                            ? "This run used simulated instruments. It documents the rig's behaviour, not a pump's."
                        : prov == Provenance::imported
                            ? "These data were imported from a file; the rig did not record them and cannot vouch for them."
                            : "The folder does not say how the data were obtained.";
      add(Notice{doc_.watermark, {why}, Tone::warn});
    }
    if (!facts_.ended_normally) {
      std::vector<std::string> lines{fmt::format("Run status: {}", facts_.status)};
      if (auto r = text(run_.run, "end_reason", ""); !r.empty()) lines.push_back("Reason: " + r);
      lines.push_back("Results cover only what was recorded before the run ended.");
      add(Notice{"RUN ABORTED", lines, Tone::fail});
    }
    deviations_ = calibration_deviations();
    if (!accepted_.empty()) add(Notice{"Deviations accepted by the operator (--accept-deviation)", accepted_, Tone::fail});
    if (!deviations_.empty()) add(Notice{"Deviations", deviations_, Tone::fail});
    if (!missing_.empty()) add(Notice{"What is missing or damaged", missing_, Tone::warn});

    add(KeyValues{{{"Overall verdict", verdict_cell(facts_.overall)},
                   {"Why", Cell{facts_.overall_reason.empty() ? "every test and check passes" : facts_.overall_reason}},
                   {"Integrity", Cell{integrity_text(), verdict_tone(in_.integrity.state)}}}});

    add(Heading{2, "Pump under test"});
    Table dut{{"Station", "Manufacturer", "Model", "Serial", "Firmware"}, {1, 1.6, 1.6, 1, 0.8}, {}, false};
    const json& stations = field(identity_, "stations");
    if (stations.is_array())
      for (const auto& st : stations) {
        const json& d = field(st, "pump_under_test");
        dut.rows.push_back({Cell{text(st, "id")}, Cell{text(d, "manufacturer")}, Cell{text(d, "model")}, Cell{text(d, "serial"), Tone::normal, true},
                            Cell{text(d, "firmware")}});
      }
    if (dut.rows.empty()) add(Paragraph{"Not recorded (no run metadata).", Tone::muted});
    else add(std::move(dut));

    add(Heading{2, "Rig instruments"});
    Table inst{{"Station", "Role", "Name", "Manufacturer / model", "Serial", "Firmware", "Calibration due"}, {0.9, 0.7, 0.9, 1.8, 1, 0.7, 1.1}, {}, true};
    const std::string date = run_date(run_);
    for (const auto& i : instruments_of(identity_)) {
      Cell due{i.calibration_due.empty() ? "not applicable" : i.calibration_due};
      if (!i.calibration_due.empty() && !date.empty() && i.calibration_due < date) {
        due.text += " (OVERDUE)";
        due.tone = Tone::fail;
      }
      inst.rows.push_back({Cell{i.station}, Cell{i.role}, Cell{i.name}, Cell{(i.manufacturer + " " + i.model)},
                           Cell{i.serial.empty() ? "not reported" : i.serial, Tone::normal, true}, Cell{i.firmware}, due});
    }
    if (inst.rows.empty()) add(Paragraph{"No rig instruments recorded.", Tone::muted});
    else add(std::move(inst));

    for (auto& b : conditions_blocks(run_.run)) add(std::move(b));

    add(Heading{2, "Run"});
    KeyValues kv;
    const json& sw = field(run_.run, "software").is_object() ? field(run_.run, "software") : field(result_run(run_), "software");
    const json& scen = field(run_.run, "scenario");
    const json& fix = field(run_.run, "fixture");
    kv.rows.push_back({"Run id", Cell{facts_.run_id, Tone::normal, true}});
    kv.rows.push_back({"Status", Cell{facts_.status, facts_.ended_normally ? Tone::normal : Tone::fail}});
    kv.rows.push_back({"Provenance", Cell{facts_.provenance, facts_.provenance == "real" ? Tone::normal : Tone::warn}});
    if (auto r = text(run_.run, "end_reason", ""); !r.empty()) kv.rows.push_back({"End reason", Cell{r}});
    kv.rows.push_back({"Operator", Cell{text(field(identity_, "operator"), "name")}});
    if (const std::string user = text(identity_, "user", ""); !user.empty())
      kv.rows.push_back({run_.run.empty() ? "Analysed by (OS user on host)" : "Run by (OS user on host)",
                         Cell{user + " on " + text(identity_, "host")}});
    if (run_.run.empty())
      kv.rows.push_back({"Analysed (UTC)", Cell{text(result_run(run_), "analyzed_at_utc")}});
    else
      kv.rows.push_back({"Date (start, UTC)", Cell{text(run_.run, "start_utc")}});
    kv.rows.push_back({"End (UTC)", Cell{text(run_.run, "end_utc")}});
    kv.rows.push_back({"Software", Cell{text(sw, "name", "pumprig") + " " + text(sw, "version")}});
    if (const std::string rev = text(run_.run, "source_revision", ""); !rev.empty())
      kv.rows.push_back({"Source revision", Cell{rev, Tone::normal, true}});
    const std::string scenario_id = text(scen, "id", facts_.scenario_id);
    kv.rows.push_back({"Scenario", scenario_id.empty() ? Cell{"not recorded", Tone::muted}
                                                       : Cell{scenario_id + " (" + text(scen, "source") + ")"}});
    if (auto params = scenario_parameters(scen); !params.empty()) kv.rows.push_back({"Scenario parameters", Cell{params}});
    kv.rows.push_back({"Scenario SHA-256", hash_cell(scen)});
    kv.rows.push_back({"Fixture", Cell{text(fix, "name", or_text(run_.result ? run_.result->run.fixture : std::nullopt)) + " (" + text(fix, "source") + ")"}});
    kv.rows.push_back({"Fixture SHA-256", hash_cell(fix)});
    if (const json& src = field(result_run(run_), "source"); src.is_object()) kv.rows.push_back({"Imported from", Cell{text(src, "file")}});
    if (auto clock = text(run_.run, "clock", ""); !clock.empty()) kv.rows.push_back({"Clock", Cell{clock}});
    if (field(run_.run, "seed").is_number()) kv.rows.push_back({"Seed", Cell{field(run_.run, "seed").dump()}});
    kv.rows.push_back({"Manifest SHA-256", Cell{manifest_digest_.empty() ? "no MANIFEST.sha256" : manifest_digest_, Tone::normal, true}});
    kv.rows.push_back({"Report generated (UTC)", Cell{utc_iso(std::chrono::system_clock::now()) + " by pumprig " + PUMPRIG_VERSION}});
    add(std::move(kv));
  }

  // "duration=2 h, rate=5 ml/h (given)" when the run was given parameters (--param, a suite's
  // matrix): the scenario's text alone shows only its defaults. "" otherwise.
  static std::string scenario_parameters(const json& scen) {
    const json& given = field(scen, "overridden_parameters");
    const json& values = field(scen, "parameters");
    if (!given.is_array() || given.empty() || !values.is_object()) return "";
    std::string out;
    for (const auto& [name, value] : values.items()) {
      if (!value.is_string()) continue;
      const bool was_given = std::find(given.begin(), given.end(), json(name)) != given.end();
      out += (out.empty() ? "" : ", ") + name + "=" + value.get<std::string>() + (was_given ? " (given)" : "");
    }
    return out;
  }

  static Cell hash_cell(const json& part) {
    const json& t = field(part, "text");
    if (!t.is_string()) return Cell{"not recorded", Tone::muted};
    return Cell{sha256_hex(t.get<std::string>()), Tone::normal, true};
  }

  std::string integrity_text() const {
    std::string s = in_.integrity.state;
    if (!in_.integrity.detail.empty()) s += ": " + in_.integrity.detail;
    if (in_.integrity.signed_) s += " (signed)";
    return s;
  }

  std::vector<std::string> calibration_deviations() const {
    std::vector<std::string> out;
    const std::string date = run_date(run_);
    for (const auto& i : instruments_of(identity_)) {
      if (i.calibration_due.empty()) continue;
      if (date.empty())
        out.push_back(fmt::format("{}: calibration due {}, but the date the readings were taken is unknown: check it was "
                                  "in calibration then", i.name, i.calibration_due));
      else if (i.calibration_due < date)
        out.push_back(fmt::format("{} ({} serial {}) was past its calibration due date {} on the run date {}", i.name, i.model,
                                  i.serial.empty() ? "unknown" : i.serial, i.calibration_due, date));
    }
    return out;
  }

  void summary() {
    add(Heading{1, "Summary of results"});
    Table t{{"Test", "Kind", "Station", "Method", "Verdict"}, {1.5, 0.9, 0.9, 1.8, 0.8}, {}, false};
    for (const auto& test : tests_of(run_))
      t.rows.push_back({Cell{or_text(test.id)}, Cell{or_text(test.kind)}, Cell{or_text(test.station)}, Cell{test.method},
                        verdict_cell(std::string(to_string(test.verdict)))});
    if (t.rows.empty()) add(Paragraph{"No analysis results (result.json missing or without tests).", Tone::warn});
    else add(std::move(t));

    const std::vector<StationOutcome>& stations = stations_of(run_);
    if (!stations.empty()) {
      add(Heading{2, "Stations"});
      Table s{{"Station", "Status", "Check", "Value", "Limit", "Verdict"}, {0.9, 1.4, 1.4, 0.8, 1, 0.8}, {}, false};
      for (const auto& st : stations) {
        const std::string ended(to_string(st.status));
        const std::string status = ended + (st.reason.empty() ? "" : ": " + st.reason);
        if (st.checks.empty()) {
          s.rows.push_back({Cell{or_text(st.id)}, Cell{status, verdict_tone(ended)}, Cell{"(no station checks)", Tone::muted}, Cell{}, Cell{}, Cell{}});
          continue;
        }
        for (const auto& c : st.checks)
          s.rows.push_back({Cell{or_text(st.id)}, Cell{status, st.status == RunStatus::finished ? Tone::normal : Tone::fail}, Cell{quantity_words(c.measurand.quantity, c.measurand.window_min)},
                            Cell{check_value_text(c)}, Cell{limit_words(c)}, verdict_cell(std::string(to_string(c.verdict)))});
      }
      add(std::move(s));
    }
    add(KeyValues{{{"Overall verdict", verdict_cell(facts_.overall)}, {"Run status", Cell{facts_.status}}}});
  }

  void checks_and_budgets(const TestResult& t) {
    for (auto& b : checks_blocks(t)) add(std::move(b));
    for (auto& b : uncertainty_blocks(t)) add(std::move(b));
  }

  void notes(const TestResult& t) {
    if (t.notes.empty()) return;
    add(Notice{"Notes", t.notes, Tone::muted});
  }

  void test_section(const TestResult& t) {
    add(Heading{1, fmt::format("Test {} ({}, station {})", or_text(t.id), t.kind, or_text(t.station))});
    add(KeyValues{{{"Verdict", verdict_cell(std::string(to_string(t.verdict)))}, {"Method", Cell{or_text(t.method)}}}});
    if (const TestSection* section = find_test_section(t.kind)) section->write(*this, t);
    else generic(t);
    checks_and_budgets(t);
    notes(t);
  }

  void mass_trace(const std::string& st, std::vector<Marker> markers, const MassView& view) override {
    const Trace* tr = samples(st);
    if (!tr || tr->rows == 0) {
      add(Paragraph{fmt::format("No balance readings for station {} (samples-{}.csv missing or empty).", st, st), Tone::warn});
      return;
    }
    // Imported data are read into time_s (seconds, as the analysis counted them) and mass_g.
    const std::string tcol = "time_s", mcol = "mass_g";
    if (!tr->column(tcol) || !tr->column(mcol)) {
      add(Paragraph{fmt::format("The readings of station {} are not plotted: no seconds column \"{}\" with mass column \"{}\".", st, tcol, mcol), Tone::muted});
      return;
    }
    MassPlots plots = mass_plots(xy(*tr, tcol, mcol), st, std::move(markers), view);
    add(PlotBlock{std::move(plots.test), 210});
    if (plots.preparation) add(PlotBlock{std::move(*plots.preparation), 120});
  }

  void generic(const TestResult& test) {
    const json t = to_json(test);
    KeyValues kv;
    for (auto it = t.begin(); it != t.end(); ++it)
      if (it->is_primitive() && it.key() != "verdict") kv.rows.push_back({it.key(), Cell{it->is_string() ? it->get<std::string>() : it->dump()}});
    add(Paragraph{"This kind of test has no dedicated layout; its recorded values follow.", Tone::muted});
    add(std::move(kv));
  }

  // Stations that recorded readings but have no test (an aborted run before analysis).
  void untested_traces() {
    std::set<std::string> tested;
    for (const auto& t : tests_of(run_)) tested.insert(t.station);
    for (const auto& [station, path] : run_.samples) {
      if (tested.count(station)) continue;
      add(Heading{1, fmt::format("Recorded readings, station {} (no analysis)", station)});
      mass_trace(station, {}, MassView{});
    }
  }

  void events() {
    add(Heading{1, "Events"});
    // How serious each kind is, and which kinds are the procedure, come from the one vocabulary
    // the rig records with (rig/core/event_kind.hpp); a kind it does not know (an older or
    // foreign record) is shown as ordinary.
    auto severity = [](const std::string& kind) {
      const auto k = parse_event_kind(kind);
      return k ? severity_of(*k) : EventSeverity::normal;
    };
    auto procedure = [](const std::string& kind) {
      const auto k = parse_event_kind(kind);
      return k && is_procedure(*k);
    };
    struct Row {
      const json* first;
      std::size_t count = 0;
      double last_t = 0;
    };
    std::vector<Row> rows;
    std::map<std::string, std::size_t> by_key;
    for (const auto& e : run_.events) {
      const std::string kind = text(e, "kind", "");
      // Repeats (a retry storm, a flapping alarm) collapse into one row with a count.
      // Steps, prompts and answers are the procedure as performed: each keeps its own row.
      std::string key = kind + '\x1f' + text(e, "source", "") + '\x1f' + text(e, "message", "");
      if (procedure(kind)) key += '\x1f' + std::to_string(rows.size());
      auto [it, fresh] = by_key.emplace(key, rows.size());
      if (fresh) rows.push_back(Row{&e, 0, 0});
      Row& r = rows[it->second];
      ++r.count;
      r.last_t = number(e, "t_s").value_or(0);
    }
    std::size_t deviations = 0;
    for (const auto& r : rows) deviations += severity(text(*r.first, "kind", "")) != EventSeverity::normal;
    add(Paragraph{fmt::format("{} events recorded in events.jsonl, shown as {} rows (identical repeats collapsed); {} rows are "
                              "faults or warnings (interlocks, aborts, retries, alarms, pauses, line noise). Times are run time (h:mm:ss).",
                              run_.events.size(), rows.size(), deviations)});
    if (rows.empty()) {
      add(Paragraph{"No events recorded.", Tone::warn});
      return;
    }
    Table tab{{"Time", "Kind", "Source", "Message"}, {0.8, 0.8, 0.8, 4.2}, {}, true};
    std::size_t shown = 0;
    for (const auto& r : rows) {
      if (shown++ == kMaxEventRows) break;
      const json& e = *r.first;
      const std::string kind = text(e, "kind", "");
      std::string msg = text(e, "message", "");
      if (kind == "answer")
        if (auto reply = text(field(e, "data"), "reply", ""); !reply.empty()) msg += ": \"" + reply + "\"";
      if (r.count > 1) msg += fmt::format(" (x{}, last at {})", r.count, clock_text(r.last_t));
      const EventSeverity s = severity(kind);
      const Tone tone = s == EventSeverity::fail ? Tone::fail : s == EventSeverity::warn ? Tone::warn : Tone::normal;
      tab.rows.push_back({Cell{clock_text(number(e, "t_s").value_or(0))}, Cell{kind, tone}, Cell{text(e, "source", "")}, Cell{msg, tone}});
    }
    add(std::move(tab));
    if (rows.size() > kMaxEventRows)
      add(Paragraph{fmt::format("{} further rows are not shown; events.jsonl holds them all.", rows.size() - kMaxEventRows), Tone::warn});
  }

  void data_and_integrity() {
    add(Heading{1, "Recorded data and integrity"});
    KeyValues kv;
    kv.rows.push_back({"Integrity check", Cell{integrity_text(), verdict_tone(in_.integrity.state)}});
    kv.rows.push_back({"Manifest (MANIFEST.sha256) SHA-256", Cell{manifest_digest_.empty() ? "no manifest in the folder" : manifest_digest_, Tone::normal, true}});
    kv.rows.push_back({"Run folder", Cell{run_.dir.filename().string(), Tone::normal, true}});
    add(std::move(kv));
    Table files{{"File", "Size (bytes)", "Content"}, {2, 1, 2}, {}, true};
    std::vector<fs::path> paths;
    std::error_code ec;
    // The reports themselves are derived, not recorded: listing them would describe the last rendering.
    static const std::set<std::string> derived{run_files::kReportPdf, run_files::kReportHtml, run_files::kJunit};
    for (const auto& e : fs::directory_iterator(run_.dir, ec))
      if (e.is_regular_file(ec) && e.path().filename().string()[0] != '.' && !derived.count(e.path().filename().string()))
        paths.push_back(e.path());
    std::sort(paths.begin(), paths.end());
    for (const auto& p : paths) {
      const std::string name = p.filename().string();
      std::string what = name == "run.json" ? "run metadata" : name == "events.jsonl" ? "events" : name == "result.json" ? "analysis results"
                        : name.rfind("samples-", 0) == 0 ? "balance readings" : name.rfind("wire-", 0) == 0 ? "raw instrument bytes"
                        : name.rfind("io-", 0) == 0 ? "rig I/O trace"
                        : name.rfind("prestart-samples-", 0) == 0 ? "balance readings before the pump started"
                        : name.rfind("prestart-io-", 0) == 0 ? "rig I/O trace before the pump started" : name == "MANIFEST.sha256" ? "manifest" : "derived / other";
      if (const Trace* tr = name.rfind("samples-", 0) == 0 ? samples(name.substr(8, name.size() - 12)) : nullptr) what += fmt::format(", {} rows", tr->rows);
      files.rows.push_back({Cell{name, Tone::normal, true}, Cell{std::to_string(fs::file_size(p, ec))}, Cell{what}});
    }
    add(std::move(files));
    if (!missing_.empty()) add(Notice{"What is missing or damaged", missing_, Tone::warn});
  }

  // Electronic signatures (21 CFR Part 11 §11.50: printed name, date and time, meaning) from
  // `pumprig sign`; boxes for wet ink until there are any.
  void signatures() {
    add(Heading{2, "Approval"});
    const auto& sigs = in_.integrity.signatures;
    if (sigs.empty()) {
      add(Paragraph{"No electronic signature yet (sign with: pumprig sign RUN_DIR --key KEY.pem --meaning reviewed|approved)."});
      add(Signatures{{"Tested by", "Reviewed by"}});
      return;
    }
    add(Paragraph{"Electronic signatures in signatures/: each signs the manifest digest above, the run id, the printed name, "
                  "the time and the meaning with the signer's Ed25519 key (fingerprint prefix shown). pumprig verify --key "
                  "checks them against the keys an auditor trusts."});
    Table tab{{"Meaning", "Printed name", "Date and time (UTC)", "Key", "Check"}, {0.8, 1.3, 1.4, 1.6, 1.6}, {}, true};
    for (const auto& s : sigs) {
      const std::string when = s.time.size() >= 19 ? s.time.substr(0, 10) + " " + s.time.substr(11, 8) : s.time;
      tab.rows.push_back({Cell{s.meaning}, Cell{s.name}, Cell{when}, Cell{s.key_fingerprint.substr(0, 19), Tone::normal, true},
                          Cell{s.check, s.trusted ? Tone::normal : s.check.rfind("INVALID", 0) == 0 ? Tone::fail : Tone::warn}});
    }
    add(std::move(tab));
  }

  const ReportInputs& in_;
  const RunFolderContents& run_;
  const json identity_;
  RunFacts facts_;
  Document doc_;
  std::string manifest_digest_;
  std::vector<std::string> missing_, deviations_, accepted_;
  std::map<std::string, std::optional<Trace>> samples_, io_;
};

}  // namespace

RunFacts run_facts(const RunFolderContents& run) {
  RunFacts f;
  f.provenance = provenance_of(run);
  f.status = status_of(run);
  f.ended_normally = (imported(run) && run.run.empty()) || (run.status == RunStatus::finished && !run.interrupted);
  f.run_id = run.result ? run.result->run.id.value_or("") : "";
  if (f.run_id.empty()) f.run_id = run.dir.filename().string();
  f.scenario_id = text(field(run.run, "scenario"), "id", or_text(run.result ? run.result->run.scenario : std::nullopt, ""));
  const RunVerdict verdict = run_verdict(run);
  f.overall = std::string(to_string(verdict.outcome));
  f.overall_reason = verdict.reason;
  return f;
}

Document build_document(const ReportInputs& inputs) { return Builder(inputs).build(); }

}  // namespace pumprig::reports
