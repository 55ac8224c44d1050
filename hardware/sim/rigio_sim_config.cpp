#include "hardware/sim/rigio_sim_config.hpp"

#include "rig/config/config_error.hpp"
#include "rig/config/simulation_params.hpp"

namespace pumprig::sim {

const std::vector<std::string>& io_board_simulation_keys() {
  static const std::vector<std::string> keys{"serial", "pressure_span", "adc_noise", "alarm_blink"};
  return keys;
}

namespace {

// A plain number without a unit (ADC counts, Hz), >= 0.
double non_negative_number(const SimulationParams& p, const std::string& key, double default_value, const std::string& what) {
  if (!p.has(key)) return default_value;
  const std::string t = p.text(key, "");
  try {
    std::size_t used = 0;
    const double v = std::stod(t, &used);
    if (used != t.size() || !(v >= 0)) throw std::invalid_argument(t);
    return v;
  } catch (const std::exception&) {
    throw ConfigError(p.where(key), "'" + key + "' is " + what + ", got '" + t + "'");
  }
}

}  // namespace

SimRigIoOptions rigio_sim_options(const IoBoardConfig& board) {
  const SimulationParams p(board.simulation, board.simulation_where, io_board_simulation_keys());
  SimRigIoOptions o;
  o.serial = p.text("serial", o.serial);
  if (o.serial.rfind("SIM-", 0) != 0)
    throw ConfigError(p.where("serial"), "a simulated instrument's serial must start with 'SIM-', got '" + o.serial + "'");
  o.pressure_span_mmhg = p.quantity("pressure_span", Dimension::pressure, o.pressure_span_mmhg);
  if (!(o.pressure_span_mmhg > 0)) throw ConfigError(p.where("pressure_span"), "'pressure_span' must be positive");
  o.adc_noise_counts = non_negative_number(p, "adc_noise", o.adc_noise_counts, "a standard deviation in ADC counts, e.g. '0.5'");
  o.alarm_blink_hz = non_negative_number(p, "alarm_blink", o.alarm_blink_hz, "the lamp's blink rate in Hz, e.g. '1'");
  return o;
}

}  // namespace pumprig::sim
