#include "rig/drivers/registry.hpp"
#include "rig/config/fixture.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <functional>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>

#include "rig/config/embedded_fixture.hpp"
#include "rig/config/yaml_reader.hpp"
#include "rig/core/safe_text.hpp"

namespace pumprig {

using namespace yaml_reader;

namespace {

const std::vector<std::string> kDutKeys{"manufacturer", "model", "serial", "firmware"};

// A --dut argument as quoted in messages: printable, and cut short (a value may be very long).
std::string shown(const std::string& item) {
  return item.size() > 80 ? printable(item.substr(0, 80)) + "..." : printable(item);
}

bool is_identifier(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

// Station ids and instrument names end up in file names and in "station-1.serial=..." options.
std::string identifier(const Context& ctx, const Value& v) {
  std::string s = text(ctx, v);
  if (!is_identifier(s))
    throw ConfigError(v.pos, "'" + v.label + "' must use only letters, digits, '-' and '_' (it names files), got '" +
                                 s + "'");
  return s;
}

// The driver's own rules on what the fixture gives it (rig/drivers/registry.hpp), reported at the
// key each problem is about.
void check_driver_options(const MapReader& m, const DriverEntry& driver, const ConnectionSpec& connection,
                          std::optional<double> safe_mode_timeout_s) {
  if (!driver.check_options) return;
  DriverOptions o;
  if (m.has("connection") && connection.transport != Transport::tcp) o.serial_line = connection.serial;
  o.safe_mode_timeout_s = safe_mode_timeout_s;
  for (const OptionProblem& problem : driver.check_options(o)) {
    const auto f = m.get(problem.key);
    throw ConfigError(f ? f->pos : m.where(), problem.message);
  }
}

std::string driver_name(const Context& ctx, const Value& v, const std::vector<std::string>& known,
                        const std::string& kind) {
  std::string s = text(ctx, v);
  if (std::find(known.begin(), known.end(), s) == known.end())
    throw ConfigError(v.pos, "unknown " + kind + " driver '" + s + "'" + did_you_mean_suffix(s, known) +
                                 "; known drivers: " + quoted_list(known, "and"));
  return s;
}

ConnectionSpec connection(const Context& ctx, const Value& v, std::string& text_out) {
  text_out = text(ctx, v, kMaxLongTextChars);
  try {
    return parse_connection(text_out);
  } catch (const std::invalid_argument& e) {
    throw ConfigError(v.pos, e.what());
  }
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

std::string iso_date(const Context& ctx, const Value& v) {
  const std::string s = text(ctx, v);
  const auto bad = [&](const std::string& why) {
    throw ConfigError(v.pos, "bad date '" + s + "' for '" + v.label + "': " + why);
  };
  const bool shape = s.size() == 10 && s[4] == '-' && s[7] == '-' &&
                     std::all_of(s.begin(), s.end(), [](char c) { return c == '-' || (c >= '0' && c <= '9'); });
  if (!shape) bad("expected YYYY-MM-DD, e.g. 2027-06-30");
  const int y = std::stoi(s.substr(0, 4)), m = std::stoi(s.substr(5, 2)), d = std::stoi(s.substr(8, 2));
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12) bad("month must be 01-12");
  const int days = kDays[m - 1] + (m == 2 && leap(y) ? 1 : 0);
  if (d < 1 || d > days) bad("day must be 01-" + std::to_string(days) + " in that month");
  return s;
}

// A plain positive number ("10", "0.5"): a factor of real time, not a quantity with a unit.
// A dimensionless positive number (a speed factor, a calibration gain); `expected` says what was
// wanted, and the message adds what was found.
double positive_number(const Context& ctx, const Value& v, const std::string& expected) {
  const std::string s = text(ctx, v);
  double out = 0.0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  if (ec != std::errc() || end != s.data() + s.size() || !(out > 0.0) || !std::isfinite(out))
    throw ConfigError(v.pos, expected + ", got '" + s + "'");
  return out;
}

void read_simulation(const Context& ctx, const MapReader& m, std::optional<YAML::Node>& node, SourcePos& where) {
  const auto f = m.get("simulation");
  if (!f) return;
  if (!is_empty(*f) && !f->node.IsMap())
    throw ConfigError(f->pos, "'simulation' must be a map of simulation parameters");
  (void)ctx;
  node = f->node;
  where = f->pos;
}

BalanceConfig read_balance(const Context& ctx, const Value& v, SourcePos& name_pos) {
  const MapReader m(ctx, v, "balance",
                    {"name", "driver", "connection", "reading_interval", "reply_timeout", "attempts",
                     "calibration_due", "readability", "repeatability", "calibration_uncertainty", "calibration_load",
                     "identity", "simulation"});
  BalanceConfig b;
  b.where = m.where();
  const Field name = m.need("name");
  b.name = identifier(ctx, name);
  name_pos = name.pos;
  b.driver = driver_name(ctx, m.need("driver"), known_balance_drivers(), "balance");
  b.connection = connection(ctx, m.need("connection"), b.connection_text);
  check_driver_options(m, *find_driver(b.driver, DriverRole::balance), b.connection, std::nullopt);
  if (auto f = m.get("reading_interval")) {
    if (f->node.IsScalar() && f->node.Scalar() == "stream") {
      b.reading_interval_s = 0.0;
    } else {
      try {
        b.reading_interval_s = positive_quantity(ctx, *f, Dimension::time);
      } catch (const ConfigError& e) {
        throw ConfigError(e.where(), e.message() + " (or the word 'stream' for continuous readings)");
      }
    }
  }
  if (auto f = m.get("reply_timeout")) b.reply_timeout_s = positive_quantity(ctx, *f, Dimension::time);
  if (auto f = m.get("attempts")) b.attempts = static_cast<int>(integer(ctx, *f, 1, 100));
  if (auto f = m.get("calibration_due")) b.calibration_due = iso_date(ctx, *f);
  if (auto f = m.get("readability")) b.readability_g = positive_quantity(ctx, *f, Dimension::mass);
  if (auto f = m.get("repeatability")) b.repeatability_g = positive_quantity(ctx, *f, Dimension::mass);
  if (auto f = m.get("calibration_uncertainty")) b.calibration_uncertainty_g = positive_quantity(ctx, *f, Dimension::mass);
  if (auto f = m.get("calibration_load")) b.calibration_load_g = positive_quantity(ctx, *f, Dimension::mass);
  if (b.calibration_uncertainty_g.has_value() != b.calibration_load_g.has_value())
    throw ConfigError(m.where(), "'calibration_uncertainty' and 'calibration_load' go together: the certificate's expanded "
                                 "uncertainty (k = 2) and the load it was stated at, e.g. 0.05 mg at 100 g");
  if (auto f = m.get("identity")) {
    const MapReader id(ctx, *f, "identity", kDutKeys);
    InstrumentIdentity ident;
    if (auto g = id.get("manufacturer")) ident.manufacturer = optional_text(ctx, *g);
    if (auto g = id.get("model")) ident.model = optional_text(ctx, *g);
    if (auto g = id.get("serial")) ident.serial = optional_text(ctx, *g);
    if (auto g = id.get("firmware")) ident.firmware = optional_text(ctx, *g);
    b.identity = ident;
  }
  read_simulation(ctx, m, b.simulation, b.simulation_where);
  return b;
}

IoBoardConfig read_io_board(const Context& ctx, const Value& v, SourcePos& name_pos) {
  const MapReader m(ctx, v, "io_board",
                    {"name", "driver", "connection", "reply_timeout", "attempts", "stream_interval", "over_pressure_limit",
                     "board_trip", "watchdog", "stale_after", "transducers", "calibration_due", "simulation"});
  IoBoardConfig b;
  b.where = m.where();
  const Field name = m.need("name");
  b.name = identifier(ctx, name);
  name_pos = name.pos;
  b.driver = driver_name(ctx, m.need("driver"), known_io_board_drivers(), "io_board");
  b.connection = connection(ctx, m.need("connection"), b.connection_text);
  check_driver_options(m, *find_driver(b.driver, DriverRole::io_board), b.connection, std::nullopt);
  if (auto f = m.get("reply_timeout")) b.reply_timeout_s = positive_quantity(ctx, *f, Dimension::time);
  if (auto f = m.get("attempts")) b.attempts = static_cast<int>(integer(ctx, *f, 1, 100));
  if (auto f = m.get("stream_interval")) b.stream_interval_s = positive_quantity(ctx, *f, Dimension::time);
  if (auto f = m.get("over_pressure_limit")) b.over_pressure_limit_mmhg = positive_quantity(ctx, *f, Dimension::pressure);
  if (auto f = m.get("board_trip")) b.board_trip_mmhg = positive_quantity(ctx, *f, Dimension::pressure);
  if (auto f = m.get("watchdog")) b.watchdog_s = positive_quantity(ctx, *f, Dimension::time);
  if (auto f = m.get("stale_after")) b.stale_after_s = positive_quantity(ctx, *f, Dimension::time);
  else b.stale_after_s = std::max(1.0, 5 * b.stream_interval_s);
  if (auto f = m.get("transducers")) {
    b.transducers.clear();
    for (const auto& item : items(ctx, *f)) {
      const MapReader t(ctx, item, "transducer", {"port", "offset", "gain", "calibration_due", "uncertainty"});
      TransducerConfig tc;
      if (auto g = t.get("port")) {
        tc.port = text(ctx, *g);
        if (tc.port != "upstream" && tc.port != "downstream")
          throw ConfigError(g->pos, "unknown transducer port '" + tc.port + "'" +
                                        did_you_mean_suffix(tc.port, {"upstream", "downstream"}) +
                                        "; expected 'upstream' (pump side of the occluder) or 'downstream'");
      }
      if (auto g = t.get("offset")) tc.offset_mmhg = quantity(ctx, *g, Dimension::pressure);
      if (auto g = t.get("gain")) tc.gain = positive_number(ctx, *g, "expected a positive number such as '1.002'");
      if (auto g = t.get("calibration_due")) tc.calibration_due = iso_date(ctx, *g);
      if (auto g = t.get("uncertainty")) tc.uncertainty_mmhg = positive_quantity(ctx, *g, Dimension::pressure);
      b.transducers.push_back(tc);
    }
    if (b.transducers.empty() || b.transducers.size() > 2)
      throw ConfigError(f->pos, "the rig I/O board has one or two pressure transducers");
  }
  if (auto f = m.get("calibration_due")) b.calibration_due = iso_date(ctx, *f);
  read_simulation(ctx, m, b.simulation, b.simulation_where);
  return b;
}

// Plausibility of the room: catches a unit slip ("1013 mmHg" for hPa, "45" read as a fraction).
void check_ambient(const AmbientConditions& a, const std::function<void(const std::string&)>& refuse) {
  if (a.temperature_c && (*a.temperature_c < 0 || *a.temperature_c > 50))
    refuse("ambient temperature " + format_quantity(*a.temperature_c, Dimension::temperature) + " is implausible for a lab (0 to 50 degC)");
  if (a.humidity_pct && (*a.humidity_pct < 0 || *a.humidity_pct > 100))
    refuse("relative humidity " + format_quantity(*a.humidity_pct, Dimension::percent) + " is not within 0 to 100 %");
  // 500 to 1100 hPa: from high altitude labs to sea level in any weather.
  if (a.pressure_mmhg && (*a.pressure_mmhg < 375 || *a.pressure_mmhg > 825))
    refuse("air pressure " + fmt::format("{:.0f} hPa", *a.pressure_mmhg / 0.7500616827041697) +
           " is implausible (500 to 1100 hPa; write the unit, e.g. 1013 hPa)");
}

AmbientConditions read_ambient(const Context& ctx, const Value& v) {
  AmbientConditions a;
  if (v.node.IsScalar()) {
    const std::string t = text(ctx, v);
    if (t != "ask")
      throw ConfigError(v.pos, "'ambient' is a map { temperature, humidity, pressure } or 'ask' (the operator types them "
                               "at the start of each run), not '" + t + "'");
    a.ask = true;
    return a;
  }
  const MapReader m(ctx, v, "ambient", {"temperature", "humidity", "pressure"});
  if (auto f = m.get("temperature")) a.temperature_c = quantity(ctx, *f, Dimension::temperature);
  if (auto f = m.get("humidity")) a.humidity_pct = quantity(ctx, *f, Dimension::percent);
  if (auto f = m.get("pressure")) a.pressure_mmhg = positive_quantity(ctx, *f, Dimension::pressure);
  check_ambient(a, [&](const std::string& why) { throw ConfigError(m.where(), why); });
  a.source = "fixture";
  return a;
}

PumpConfig read_pump(const Context& ctx, const Value& v, SourcePos& name_pos) {
  const MapReader m(ctx, v, "pump",
                    {"name", "driver", "class", "connection", "address", "safe_mode_timeout", "status_interval",
                     "reply_timeout", "attempts", "min_rate", "max_rate", "syringe", "reservoir", "administration_set",
                     "dut", "simulation"});
  PumpConfig p;
  p.where = m.where();
  const Field name = m.need("name");
  p.name = identifier(ctx, name);
  name_pos = name.pos;
  p.driver = driver_name(ctx, m.need("driver"), known_pump_drivers(), "pump");
  {
    const Field f = m.need("class");
    const std::string c = text(ctx, f);
    const auto pc = parse_pump_class(c);
    if (!pc)
      throw ConfigError(f.pos, "unknown pump class '" + c + "'" + did_you_mean_suffix(c, pump_class_names()) +
                                   "; expected " + quoted_list(pump_class_names()));
    p.pump_class = *pc;
  }
  const DriverEntry& driver = *find_driver(p.driver, DriverRole::pump);
  if (auto f = driver.needs_link() ? std::optional<Field>(m.need("connection")) : m.get("connection"))
    p.connection = connection(ctx, *f, p.connection_text);
  if (auto f = m.get("address")) p.address = static_cast<int>(integer(ctx, *f, 0, 99));
  if (auto f = m.get("safe_mode_timeout")) p.safe_mode_timeout_s = quantity(ctx, *f, Dimension::time);
  check_driver_options(m, driver, p.connection, m.has("safe_mode_timeout") ? std::optional<double>(p.safe_mode_timeout_s) : std::nullopt);
  if (auto f = m.get("safe_mode_timeout"); f && p.safe_mode_timeout_s < 0)
    throw ConfigError(f->pos, "'safe_mode_timeout' must not be negative");
  if (auto f = m.get("status_interval")) p.status_interval_s = positive_quantity(ctx, *f, Dimension::time);
  if (auto f = m.get("reply_timeout")) p.reply_timeout_s = positive_quantity(ctx, *f, Dimension::time);
  if (auto f = m.get("attempts")) p.attempts = static_cast<int>(integer(ctx, *f, 1, 100));
  p.min_rate_ml_h = positive_quantity(ctx, m.need("min_rate"), Dimension::flow);
  {
    const Field f = m.need("max_rate");
    p.max_rate_ml_h = positive_quantity(ctx, f, Dimension::flow);
    if (p.max_rate_ml_h <= p.min_rate_ml_h)
      throw ConfigError(f.pos, "max_rate (" + format_quantity(p.max_rate_ml_h, Dimension::flow) +
                                   ") must be more than min_rate (" + format_quantity(p.min_rate_ml_h, Dimension::flow) +
                                   ")");
  }
  const auto syringe = m.get("syringe");
  const auto reservoir = m.get("reservoir");
  if (p.pump_class == PumpClass::syringe) {
    if (reservoir) throw ConfigError(reservoir->key_pos, "'reservoir' is for volumetric pumps; this pump's class is syringe");
    if (!syringe) throw ConfigError(m.where(), "missing key 'syringe' in pump (required for class syringe)");
    const MapReader s(ctx, *syringe, "syringe", {"volume", "inner_diameter", "brand", "lot"});
    p.syringe_volume_ml = positive_quantity(ctx, s.need("volume"), Dimension::volume);
    p.syringe_diameter_mm = positive_quantity(ctx, s.need("inner_diameter"), Dimension::length);
    if (auto g = s.get("brand")) p.syringe_brand = optional_text(ctx, *g);
    if (auto g = s.get("lot")) p.syringe_lot = optional_text(ctx, *g);
  } else {
    if (syringe) throw ConfigError(syringe->key_pos, "'syringe' is for syringe pumps; this pump's class is volumetric");
    if (!reservoir) throw ConfigError(m.where(), "missing key 'reservoir' in pump (required for class volumetric)");
    const MapReader r(ctx, *reservoir, "reservoir", {"volume"});
    p.reservoir_volume_ml = positive_quantity(ctx, r.need("volume"), Dimension::volume);
  }
  if (auto f = m.get("administration_set")) {
    const MapReader a(ctx, *f, "administration_set", {"name", "lot"});
    p.set_name = optional_text(ctx, a.need("name"));
    if (auto g = a.get("lot")) p.set_lot = optional_text(ctx, *g);
  }
  if (auto f = m.get("dut")) {
    const MapReader d(ctx, *f, "dut", kDutKeys);
    if (auto g = d.get("manufacturer")) p.dut.manufacturer = optional_text(ctx, *g);
    if (auto g = d.get("model")) p.dut.model = optional_text(ctx, *g);
    if (auto g = d.get("serial")) p.dut.serial = optional_text(ctx, *g);
    if (auto g = d.get("firmware")) p.dut.firmware = optional_text(ctx, *g);
  }
  read_simulation(ctx, m, p.simulation, p.simulation_where);
  return p;
}

}  // namespace

// The names come from the driver registry: a driver added there is known here.
const std::vector<std::string>& known_balance_drivers() {
  static const std::vector<std::string> d = driver_names(DriverRole::balance);
  return d;
}

const std::vector<std::string>& known_io_board_drivers() {
  static const std::vector<std::string> d = driver_names(DriverRole::io_board);
  return d;
}

const std::vector<std::string>& known_pump_drivers() {
  static const std::vector<std::string> d = driver_names(DriverRole::pump);
  return d;
}

const StationConfig* Fixture::find_station(std::string_view id) const {
  for (const auto& s : stations)
    if (s.id == id) return &s;
  return nullptr;
}

std::string read_text_file(const std::string& path) {
  // Opening a folder succeeds on Linux and reads as nothing, which would be reported as an
  // empty file.
  if (std::error_code dir_ec; std::filesystem::is_directory(path, dir_ec))
    throw std::runtime_error("cannot read '" + printable(path) + "': it is a directory, not a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::error_code ec;
    const std::string reason = !std::filesystem::exists(path, ec)          ? "no such file"
                               : std::filesystem::is_directory(path, ec) ? "it is a folder"
                                                                          : std::strerror(errno);
    throw std::runtime_error("cannot read '" + printable(path) + "': " + reason);
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Fixture load_fixture_file(const std::string& path) { return load_fixture_text(read_text_file(path), path); }

Fixture load_fixture_or_default(const std::optional<std::string>& path) {
  return path ? load_fixture_file(*path) : load_fixture_text(std::string(embedded_default_fixture()), kEmbeddedFixtureName);
}

Fixture load_fixture_text(const std::string& yaml_text, const std::string& source_name) {
  Context ctx;
  ctx.file = source_name;
  const YAML::Node root = load(ctx, yaml_text);
  check_schema(ctx, root, kFixtureSchema, "fixture");
  const MapReader m(ctx, Value{root, ctx.pos(root), "fixture"}, "fixture",
                    {"schema", "name", "operator", "fluid", "ambient", "seed", "speed", "wire_log", "stations"});
  Fixture fx;
  fx.source = source_name;
  fx.text = yaml_text;
  fx.name = text(ctx, m.need("name"));
  if (auto f = m.get("operator")) fx.operator_name = optional_text(ctx, *f);
  if (auto f = m.get("fluid")) {
    const MapReader fl(ctx, *f, "fluid", {"name", "density", "temperature", "temperature_uncertainty", "evaporation_uncertainty"});
    if (auto g = fl.get("name")) fx.fluid_name = optional_text(ctx, *g);
    if (auto g = fl.get("density")) {
      fx.density_g_ml = positive_quantity(ctx, *g, Dimension::density);
      // Catches "0.998 g/l" and "998 g/ml": every infusion fluid is close to water.
      if (fx.density_g_ml < 0.5 || fx.density_g_ml > 2.0)
        throw ConfigError(g->pos, "density " + format_quantity(fx.density_g_ml, Dimension::density) +
                                      " is implausible for an infusion fluid (expected 0.5 to 2 g/ml)");
    }
    if (auto g = fl.get("temperature")) fx.temperature_c = quantity(ctx, *g, Dimension::temperature);
    if (auto g = fl.get("temperature_uncertainty"))
      fx.temperature_uncertainty_c = positive_quantity(ctx, *g, Dimension::temperature);
    if (auto g = fl.get("evaporation_uncertainty")) {
      fx.evaporation_uncertainty_mg_h = quantity(ctx, *g, Dimension::mass_rate);
      if (*fx.evaporation_uncertainty_mg_h < 0) throw ConfigError(g->pos, "'evaporation_uncertainty' must not be negative");
    }
  }
  if (auto f = m.get("ambient")) fx.ambient = read_ambient(ctx, *f);
  if (auto f = m.get("seed")) fx.seed = unsigned_integer(ctx, *f);
  if (auto f = m.get("speed")) fx.speed = positive_number(
      ctx, *f, "'speed' must be a positive number (the clock runs at that many times real time, e.g. 10)");

  if (auto f = m.get("wire_log")) {
    const MapReader wl(ctx, *f, "wire_log", {"max_mb", "policy"});
    if (auto g = wl.get("policy")) {
      const std::string policy = text(ctx, *g);
      if (policy != "cap")
        throw ConfigError(g->pos, "unknown wire_log policy '" + policy +
                                      "'; the policy is 'cap' (what comes after max_mb is counted in events.jsonl, "
                                      "not logged)");
    }
    const std::uint64_t max_mb = static_cast<std::uint64_t>(integer(ctx, wl.need("max_mb"), 1, 1'000'000));
    fx.wire_log_max_bytes = max_mb << 20;
  }

  const Field stations = m.need("stations");
  const auto list = items(ctx, stations);
  if (list.empty()) throw ConfigError(stations.pos, "'stations' needs at least one station");
  std::vector<std::pair<std::string, SourcePos>> instrument_names;
  const auto claim_name = [&](const std::string& name, const SourcePos& pos) {
    for (const auto& [n, p] : instrument_names)
      if (n == name)
        throw ConfigError(pos, "duplicate instrument name '" + name + "' (first used at line " + std::to_string(p.line) +
                                   "); instrument names must be unique in a fixture");
    instrument_names.emplace_back(name, pos);
  };
  for (const auto& item : list) {
    const MapReader s(ctx, item, "station", {"id", "balance", "pump", "io_board", "on_fault", "pause_timeout"});
    StationConfig st;
    st.where = s.where();
    const Field id = s.need("id");
    st.id = identifier(ctx, id);
    for (const auto& prev : fx.stations)
      if (prev.id == st.id)
        throw ConfigError(id.pos, "duplicate station id '" + st.id + "' (first defined at line " +
                                      std::to_string(prev.where.line) + ")");
    SourcePos name_pos;
    st.balance = read_balance(ctx, s.need("balance"), name_pos);
    claim_name(st.balance.name, name_pos);
    st.pump = read_pump(ctx, s.need("pump"), name_pos);
    claim_name(st.pump.name, name_pos);
    if (auto f = s.get("io_board")) {
      st.io_board = read_io_board(ctx, *f, name_pos);
      claim_name(st.io_board->name, name_pos);
    }
    if (auto f = s.get("on_fault")) {
      const std::string p = text(ctx, *f);
      const auto policy = parse_fault_policy(p);
      if (!policy)
        throw ConfigError(f->pos, "unknown fault policy '" + p + "'" + did_you_mean_suffix(p, fault_policy_names()) +
                                      "; policies are " + quoted_list(fault_policy_names(), "and"));
      st.on_fault = *policy;
    }
    if (auto f = s.get("pause_timeout")) st.pause_timeout_s = positive_quantity(ctx, *f, Dimension::time);
    fx.stations.push_back(std::move(st));
  }
  return fx;
}

std::string dut_override_station(std::string_view item) {
  const std::string_view key = item.substr(0, item.find('='));
  const auto dot = key.find('.');
  return dot == std::string_view::npos ? std::string() : std::string(key.substr(0, dot));
}

void apply_dut_overrides(Fixture& fixture, const std::vector<std::string>& key_equals_value) {
  for (const auto& item : key_equals_value) {
    const auto eq = item.find('=');
    if (eq == std::string::npos || eq == 0)
      throw std::invalid_argument("bad --dut '" + shown(item) + "': expected key=value, e.g. serial=ABC123");
    std::string key = item.substr(0, eq);
    const std::string value = item.substr(eq + 1);
    if (value.empty()) throw std::invalid_argument("bad --dut '" + shown(item) + "': empty value");
    // The value goes into the record and every report, like the fixture's identity fields.
    if (const auto problem = text_problem(value, kMaxNameChars))
      throw std::invalid_argument("bad --dut '" + shown(item) + "'" +
                                  ": the value " + *problem);
    const std::string station = dut_override_station(item);
    if (!station.empty()) key = key.substr(station.size() + 1);
    if (std::find(kDutKeys.begin(), kDutKeys.end(), key) == kDutKeys.end())
      throw std::invalid_argument("bad --dut '" + shown(item) + "': unknown key '" + printable(key) + "'" +
                                  did_you_mean_suffix(key, kDutKeys) + "; keys are " + quoted_list(kDutKeys, "and"));
    std::vector<StationConfig*> targets;
    if (station.empty()) {
      for (auto& s : fixture.stations) targets.push_back(&s);
    } else {
      for (auto& s : fixture.stations)
        if (s.id == station) targets.push_back(&s);
      if (targets.empty()) {
        std::vector<std::string> ids;
        for (const auto& s : fixture.stations) ids.push_back(s.id);
        throw std::invalid_argument("bad --dut '" + shown(item) + "': no station '" + printable(station) + "' in fixture" +
                                    did_you_mean_suffix(station, ids) + "; stations are " + quoted_list(ids, "and"));
      }
    }
    for (StationConfig* s : targets) {
      DutIdentity& d = s->pump.dut;
      std::string& field = key == "manufacturer" ? d.manufacturer : key == "model" ? d.model : key == "serial" ? d.serial : d.firmware;
      field = value;
    }
    fixture.dut_overrides.push_back(item);
  }
}

const std::vector<std::string>& condition_keys() {
  static const std::vector<std::string> keys{"ambient.temperature", "ambient.humidity", "ambient.pressure", "fluid",
                                             "syringe_lot", "set", "set_lot"};
  return keys;
}

std::vector<std::string> ambient_values_to_ask(const Fixture& fixture) {
  std::vector<std::string> out;
  const AmbientConditions& a = fixture.ambient;
  if (!a.ask) return out;
  if (!a.temperature_c) out.push_back("ambient.temperature");
  if (!a.humidity_pct) out.push_back("ambient.humidity");
  if (!a.pressure_mmhg) out.push_back("ambient.pressure");
  return out;
}

void apply_condition_overrides(Fixture& fixture, const std::vector<std::string>& key_equals_value, std::string_view source) {
  static const std::vector<std::string> station_keys{"syringe_lot", "set", "set_lot"};
  for (const auto& item : key_equals_value) {
    const auto bad = [&](const std::string& why) { return std::invalid_argument("bad --condition '" + shown(item) + "': " + why); };
    const auto eq = item.find('=');
    if (eq == std::string::npos || eq == 0) throw bad("expected key=value, e.g. ambient.temperature=22.5degC");
    std::string key = item.substr(0, eq);
    const std::string value = item.substr(eq + 1);
    if (value.empty()) throw bad("empty value");
    if (const auto problem = text_problem(value, kMaxNameChars)) throw bad("the value " + *problem);
    // "station-1.set_lot": a station prefix, unless the key is one of the bench-wide dotted ones.
    std::string station;
    if (const auto dot = key.find('.'); dot != std::string::npos && key.rfind("ambient.", 0) != 0) {
      station = key.substr(0, dot);
      key = key.substr(dot + 1);
      if (std::find(station_keys.begin(), station_keys.end(), key) == station_keys.end())
        throw bad("'" + printable(key) + "' is not a station's condition" + did_you_mean_suffix(key, station_keys) +
                  "; a station takes " + quoted_list(station_keys, "and"));
    }
    if (std::find(condition_keys().begin(), condition_keys().end(), key) == condition_keys().end())
      throw bad("unknown key '" + printable(key) + "'" + did_you_mean_suffix(key, condition_keys()) + "; keys are " +
                quoted_list(condition_keys(), "and"));
    if (key.rfind("ambient.", 0) == 0) {
      AmbientConditions& a = fixture.ambient;
      const std::string what = key.substr(8);
      const Dimension d = what == "temperature" ? Dimension::temperature : what == "humidity" ? Dimension::percent : Dimension::pressure;
      double v = 0;
      try {
        v = parse_quantity(value, d);
      } catch (const std::invalid_argument& e) {
        throw bad(e.what());
      }
      AmbientConditions one;
      (what == "temperature" ? one.temperature_c : what == "humidity" ? one.humidity_pct : one.pressure_mmhg) = v;
      check_ambient(one, [&](const std::string& why) { throw bad(why); });
      (what == "temperature" ? a.temperature_c : what == "humidity" ? a.humidity_pct : a.pressure_mmhg) = v;
      if (a.source.find(source) == std::string::npos) a.source += (a.source.empty() ? "" : ", ") + std::string(source);
    } else if (key == "fluid") {
      fixture.fluid_name = value;
    } else {
      std::vector<StationConfig*> targets;
      for (auto& s : fixture.stations)
        if (station.empty() || s.id == station) targets.push_back(&s);
      if (targets.empty()) {
        std::vector<std::string> ids;
        for (const auto& s : fixture.stations) ids.push_back(s.id);
        throw bad("no station '" + printable(station) + "' in fixture" + did_you_mean_suffix(station, ids) + "; stations are " +
                  quoted_list(ids, "and"));
      }
      for (StationConfig* s : targets) {
        if (key == "syringe_lot" && s->pump.pump_class != PumpClass::syringe) {
          if (!station.empty()) throw bad(s->id + "'s pump has no syringe (class " + to_string(s->pump.pump_class) + ")");
          continue;
        }
        (key == "syringe_lot" ? s->pump.syringe_lot : key == "set" ? s->pump.set_name : s->pump.set_lot) = value;
      }
    }
    fixture.condition_overrides.push_back(source == "--condition" ? item : item + " (" + std::string(source) + ")");
  }
}

}  // namespace pumprig
