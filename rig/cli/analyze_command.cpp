#include "rig/cli/analyze_command.hpp"

#include "rig/core/safe_text.hpp"
#include "rig/cli/result_table.hpp"
#include "rig/cli/result_target.hpp"
#include "rig/cli/analyze_run_folder.hpp"
#include "rig/cli/report_command.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstring>
#include <ctime>
#include <iostream>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string_view>
#include <tuple>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "rig/analysis/accuracy.hpp"
#include "rig/analysis/result_json.hpp"
#include "rig/kinds/accuracy/accuracy_json.hpp"
#include "rig/kinds/accuracy/accuracy_table.hpp"
#include "rig/analysis/water_density.hpp"
#include "rig/config/units.hpp"
#include "rig/config/config_error.hpp"
#include "rig/core/os_identity.hpp"
#include "rig/record/atomic_write.hpp"
#include "rig/record/random_id.hpp"
#include "rig/record/run_folder.hpp"
#include "rig/record/csv_format.hpp"
#include "rig/record/csv_readings.hpp"
#include "rig/record/time_format.hpp"
#include "rig/record/utc_time.hpp"
#include "rig/record/run_files.hpp"
#include "rig/record/run_status.hpp"

#ifndef PUMPRIG_VERSION
#define PUMPRIG_VERSION "unknown"
#endif

namespace pumprig {

namespace {

namespace fs = std::filesystem;

// A bad option value: reported with exit code 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// A quantity option, read with the same unit parser as scenarios ("30 s", "25ml/h", "0.998 g/ml").
// `bare_unit` is assumed when only a number is given; without it a unit is required (a bare "30"
// for an interval is too easy to misread).
double option_quantity(std::string_view text, std::string_view what, Dimension d,
                       std::optional<std::string_view> bare_unit = std::nullopt) {
  std::string value(trim(text));
  if (bare_unit && !value.empty() && value.find_first_not_of("+-0123456789.eE") == std::string::npos)
    value += " " + std::string(*bare_unit);
  try {
    return parse_quantity(value, d);
  } catch (const std::invalid_argument& e) {
    throw UsageError(fmt::format("{}: {}", what, e.what()));
  }
}

double time_s(std::string_view text, std::string_view what) { return option_quantity(text, what, Dimension::time); }
double time_min(std::string_view text, std::string_view what, std::optional<std::string_view> bare = std::nullopt) {
  return option_quantity(text, what, Dimension::time, bare) / 60.0;
}
double parse_rate_ml_h(std::string_view text) { return option_quantity(text, "--rate", Dimension::flow, "ml/h"); }
double parse_percent(std::string_view text, std::string_view what) {
  return option_quantity(text, what, Dimension::percent, "%");
}

// "60-120min", "60min-120min", "1-2h".
std::pair<double, double> parse_period_min(std::string_view text) {
  const std::string_view s = trim(text);
  const auto dash = s.find('-', 1);
  if (dash == std::string_view::npos)
    throw UsageError(fmt::format("--period \"{}\" is not a span such as 60-120min", text));
  std::string_view a = trim(s.substr(0, dash));
  const std::string_view b = trim(s.substr(dash + 1));
  // The unit written once at the end applies to both ends.
  std::string a_text(a);
  if (!a.empty() && std::isdigit(static_cast<unsigned char>(a.back()))) {
    const auto unit_at = b.find_first_not_of("0123456789.+eE ");
    if (unit_at != std::string_view::npos) a_text += std::string(b.substr(unit_at));
  }
  return {time_min(a_text, "--period start"), time_min(b, "--period end")};
}

// "2,5,11,19,31" (minutes) or with units per item, "30s,2min".
std::vector<double> parse_windows_min(std::string_view text) {
  std::vector<double> out;
  std::string_view s = text;
  while (true) {
    const auto comma = s.find(',');
    const std::string_view item = trim(s.substr(0, comma));
    if (item.empty()) throw UsageError(fmt::format("--windows \"{}\" has an empty item", text));
    out.push_back(time_min(item, "--windows item", "min"));
    if (comma == std::string_view::npos) break;
    s.remove_prefix(comma + 1);
  }
  return out;
}

// "P:X" (band ±X %) or "P:LO:HI"; P in minutes.
TrumpetLimit parse_trumpet_limit(std::string_view text) {
  std::vector<std::string_view> parts;
  std::string_view s = text;
  while (true) {
    const auto colon = s.find(':');
    parts.push_back(trim(s.substr(0, colon)));
    if (colon == std::string_view::npos) break;
    s.remove_prefix(colon + 1);
  }
  if (parts.size() != 2 && parts.size() != 3)
    throw UsageError(fmt::format("--trumpet-limit \"{}\" is not P:X or P:LO:HI (e.g. 2:10 or 2:-8:12)", text));
  TrumpetLimit lim;
  lim.window_min = time_min(parts[0], "--trumpet-limit window", "min");
  if (parts.size() == 2) {
    const double x = parse_percent(parts[1], "--trumpet-limit");
    lim.ep_max_pct = std::abs(x);
    lim.ep_min_pct = -std::abs(x);
  } else {
    lim.ep_min_pct = parse_percent(parts[1], "--trumpet-limit low");
    lim.ep_max_pct = parse_percent(parts[2], "--trumpet-limit high");
  }
  return lim;
}

std::string station_of(const std::string& input) {
  const std::string stem = fs::path(input).stem().string();
  constexpr std::string_view prefix = run_files::kSamplesPrefix;
  if (stem.size() > prefix.size() && stem.compare(0, prefix.size(), prefix) == 0) return stem.substr(prefix.size());
  return stem;
}

// "0.1" (a fraction of S) or "10%".
double parse_jitter_fraction(std::string_view text) {
  const std::string_view s = trim(text);
  if (!s.empty() && s.back() == '%') return parse_percent(s, "--jitter") / 100.0;
  double v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size())
    throw UsageError(fmt::format("--jitter \"{}\" is not a fraction of S such as 0.1 or 10%", printable(text)));
  return v;
}

AccuracyParams params_from(const AnalyzeOptions& o) {
  AccuracyParams p;
  if (trim(o.rate).empty()) throw UsageError("--rate is required, e.g. --rate 25ml/h");
  p.rate_ml_h = parse_rate_ml_h(o.rate);
  p.sample_interval_s = time_s(o.interval, "--interval");
  std::tie(p.period_start_min, p.period_end_min) = parse_period_min(o.period);
  p.windows_min = parse_windows_min(o.windows);
  if (!trim(o.density).empty()) p.density_g_ml = option_quantity(o.density, "--density", Dimension::density, "g/ml");
  if (!trim(o.duration).empty()) p.test_duration_min = time_min(o.duration, "--duration");
  if (!trim(o.evaporation).empty()) p.evaporation_mg_h = option_quantity(o.evaporation, "--evaporation", Dimension::mass_rate);
  p.startup_tolerance_pct = parse_percent(o.startup_tolerance, "--startup-tolerance");
  if (!trim(o.polling_period).empty()) p.polling_period_s = time_s(o.polling_period, "--polling-period");
  if (!trim(o.gap_limit).empty()) p.gap_limit_s = time_s(o.gap_limit, "--gap-limit");
  if (!trim(o.jitter).empty()) p.on_time_jitter = parse_jitter_fraction(o.jitter);
  if (!trim(o.max_mean_error).empty()) p.limits.mean_error_pct = parse_percent(o.max_mean_error, "--max-mean-error");
  for (const auto& t : o.trumpet_limits) p.limits.trumpet.push_back(parse_trumpet_limit(t));
  if (!trim(o.max_startup_delay).empty()) p.limits.startup_delay_max_min = time_min(o.max_startup_delay, "--max-startup-delay");
  return p;
}

// "KEY=VALUE" items of an identity option, each key known and given once, each value printable.
std::map<std::string, std::string> key_values(const std::vector<std::string>& items, std::string_view option,
                                              const std::vector<std::string>& keys) {
  std::map<std::string, std::string> out;
  for (const auto& item : items) {
    const auto eq = item.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == item.size())
      throw UsageError(fmt::format("{} \"{}\": expected KEY=VALUE, e.g. serial=ABC123", option, printable(item)));
    const std::string key = item.substr(0, eq), value = item.substr(eq + 1);
    if (std::find(keys.begin(), keys.end(), key) == keys.end())
      throw UsageError(fmt::format("{} \"{}\": unknown key '{}'{}; keys are {}", option, printable(item), printable(key),
                                   did_you_mean_suffix(key, keys), quoted_list(keys, "and")));
    if (const auto problem = text_problem(value, 120))
      throw UsageError(fmt::format("{} \"{}\": the value {}", option, printable(item), *problem));
    if (!out.emplace(key, value).second) throw UsageError(fmt::format("{}: '{}' is given twice", option, key));
  }
  return out;
}

const std::vector<std::string> kDutKeys{"manufacturer", "model", "serial", "firmware"};
const std::vector<std::string> kBalanceKeys{"manufacturer",    "model",         "serial",
                                            "firmware",        "calibration_due", "readability",
                                            "repeatability",   "calibration_uncertainty", "calibration_load"};

bool is_date(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  const int month = std::stoi(s.substr(5, 2)), day = std::stoi(s.substr(8, 2));
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

// The identity block of an imported result (result.json run.identity): what a recorded run keeps
// in run.json, so the report's identity tables are the same. The balance's stated metrology also
// goes into the uncertainty budgets.
nlohmann::json import_identity(const AnalyzeOptions& o, AccuracyParams& params) {
  const auto dut = key_values(o.dut, "--dut", kDutKeys);
  auto balance = key_values(o.balance, "--balance", kBalanceKeys);
  if (const auto problem = text_problem(o.operator_name, 120); problem && !o.operator_name.empty())
    throw UsageError("--operator: the name " + *problem);
  if (balance.count("calibration_due") && !is_date(balance["calibration_due"]))
    throw UsageError("--balance calibration_due=" + printable(balance["calibration_due"]) + ": not a date YYYY-MM-DD");
  const std::string basis = "stated with --balance";
  auto mass = [&](const char* key) -> std::optional<StatedValue> {
    const auto it = balance.find(key);
    if (it == balance.end()) return std::nullopt;
    const double g = option_quantity(it->second, std::string("--balance ") + key, Dimension::mass);
    if (!(g > 0)) throw UsageError(fmt::format("--balance {}={}: must be above zero", key, it->second));
    return StatedValue{g, basis};
  };
  MeasurementConditions& c = params.conditions;
  if (auto v = mass("readability")) c.readability_g = v;
  if (auto v = mass("repeatability")) c.repeatability_g = v;
  const auto cal_u = mass("calibration_uncertainty"), cal_load = mass("calibration_load");
  if (cal_u.has_value() != cal_load.has_value())
    throw UsageError("--balance calibration_uncertainty and calibration_load go together (the certificate's U at a load)");
  if (cal_u) {
    c.calibration_uncertainty_g = cal_u;
    c.calibration_load_g = cal_load->value;
  }
  nlohmann::json pump = nlohmann::json::object(), bal = nlohmann::json::object();
  for (const auto& [k, v] : dut) pump[k] = v;
  for (const auto& [k, v] : balance) bal[k] = v;
  return {{"pump_under_test", pump},
          {"balance", bal},
          {"operator", o.operator_name},
          {"user", current_user_name()},
          {"host", host_name()}};
}

// A run folder's own samples file (run.json beside it) was written by the rig's recorder, which
// ends every row: a last line without a line end there is a torn write, never a complete row.
bool recorded_by_the_rig(const std::string& input) {
  const fs::path path(input);
  const std::string name = path.filename().string();
  const bool samples = name.rfind(run_files::kSamplesPrefix, 0) == 0 || name.rfind(run_files::kPrestartSamplesPrefix, 0) == 0;
  std::error_code ec;
  return samples && fs::exists(path.parent_path() / run_files::kRunJson, ec);
}

// The file's format as the options state it; what they leave out is detected by the reader.
void read_format_options(const AnalyzeOptions& o, CsvReadOptions& ro) {
  ro.delimiter.reset();
  ro.decimal.reset();
  if (!o.delimiter.empty()) {  // not trimmed: a tab is a delimiter
    ro.delimiter = parse_delimiter(o.delimiter);
    if (!ro.delimiter)
      throw UsageError(fmt::format("--delimiter \"{}\" is not one of ',', ';' and tab (also written \\t)", printable(o.delimiter)));
  }
  if (!trim(o.decimal).empty()) {
    ro.decimal = parse_decimal_separator(trim(o.decimal));
    if (!ro.decimal) throw UsageError(fmt::format("--decimal \"{}\" is not ',' or '.'", printable(o.decimal)));
  }
  if (!trim(o.time_format).empty()) {
    if (o.time_unit != "s") throw UsageError("--time-format and --time-unit exclude each other");
    if (const auto problem = time_format_problem(o.time_format))
      throw UsageError(fmt::format("--time-format \"{}\": {}", printable(o.time_format), *problem));
    ro.time_unit = TimeUnit::formatted;
    ro.time_format = o.time_format;
  }
  ro.unterminated_last_line =
      recorded_by_the_rig(o.input) ? UnterminatedLastLine::torn : UnterminatedLastLine::kept_when_complete;
}

// What the reader detected about the format and why, so a wrong guess can be seen and overridden.
std::optional<std::string> detected_format_note(const CsvReadings& data) {
  std::string found;
  if (data.delimiter_detected)
    found = fmt::format("cells separated by {} ({})", delimiter_name(data.delimiter), *data.delimiter_detected);
  if (data.decimal_detected)
    found += fmt::format("{}{} ({})", found.empty() ? "" : "; ", decimal_name(data.decimal), *data.decimal_detected);
  if (found.empty()) return std::nullopt;
  return "format detected: " + found + "; --delimiter and --decimal state it instead";
}

}  // namespace

int run_analyze(const AnalyzeOptions& o, std::ostream& out, std::ostream& err) {
  const std::string who = "pumprig analyze: error: ";
  try {
    if (trim(o.input).empty() && trim(o.rate).empty())
      throw UsageError("nothing to analyse: give a run folder (pumprig analyze RUN_DIR) or a CSV of balance readings "
                       "(pumprig analyze --input FILE --rate RATE)");
    AccuracyParams params = params_from(o);
    if (!trim(o.density).empty() && !trim(o.temperature_column).empty())
      throw UsageError("--density and --temperature-column exclude each other");
    if (auto problems = check_params(params); !problems.empty()) throw UsageError(problems.front());
    const nlohmann::json identity = import_identity(o, params);
    const auto unit = parse_time_unit(o.time_unit);
    if (!unit) throw UsageError(fmt::format("--time-unit \"{}\" is not one of s, min, h, iso8601", o.time_unit));
    if (trim(o.input).empty()) throw UsageError("--input is required");

    CsvReadOptions ro;
    ro.time_column = o.time_column;
    ro.mass_column = o.mass_column;
    ro.stable_column = o.stable_column;
    ro.temperature_column = o.temperature_column;
    ro.time_unit = *unit;
    read_format_options(o, ro);
    CsvReadings data = read_readings_csv(o.input, ro);
    if (const auto note = detected_format_note(data)) data.notes.insert(data.notes.begin(), *note);

    std::string density_source = trim(o.density).empty() ? "IEC default" : "given";
    if (!ro.temperature_column.empty()) {
      const auto mean = mean_temperature_c(data.temperatures, params.period_start_min * 60.0, params.period_end_min * 60.0);
      if (!mean)
        throw CsvError(o.input, 0, 0, "", fmt::format("no temperature in column \"{}\" falls in the analysis period", ro.temperature_column));
      params.water_temperature_c = *mean;
      density_source = fmt::format("water at {:.2f} °C, mean of column {} over the period, Tanaka et al. 2001", *mean,
                                   ro.temperature_column);
    }

    const AccuracyResult result = analyze_accuracy(data.readings, params);
    if (!result.data_covers_period) {
      const std::string extent = data.readings.empty()
                                     ? std::string("there are no readings")
                                     : fmt::format("the readings run from {:g} to {:g} min", data.readings.front().t_s / 60.0,
                                                   data.readings.back().t_s / 60.0);
      throw CsvError(o.input, 0, 0, "", fmt::format("the data are too short for the analysis period {:g}-{:g} min: {}; "
                                                    "use --period for a shorter span",
                                                    params.period_start_min, params.period_end_min, extent));
    }

    const std::string station = trim(o.station).empty() ? station_of(o.input) : o.station;
    RunResult doc;
    doc.run.provenance = Provenance::imported;
    // A unique id of the same form as a recorded run's, never the output folder's name.
    const auto now = std::chrono::system_clock::now();
    doc.run.id = RunFolder::folder_name(now, "import-" + station, random_hex_id(3));
    doc.run.other = {
        {"source", {{"file", o.input},
                    {"time_column", ro.time_column},
                    {"mass_column", ro.mass_column},
                    {"stable_column", data.has_stable ? nlohmann::json(ro.stable_column) : nlohmann::json(nullptr)},
                    {"temperature_column", ro.temperature_column.empty() ? nlohmann::json(nullptr) : nlohmann::json(ro.temperature_column)},
                    {"time_unit", ro.time_unit == TimeUnit::formatted ? std::string("formatted") : o.time_unit},
                    {"time_format", ro.time_unit == TimeUnit::formatted ? nlohmann::json(ro.time_format) : nlohmann::json(nullptr)},
                    {"delimiter", std::string(1, data.delimiter)},
                    {"decimal", std::string(1, data.decimal)}}},
        {"software", {{"name", "pumprig"}, {"version", PUMPRIG_VERSION}, {"command", "analyze"}}},
        {"analyzed_at_utc", utc_iso(now)},
        {"identity", identity},
        {"density_source", density_source},
        {"notes", data.notes},
    };
    doc.tests.push_back(accuracy_test_result(result, "accuracy-" + station, station));
    // The reader's notes (format detected, a dropped last line) are the test's too: the report
    // lists a test's notes.
    auto& test_notes = doc.tests.back().notes;
    test_notes.insert(test_notes.begin(), data.notes.begin(), data.notes.end());

    const fs::path dir = trim(o.out).empty() ? fs::path(o.input).parent_path() : fs::path(o.out);
    const fs::path target = (dir.empty() ? fs::path(".") : dir) / run_files::kResult;
    // By default the result goes next to the input, which may be a run folder: never over the
    // result `pumprig run` wrote there unless asked with --out.
    if (trim(o.out).empty()) {
      try {
        check_result_target(target);
      } catch (const std::runtime_error& e) {
        throw UsageError(e.what());
      }
    }
    print_accuracy_table(out, result, fmt::format("pumprig analyze: {} (station {})", o.input, station), density_source, data.notes);
    fs::create_directories(target.parent_path().empty() ? fs::path(".") : target.parent_path());
    write_file_atomically(target, to_json(doc).dump(2) + "\n");
    out << "  result: " << target.string() << "\n";
    return result.verdict == Verdict::pass || result.verdict == Verdict::measured ? 0 : 1;
  } catch (const UsageError& e) {
    err << who << printable(e.what()) << "\n";
  } catch (const CsvError& e) {
    err << who << e.what() << "\n";  // CsvError escapes its text
  } catch (const std::invalid_argument& e) {
    err << who << printable(o.input) << ": " << printable(e.what()) << "\n";
  } catch (const std::exception& e) {
    err << who << printable(e.what()) << "\n";
  }
  return 2;
}

void add_analyze_command(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<AnalyzeOptions>();
  CLI::App* cmd = app.add_subcommand(
      "analyze", "Re-analyse a recorded run of any kind from its folder (pumprig analyze RUN_DIR [--out DIR]), or run "
                 "the IEC 60601-2-24:2012 accuracy analysis (start-up graph, mean error, trumpet curve) of a CSV of "
                 "balance readings (--input FILE --rate RATE); prints a table and writes DIR/result.json. Exit 0 "
                 "pass, 1 fail or inconclusive, 2 usage or input error, 3 the recorded run was aborted.");
  auto run_dir = std::make_shared<std::string>();
  auto* run_dir_opt = cmd->add_option("run_dir", *run_dir,
                                      "run folder to re-analyse; everything the analysis needs comes from its record "
                                      "(result in --out DIR, default analysis-<run id>/)");
  auto* input = cmd->add_option("--input", opts->input, "CSV of balance readings (the rig's samples-<station>.csv or any logger's)");
  auto* rate = cmd->add_option("--rate", opts->rate, "set rate, e.g. 25ml/h");
  // With a run folder everything comes from the record: an option that would override it is refused.
  input->excludes(run_dir_opt);
  rate->excludes(run_dir_opt);
  cmd->add_option("--interval", opts->interval, "sample interval S")->capture_default_str();
  cmd->add_option("--period", opts->period, "analysis period (start, end]")->capture_default_str();
  cmd->add_option("--windows", opts->windows, "observation windows P in min, multiples of S")->capture_default_str();
  auto* density = cmd->add_option("--density", opts->density, "density in g/ml (default 0.998)");
  auto* temp = cmd->add_option("--temperature-column", opts->temperature_column,
                               "column of water temperature in °C: density from its mean over the analysis period");
  density->excludes(temp);
  cmd->add_option("--time-column", opts->time_column, "column holding the time")->capture_default_str();
  cmd->add_option("--mass-column", opts->mass_column, "column holding the mass in g")->capture_default_str();
  cmd->add_option("--stable-column", opts->stable_column, "column of the stability flag (1/0), optional in the file")
      ->capture_default_str();
  auto* time_unit = cmd->add_option("--time-unit", opts->time_unit, "unit of the time column; iso8601 counts from the first row")
      ->check(CLI::IsMember({"s", "min", "h", "iso8601"}))
      ->capture_default_str();
  cmd->add_option("--time-format", opts->time_format,
                  "the time column holds date-times in this layout, e.g. \"%d.%m.%Y %H:%M:%S\" (%Y %y %m %d %H %I %p "
                  "%M %S %F %T; %S takes a fraction, 12.5 or 12,5); counts from the first row")
      ->excludes(time_unit);
  cmd->add_option("--delimiter", opts->delimiter, "cell delimiter: ',' ';' or tab (also \\t); default: detected from the header");
  auto* decimal = cmd->add_option("--decimal", opts->decimal,
                                  "decimal separator of numbers: ',' or '.'; default: detected from the first decimal number");
  cmd->add_flag_callback("--decimal-comma", [opts] { opts->decimal = ","; }, "numbers have a decimal comma (--decimal ,)")
      ->excludes(decimal);
  cmd->add_option("--out", opts->out, "folder for result.json (default: the input's folder)");
  cmd->add_option("--station", opts->station, "station name (default: from samples-<station>.csv)");
  cmd->add_option("--duration", opts->duration, "test duration (default: the last full S interval of the data)");
  cmd->add_option("--evaporation", opts->evaporation, "measured evaporation loss to add back, e.g. 2mg/h");
  cmd->add_option("--startup-tolerance", opts->startup_tolerance, "start-up delay tolerance x in %")
      ->capture_default_str();
  cmd->add_option("--polling-period", opts->polling_period, "balance polling period (default: median interval)");
  cmd->add_option("--gap-limit", opts->gap_limit,
                  "gap limit (default: three polling periods, at most S); a longer one is honoured, with a note");
  cmd->add_option("--jitter", opts->jitter,
                  "readings within this fraction of S of a grid point are taken as on time, when they come once per S "
                  "or less often, e.g. 0.1 or 10% (default 0.1; 0: always interpolate)");
  cmd->add_option("--max-mean-error", opts->max_mean_error, "acceptance: |A| <= this, e.g. 5%");
  cmd->add_option("--trumpet-limit", opts->trumpet_limits, "acceptance per window: P:X (±X %) or P:LO:HI; repeatable");
  cmd->add_option("--max-startup-delay", opts->max_startup_delay, "acceptance: start-up delay <= this, e.g. 30min");
  cmd->add_option("--dut", opts->dut, "pump under test KEY=VALUE (manufacturer, model, serial, firmware); repeatable");
  cmd->add_option("--balance", opts->balance,
                  "balance KEY=VALUE (manufacturer, model, serial, firmware, calibration_due=YYYY-MM-DD, readability, "
                  "repeatability, calibration_uncertainty with calibration_load, e.g. readability=0.01mg); repeatable");
  cmd->add_option("--operator", opts->operator_name, "who did the test (name for the record and report)");
  auto report_dir = std::make_shared<std::string>();
  cmd->add_option("--report", *report_dir, "also write report.pdf, report.html and junit.xml into DIR");
  cmd->callback([opts, report_dir, run_dir, cmd, &exit_code] {
    if (!run_dir->empty()) {
      // Only --out goes with a run folder: the rest of the options describe a CSV.
      for (const CLI::Option* opt : cmd->get_options())
        if (opt->count() > 0 && opt->get_name() != "run_dir" && opt->get_name() != "--out" && opt->get_name() != "--help") {
          std::cerr << "pumprig analyze: error: " << opt->get_name()
                    << " does not go with a run folder: its analysis parameters come from the record\n";
          exit_code = 2;
          return;
        }
      exit_code = run_analyze_folder(AnalyzeFolderOptions{*run_dir, opts->out}, std::cout, std::cerr);
      return;
    }
    exit_code = run_analyze(*opts, std::cout, std::cerr);
    if (exit_code != 2 && !report_dir->empty()) {
      const fs::path result_dir = trim(opts->out).empty() ? fs::path(opts->input).parent_path() : fs::path(opts->out);
      if (write_imported_reports(result_dir, opts->input, *report_dir, std::cout, std::cerr) != 0) exit_code = 2;
    }
  });
}

}  // namespace pumprig
