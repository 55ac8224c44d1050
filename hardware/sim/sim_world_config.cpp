#include "hardware/sim/sim_world_config.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "hardware/sim/mtsics_sim_config.hpp"
#include "rig/config/config_error.hpp"
#include "rig/config/simulation_params.hpp"

namespace pumprig::sim {

const std::vector<std::string>& balance_simulation_keys() {
  static const std::vector<std::string> keys = {
      "model",     "serial",   "firmware",      "capacity", "resolution", "noise",       "settling",
      "drift",     "outlet",   "drop_volume",   "oil_layer", "evaporation", "vessel_mass", "stable_timeout",
      "water_temperature", "update_rate", "software_number", "auto_print", "id_field"};
  return keys;
}

const std::vector<std::string>& pump_simulation_keys() {
  static const std::vector<std::string> keys = {"rate_error", "slack",       "stiction",        "ripple",
                                                "screw_pitch", "steps_per_rev", "syringe_compliance",
                                                "line_compliance", "line_pressure", "line_pressure_flow", "fill",
                                                "occlusion_low", "occlusion_medium", "occlusion_high",
                                                "occlusion_level", "occlusion_latency", "occluder_leak",
                                                "occluder_leak_pressure", "back_off"};
  return keys;
}

const std::vector<std::string>& volumetric_pump_simulation_keys() {
  static const std::vector<std::string> keys = {
      "rate_error", "rollers",        "stroke_volume",   "tubing_diameter",   "occluded_length", "backflow",
      "backflow_phase", "roller_mismatch", "ramp",        "tubing_compliance", "line_compliance",
      "line_pressure", "line_pressure_flow", "fill", "occlusion_low", "occlusion_medium", "occlusion_high",
      "occlusion_level", "occlusion_latency", "occluder_leak", "occluder_leak_pressure", "clamp_fails",
      "head_height", "free_flow_resistance", "free_flow_resistance_flow"};
  return keys;
}

const std::vector<std::string>& pump_simulation_keys(PumpClass pump_class) {
  return pump_class == PumpClass::volumetric ? volumetric_pump_simulation_keys() : pump_simulation_keys();
}

namespace {

// "settling" is the time to a stable reading after a load change; the model is a first-order lag
// whose stability criterion weighs the slope: after a step of A grams the display is stable once
//   A / tau * exp(-t / tau) * window + factor * noise <= band * resolution,
// that is after t = tau * ln(A * window / (tau * room)) with room = band * resolution - factor *
// noise. That is some 15 time constants for a 50 g check weight on a 0.01 mg balance (a fixed
// "settling / 4" made the check weight take 22 s to settle for "settling: 6 s", longer than the
// controller waits for S). Solved here for tau with A = the capacity, the largest step, so any
// load settles within the stated time. Fixed-point iteration: the map contracts by about 1/ln(.).
double settling_tau_s(const sim::BalanceConfig& b, double settling_s) {
  if (!(settling_s > 0)) return 0.0;
  double room = b.stability_band_digits * b.resolution_g - b.stability_noise_factor * b.noise_std_g;
  if (!(room > 0)) room = b.resolution_g;  // never stable anyway: settle to one digit
  double tau = settling_s / 4.0;
  for (int i = 0; i < 50; ++i) {
    // Without a window the criterion is on the display itself: within `room` of the final value.
    const double ratio = b.capacity_g * (b.stability_window_s > 0 ? b.stability_window_s / tau : 1.0) / room;
    if (!(ratio > std::exp(1.0))) return settling_s;  // a step smaller than the band: no faster than this
    tau = settling_s / std::log(ratio);
  }
  return tau;
}

// Every key either pump class knows.
std::vector<std::string> all_pump_keys() {
  std::vector<std::string> all = pump_simulation_keys();
  for (const auto& k : volumetric_pump_simulation_keys())
    if (std::find(all.begin(), all.end(), k) == all.end()) all.push_back(k);
  return all;
}

void refuse_other_class_keys(const SimulationParams& p, PumpClass pump_class) {
  const auto& mine = pump_simulation_keys(pump_class);
  for (const auto& k : all_pump_keys()) {
    if (!p.has(k) || std::find(mine.begin(), mine.end(), k) != mine.end()) continue;
    const PumpClass other = pump_class == PumpClass::syringe ? PumpClass::volumetric : PumpClass::syringe;
    throw ConfigError(p.where(k), "'" + k + "' is a " + to_string(other) + " pump simulation key; this pump's class is " +
                                      to_string(pump_class) + " (keys: " + quoted_list(mine, "and") + ")");
  }
}

int whole_number(const SimulationParams& p, const std::string& key, int default_value, int lo, int hi) {
  if (!p.has(key)) return default_value;
  const std::string text = p.text(key, "");
  try {
    std::size_t used = 0;
    const int v = std::stoi(text, &used);
    if (used != text.size() || v < lo || v > hi) throw std::invalid_argument(text);
    return v;
  } catch (const std::exception&) {
    throw ConfigError(p.where(key), "'" + key + "' must be a whole number from " + std::to_string(lo) + " to " +
                                        std::to_string(hi) + ", got '" + text + "'");
  }
}

// Line keys shared by both pump classes.
void read_line(const SimulationParams& p, SimStationConfig& out) {
  out.world.line.compliance_ml_per_mmhg =
      p.quantity("line_compliance", Dimension::compliance, out.world.line.compliance_ml_per_mmhg);
  // The line's resistance is given as the pressure it builds at a flow ("50 mmHg at 25 ml/h" is
  // written as line_pressure: 50 mmHg with line_pressure_flow: 25 ml/h).
  if (p.has("line_pressure")) {
    const double mmhg = p.quantity("line_pressure", Dimension::pressure, 0);
    const double flow = p.quantity("line_pressure_flow", Dimension::flow, 25.0);
    if (!(flow > 0)) throw ConfigError(p.where("line_pressure_flow"), "'line_pressure_flow' must be positive");
    out.world.line.resistance_mmhg_per_ml_h = mmhg / flow;
  }
}

// The pump's occlusion detection and the rig's occluder, shared by both pump classes. The
// thresholds are pressures at the three front-panel levels; occlusion_level is the level at
// power-up; the occluder's leak is a flow at a pressure (0.001 ml/h at 1000 mmHg by default).
void read_occlusion(const SimulationParams& p, SimStationConfig& out) {
  auto& o = out.world.occlusion;
  o.low_mmhg = p.quantity("occlusion_low", Dimension::pressure, o.low_mmhg);
  o.medium_mmhg = p.quantity("occlusion_medium", Dimension::pressure, o.medium_mmhg);
  o.high_mmhg = p.quantity("occlusion_high", Dimension::pressure, o.high_mmhg);
  if (!(o.low_mmhg > 0 && o.medium_mmhg >= o.low_mmhg && o.high_mmhg >= o.medium_mmhg))
    throw ConfigError(p.where(p.has("occlusion_low") ? "occlusion_low" : p.has("occlusion_medium") ? "occlusion_medium"
                                                                                                  : "occlusion_high"),
                      "occlusion thresholds must be positive and rise from low to medium to high");
  const std::string level = p.choice("occlusion_level", {"low", "medium", "high"}, to_string(o.level));
  o.level = level == "low" ? OcclusionLevel::low : level == "high" ? OcclusionLevel::high : OcclusionLevel::medium;
  o.detection_latency_s = p.quantity("occlusion_latency", Dimension::time, o.detection_latency_s);
  if (!(o.detection_latency_s >= 0))
    throw ConfigError(p.where("occlusion_latency"), "'occlusion_latency' must not be negative");
  auto& occ = out.world.occluder;
  occ.leak_ml_h = p.quantity("occluder_leak", Dimension::flow, occ.leak_ml_h);
  occ.leak_pressure_mmhg = p.quantity("occluder_leak_pressure", Dimension::pressure, occ.leak_pressure_mmhg);
  if (!(occ.leak_ml_h > 0))
    throw ConfigError(p.where("occluder_leak"), "'occluder_leak' must be positive (a closed occluder always passes a little)");
  if (!(occ.leak_pressure_mmhg > 0))
    throw ConfigError(p.where("occluder_leak_pressure"), "'occluder_leak_pressure' must be positive");
}

void read_volumetric_pump(const pumprig::PumpConfig& pump, const SimulationParams& p, SimStationConfig& out) {
  out.world.mechanism = MechanismKind::peristaltic;
  // A volumetric pump's own defaults: its set's line and its pressure thresholds.
  const WorldConfig volumetric = default_volumetric_world_config();
  out.world.line = volumetric.line;
  out.world.occlusion = volumetric.occlusion;
  auto& r = out.world.peristaltic;
  r.rate_error_fraction = p.quantity("rate_error", Dimension::percent, r.rate_error_fraction * 100.0) / 100.0;
  r.rollers = whole_number(p, "rollers", r.rollers, 1, 64);
  if (p.has("stroke_volume") && (p.has("tubing_diameter") || p.has("occluded_length")))
    throw ConfigError(p.where("stroke_volume"),
                      "give either 'stroke_volume' or the tubing ('tubing_diameter', 'occluded_length'), not both");
  r.stroke_volume_ml = p.quantity("stroke_volume", Dimension::volume, r.stroke_volume_ml);
  if (p.has("stroke_volume") && !(r.stroke_volume_ml > 0))
    throw ConfigError(p.where("stroke_volume"), "'stroke_volume' must be positive");
  r.tubing_inner_diameter_mm = p.quantity("tubing_diameter", Dimension::length, r.tubing_inner_diameter_mm);
  r.occluded_length_mm = p.quantity("occluded_length", Dimension::length, r.occluded_length_mm);
  r.backflow_fraction = p.quantity("backflow", Dimension::percent, r.backflow_fraction * 100.0) / 100.0;
  r.backflow_phase_fraction =
      p.quantity("backflow_phase", Dimension::percent, r.backflow_phase_fraction * 100.0) / 100.0;
  r.roller_mismatch_fraction =
      p.quantity("roller_mismatch", Dimension::percent, r.roller_mismatch_fraction * 100.0) / 100.0;
  r.ramp_s = p.quantity("ramp", Dimension::time, r.ramp_s);
  r.tubing_compliance_ml_per_mmhg =
      p.quantity("tubing_compliance", Dimension::compliance, r.tubing_compliance_ml_per_mmhg);
  const double bag_ml = pump.reservoir_volume_ml.value_or(r.reservoir_ml);
  r.reservoir_ml = p.quantity("fill", Dimension::volume, bag_ml);
  if (r.reservoir_ml > bag_ml) throw ConfigError(p.where("fill"), "'fill' exceeds the reservoir volume");
  read_line(p, out);
  read_occlusion(p, out);
  // Free flow with the door open: a failed clamp lets the bag at head_height drain through the
  // line and free_flow_resistance (a pressure at free_flow_resistance_flow, like line_pressure).
  auto& ff = out.world.free_flow;
  ff.clamp_fails = p.flag("clamp_fails", ff.clamp_fails);
  ff.head_height_mm = p.quantity("head_height", Dimension::length, ff.head_height_mm);
  if (p.has("free_flow_resistance")) {
    const double mmhg = p.quantity("free_flow_resistance", Dimension::pressure, 0);
    const double flow = p.quantity("free_flow_resistance_flow", Dimension::flow, 25.0);
    if (!(flow > 0))
      throw ConfigError(p.where("free_flow_resistance_flow"), "'free_flow_resistance_flow' must be positive");
    if (!(mmhg >= 0)) throw ConfigError(p.where("free_flow_resistance"), "'free_flow_resistance' must not be negative");
    ff.resistance_mmhg_per_ml_h = mmhg / flow;
  }
}

void read_balance_block(const pumprig::BalanceConfig& b, SimStationConfig& out) {
  const SimulationParams p(b.simulation, b.simulation_where, balance_simulation_keys());
  auto& bal = out.world.balance;
  const double resolution_g = p.quantity("resolution", Dimension::mass, bal.resolution_g);
  if (!(resolution_g > 0)) throw ConfigError(p.where("resolution"), "'resolution' must be positive");
  bal = balance_with_resolution(resolution_g);
  bal.capacity_g = p.quantity("capacity", Dimension::mass, bal.capacity_g);
  bal.noise_std_g = p.quantity("noise", Dimension::mass, bal.noise_std_g);
  if (p.has("settling")) bal.settling_tau_s = settling_tau_s(bal, p.quantity("settling", Dimension::time, 0));
  bal.drift_g_h = p.quantity("drift", Dimension::mass_rate, bal.drift_g_h * 1000.0) / 1000.0;  // mg/h -> g/h

  auto& outlet = out.world.outlet;
  outlet.mode = p.choice("outlet", {"submerged", "drops"}, "submerged") == "drops" ? OutletMode::drops : OutletMode::submerged;
  outlet.drop_volume_ml = p.quantity("drop_volume", Dimension::volume, outlet.drop_volume_ml);

  auto& vessel = out.world.vessel;
  vessel.oil_layer = p.flag("oil_layer", vessel.oil_layer);
  if (p.has("evaporation")) {
    const double mg_h = p.quantity("evaporation", Dimension::mass_rate, 0);
    (vessel.oil_layer ? vessel.evaporation_with_oil_mg_h : vessel.evaporation_open_mg_h) = mg_h;
  }
  vessel.initial_mass_g = p.quantity("vessel_mass", Dimension::mass, vessel.initial_mass_g);
  vessel.water_temperature_c = p.quantity("water_temperature", Dimension::temperature, vessel.water_temperature_c);

  const bool sartorius = b.driver == "sartorius";
  // Menu settings of one protocol's balances only.
  for (const char* key : {"auto_print", "id_field"})
    if (!sartorius && p.has(key))
      throw ConfigError(p.where(key), std::string("'") + key + "' is a Sartorius SBI menu setting; this balance's driver is '" +
                                          b.driver + "'");
  if (!sartorius) {
    read_mtsics_simulation(p, b, out.balance_identity, out.balance_options);
    return;
  }
  out.sartorius_identity.model = p.text("model", out.sartorius_identity.model);
  out.sartorius_identity.serial = p.text("serial", out.sartorius_identity.serial);
  out.sartorius_identity.firmware = p.text("firmware", out.sartorius_identity.firmware);
  if (out.sartorius_identity.serial.rfind("SIM-", 0) != 0)
    throw ConfigError(p.where("serial"), "a simulated instrument's serial number must start with 'SIM-'");
  // Below the driver's 10 s wait for a stable print, so the balance answers unstable first, as real ones do.
  out.sartorius_options.stable_timeout = from_seconds(p.quantity("stable_timeout", Dimension::time, 8.0));
  out.sartorius_options.auto_print = p.flag("auto_print", b.reading_interval_s == 0.0);
  out.sartorius_options.id_field = p.flag("id_field", false);
}

void read_syringe_pump(const pumprig::PumpConfig& pump, const SimulationParams& p, SimStationConfig& out) {
  auto& drive = out.world.drive;
  drive.rate_error_fraction = p.quantity("rate_error", Dimension::percent, drive.rate_error_fraction * 100.0) / 100.0;
  drive.slack_mm = p.quantity("slack", Dimension::length, drive.slack_mm);
  drive.stiction_mm = p.quantity("stiction", Dimension::length, drive.stiction_mm);
  drive.ripple_fraction = p.quantity("ripple", Dimension::percent, drive.ripple_fraction * 100.0) / 100.0;
  drive.lead_screw_pitch_mm = p.quantity("screw_pitch", Dimension::length, drive.lead_screw_pitch_mm);
  if (p.has("steps_per_rev")) {
    const std::string text = p.text("steps_per_rev", "");
    try {
      std::size_t used = 0;
      drive.steps_per_rev = std::stoi(text, &used);
      if (used != text.size() || drive.steps_per_rev <= 0) throw std::invalid_argument(text);
    } catch (const std::exception&) {
      throw ConfigError(p.where("steps_per_rev"), "'steps_per_rev' must be a positive whole number, got '" + text + "'");
    }
  }
  auto& syringe = out.world.syringe;
  if (pump.syringe_volume_ml) syringe.volume_ml = *pump.syringe_volume_ml;
  if (pump.syringe_diameter_mm) syringe.inner_diameter_mm = *pump.syringe_diameter_mm;
  syringe.fill_ml = p.quantity("fill", Dimension::volume, syringe.volume_ml);
  if (syringe.fill_ml > syringe.volume_ml)
    throw ConfigError(p.where("fill"), "'fill' exceeds the syringe volume");
  syringe.compliance_ml_per_mmhg =
      p.quantity("syringe_compliance", Dimension::compliance, syringe.compliance_ml_per_mmhg);
  read_line(p, out);
  read_occlusion(p, out);
  out.world.occlusion.back_off_ml = p.quantity("back_off", Dimension::volume, out.world.occlusion.back_off_ml);
  if (!(out.world.occlusion.back_off_ml >= 0)) throw ConfigError(p.where("back_off"), "'back_off' must not be negative");
}

}  // namespace

SimStationConfig sim_station_config(const StationConfig& station, double fluid_density_g_ml) {
  SimStationConfig out;
  out.world = default_world_config();
  out.world.vessel.density_g_ml = fluid_density_g_ml;
  read_balance_block(station.balance, out);

  const auto& pump = station.pump;
  // First a key of the other class (its own message), then typos against this class's keys.
  refuse_other_class_keys(SimulationParams(pump.simulation, pump.simulation_where, all_pump_keys()), pump.pump_class);
  const SimulationParams p(pump.simulation, pump.simulation_where, pump_simulation_keys(pump.pump_class));
  if (pump.pump_class == PumpClass::volumetric) {
    read_volumetric_pump(pump, p, out);
  } else {
    read_syringe_pump(pump, p, out);
  }
  try {
    validate(out.world);
  } catch (const std::invalid_argument& e) {
    throw ConfigError(station.where, std::string("station '") + station.id + "' simulation: " + e.what());
  }
  return out;
}

}  // namespace pumprig::sim
