#include "rig/config/validate.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <stdexcept>

#include "rig/config/config_error.hpp"
#include "rig/config/units.hpp"
#include "rig/core/safe_text.hpp"

namespace pumprig {

namespace {

std::string flow(double v) { return format_quantity(v, Dimension::flow, "ml/h"); }
std::string volume(double v) { return format_quantity(v, Dimension::volume, "ml"); }

// "2 h", "90 min", "45 s": the unit a tester would have written.
std::string duration(double s) {
  if (s >= 3600 && std::fmod(s, 3600) == 0) return format_quantity(s, Dimension::time, "h");
  if (s >= 60 && std::fmod(s, 60) == 0) return format_quantity(s, Dimension::time, "min");
  return format_quantity(s, Dimension::time, "s");
}

std::string container(const PumpConfig& p, double capacity_ml) {
  return "the " + volume(capacity_ml) + (p.pump_class == PumpClass::syringe ? " syringe" : " reservoir") +
         " of pump '" + p.name + "'";
}

// A balance's capacity, when the fixture states one: only a simulated balance does (its
// `simulation: capacity`); a value the simulator would refuse is left to it to report.
std::optional<double> balance_capacity_g(const BalanceConfig& b) {
  if (!b.simulation || !b.simulation->IsMap()) return std::nullopt;
  const YAML::Node cap = (*b.simulation)["capacity"];
  if (!cap || !cap.IsScalar()) return std::nullopt;
  try {
    return parse_quantity(cap.Scalar(), Dimension::mass);
  } catch (const std::invalid_argument&) {
    return std::nullopt;
  }
}

struct Segment {
  double rate_ml_h;
  double running_s;
};

void check_station(const Scenario& sc, const StationConfig& st, const Fixture& fixture) {
  if (sc.needs_io_board() && !st.io_board) {
    const auto step = std::find_if(sc.steps.begin(), sc.steps.end(), [](const Step& s) {
      Scenario one;
      one.steps.push_back(s);
      return one.needs_io_board();
    });
    throw ConfigError(step->where, std::string("step '") + to_string(step->kind) + "' needs a rig I/O board, but station " +
                                       st.id + " of fixture '" + fixture.name + "' (" + fixture.source +
                                       ") has none: add an 'io_board' to the station");
  }
  const PumpConfig& p = st.pump;
  const std::optional<double> capacity = p.capacity_ml();
  double delivered_ml = 0;
  bool running = false;
  const Step* active = nullptr;  // the set_pump in force
  double left_ml = std::numeric_limits<double>::infinity();  // of the set volume
  std::vector<Segment> segments;
  for (const Step& s : sc.steps) {
    switch (s.kind) {
      case StepKind::set_pump: {
        const double r = *s.rate_ml_h;
        if (r < p.min_rate_ml_h || r > p.max_rate_ml_h)
          throw ConfigError(s.rate_where, "rate " + flow(r) + " is outside the range of pump '" + p.name + "' on " + st.id +
                                              " (" + flow(p.min_rate_ml_h) + " to " + flow(p.max_rate_ml_h) + ")");
        if (capacity && s.volume_ml && *s.volume_ml > *capacity)
          throw ConfigError(s.volume_where, "volume " + volume(*s.volume_ml) + " is more than " + container(p, *capacity) +
                                                " on " + st.id + " holds");
        active = &s;
        left_ml = s.volume_ml.value_or(std::numeric_limits<double>::infinity());
        segments.push_back(Segment{r, 0});
        break;
      }
      case StepKind::check_weight: {
        const auto cap = balance_capacity_g(st.balance);
        if (cap && s.mass_g > *cap)
          throw ConfigError(s.mass_where, "check weight " + format_quantity(s.mass_g, Dimension::mass, "g") +
                                              " is more than the capacity of balance '" + st.balance.name + "' on " +
                                              st.id + " (" + format_quantity(*cap, Dimension::mass, "g") + ")");
        break;
      }
      case StepKind::start_pump: running = true; break;
      case StepKind::stop_pump: running = false; break;
      case StepKind::record:
      case StepKind::wait: {
        if (!running || !active || left_ml <= 0) break;
        const double rate = *active->rate_ml_h;
        // A set volume stops the pump by itself once delivered.
        const double t = std::min(s.duration_s, left_ml / rate * 3600.0);
        const double d = rate * t / 3600.0;
        left_ml -= d;
        delivered_ml += d;
        segments.back().running_s += t;
        if (capacity && delivered_ml > *capacity * (1 + 1e-9)) {
          std::string how;
          for (const auto& seg : segments) {
            if (seg.running_s <= 0) continue;
            how += (how.empty() ? "" : ", then ") + flow(seg.rate_ml_h) + " for " + duration(seg.running_s);
          }
          throw ConfigError(active->rate_where, "the scenario delivers " + volume(delivered_ml) + " by line " +
                                                    std::to_string(s.where.line) + " (" + how + "), more than " +
                                                    container(p, *capacity) + " on " + st.id + " holds");
        }
        break;
      }
      default: break;
    }
  }
}

}  // namespace

std::vector<const StationConfig*> stations_for(const Scenario& scenario, const Fixture& fixture) {
  std::vector<const StationConfig*> out;
  for (const auto& st : fixture.stations)
    if (scenario.applies_to_class(st.pump.pump_class)) out.push_back(&st);
  return out;
}

void keep_stations_for(const Scenario& scenario, Fixture& fixture) {
  std::erase_if(fixture.stations, [&](const StationConfig& st) { return !scenario.applies_to_class(st.pump.pump_class); });
}

void check_dut_overrides_apply(const Scenario& scenario, const Fixture& fixture) {
  const auto stations = stations_for(scenario, fixture);
  std::vector<std::string> running;
  for (const StationConfig* st : stations) running.push_back(st->id);
  for (const auto& item : fixture.dut_overrides) {
    const std::string station = dut_override_station(item);
    if (station.empty() || std::find(running.begin(), running.end(), station) != running.end()) continue;
    throw std::invalid_argument("bad --dut '" + printable(item) + "': station '" + printable(station) + "' does not run scenario '" +
                                scenario.id + "' (it runs on " + quoted_list(running, "and") + ")");
  }
}

void check_condition_overrides_apply(const Scenario& scenario, const Fixture& fixture) {
  const auto stations = stations_for(scenario, fixture);
  std::vector<std::string> running;
  bool any_syringe = false;
  for (const StationConfig* st : stations) {
    running.push_back(st->id);
    any_syringe = any_syringe || st->pump.pump_class == PumpClass::syringe;
  }
  for (const auto& item : fixture.condition_overrides) {
    const std::string key = item.substr(0, item.find('='));
    if (key.rfind("ambient.", 0) == 0) continue;
    const auto dot = key.find('.');
    const std::string station = dot == std::string::npos ? "" : key.substr(0, dot);
    const std::string what = dot == std::string::npos ? key : key.substr(dot + 1);
    if (!station.empty() && std::find(running.begin(), running.end(), station) == running.end())
      throw std::invalid_argument("bad --condition '" + printable(item) + "': station '" + printable(station) +
                                  "' does not run scenario '" + scenario.id + "' (it runs on " + quoted_list(running, "and") + ")");
    if (station.empty() && what == "syringe_lot" && !any_syringe)
      throw std::invalid_argument("bad --condition '" + printable(item) + "': no station that runs scenario '" + scenario.id +
                                  "' has a syringe (it runs on " + quoted_list(running, "and") + ")");
  }
}

void validate_scenario_for_fixture(const Scenario& scenario, const Fixture& fixture) {
  const auto stations = stations_for(scenario, fixture);
  if (stations.empty()) {
    std::string classes, have;
    for (PumpClass c : scenario.applies_to) classes += (classes.empty() ? "" : " or ") + std::string(to_string(c));
    for (const auto& st : fixture.stations)
      have += (have.empty() ? "" : ", ") + st.id + ": " + to_string(st.pump.pump_class);
    throw ConfigError(scenario.applies_to_where, "scenario applies to " + classes + " pumps, but fixture '" + fixture.name +
                                                     "' (" + fixture.source + ") has none (" + have + ")");
  }
  for (const StationConfig* st : stations) check_station(scenario, *st, fixture);
}

}  // namespace pumprig

namespace pumprig {

std::string OverdueCalibration::text() const {
  return station + " " + instrument + ": calibration was due " + due;
}

namespace {

std::vector<OverdueCalibration> overdue_on(const std::vector<const StationConfig*>& stations, const std::string& today) {
  std::vector<OverdueCalibration> out;
  // ISO dates compare as text.
  const auto check = [&](const std::string& station, const std::string& instrument, const std::string& due) {
    if (!due.empty() && due < today) out.push_back({station, instrument, due});
  };
  for (const StationConfig* st : stations) {
    check(st->id, st->balance.name, st->balance.calibration_due);
    if (st->io_board) {
      check(st->id, st->io_board->name, st->io_board->calibration_due);
      for (const auto& t : st->io_board->transducers)
        check(st->id, st->io_board->name + " " + t.port + " transducer", t.calibration_due);
    }
  }
  return out;
}

}  // namespace

std::vector<OverdueCalibration> overdue_calibrations(const Scenario& scenario, const Fixture& fixture, const std::string& today) {
  return overdue_on(stations_for(scenario, fixture), today);
}

std::vector<OverdueCalibration> overdue_calibrations(const Fixture& fixture, const std::string& today) {
  std::vector<const StationConfig*> all;
  for (const auto& st : fixture.stations) all.push_back(&st);
  return overdue_on(all, today);
}

const std::vector<std::string>& acceptable_deviations() {
  static const std::vector<std::string> kinds{"calibration"};
  return kinds;
}

std::vector<std::string> check_calibrations(const Scenario& scenario, const Fixture& fixture, const std::string& today,
                                            const std::vector<std::string>& accepted) {
  for (const auto& kind : accepted)
    if (std::find(acceptable_deviations().begin(), acceptable_deviations().end(), kind) == acceptable_deviations().end())
      throw std::invalid_argument("bad --accept-deviation '" + printable(kind) + "'" + did_you_mean_suffix(kind, acceptable_deviations()) +
                                  "; the deviations a run may accept: " + quoted_list(acceptable_deviations()));
  const auto overdue = overdue_calibrations(scenario, fixture, today);
  if (overdue.empty()) return {};
  std::string list;
  for (const auto& o : overdue) list += (list.empty() ? "" : "; ") + o.text();
  const bool accept = std::find(accepted.begin(), accepted.end(), "calibration") != accepted.end();
  if (!accept)
    throw std::invalid_argument("calibration overdue (today is " + today + "): " + list +
                                ". Its readings cannot be traced to a valid calibration: recalibrate and update "
                                "calibration_due in the fixture (" + fixture.source +
                                "), or run with --accept-deviation calibration to record the deviation on every report page");
  std::vector<std::string> out;
  for (const auto& o : overdue) out.push_back("calibration overdue, accepted by the operator: " + o.text() + " (run on " + today + ")");
  return out;
}

}  // namespace pumprig
