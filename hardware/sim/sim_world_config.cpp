#include "hardware/sim/sim_world_config.hpp"

#include <cmath>
#include <stdexcept>

#include "rig/config/config_error.hpp"
#include "rig/config/simulation_params.hpp"

namespace pumprig::sim {

const std::vector<std::string>& balance_simulation_keys() {
  static const std::vector<std::string> keys = {
      "model",     "serial",   "firmware",      "capacity", "resolution", "noise",       "settling",
      "drift",     "outlet",   "drop_volume",   "oil_layer", "evaporation", "vessel_mass", "stable_timeout"};
  return keys;
}

const std::vector<std::string>& pump_simulation_keys() {
  static const std::vector<std::string> keys = {"rate_error", "slack",       "stiction",        "ripple",
                                                "screw_pitch", "steps_per_rev", "syringe_compliance",
                                                "line_compliance", "line_pressure", "line_pressure_flow", "fill"};
  return keys;
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

  out.balance_identity.model = p.text("model", out.balance_identity.model);
  out.balance_identity.serial = p.text("serial", out.balance_identity.serial);
  out.balance_identity.firmware = p.text("firmware", out.balance_identity.firmware);
  if (out.balance_identity.serial.rfind("SIM-", 0) != 0)
    throw ConfigError(p.where("serial"), "a simulated instrument's serial number must start with 'SIM-'");
  // Below the driver's 10 s wait for S, T and Z, so the balance answers "S I" itself first, as real ones do.
  out.balance_options.stable_timeout = from_seconds(p.quantity("stable_timeout", Dimension::time, 8.0));
}

}  // namespace

SimStationConfig sim_station_config(const StationConfig& station, double fluid_density_g_ml) {
  SimStationConfig out;
  out.world = default_world_config();
  out.world.vessel.density_g_ml = fluid_density_g_ml;
  read_balance_block(station.balance, out);

  const auto& pump = station.pump;
  const SimulationParams p(pump.simulation, pump.simulation_where, pump_simulation_keys());
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
  try {
    validate(out.world);
  } catch (const std::invalid_argument& e) {
    throw ConfigError(station.where, std::string("station '") + station.id + "' simulation: " + e.what());
  }
  return out;
}

}  // namespace pumprig::sim
