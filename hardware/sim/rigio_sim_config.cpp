#include "hardware/sim/rigio_sim_config.hpp"

#include "rig/config/config_error.hpp"
#include "rig/config/simulation_params.hpp"

namespace pumprig::sim {

const std::vector<std::string>& io_board_simulation_keys() {
  static const std::vector<std::string> keys{"serial", "pressure_span", "adc_noise", "alarm_blink"};
  return keys;
}

SimRigIoOptions rigio_sim_options(const IoBoardConfig& board) {
  const SimulationParams p(board.simulation, board.simulation_where, io_board_simulation_keys());
  SimRigIoOptions o;
  o.serial = p.text("serial", o.serial);
  if (o.serial.rfind("SIM-", 0) != 0)
    throw ConfigError(p.where("serial"), "a simulated instrument's serial must start with 'SIM-', got '" + o.serial + "'");
  o.pressure_span_mmhg = p.quantity("pressure_span", Dimension::pressure, o.pressure_span_mmhg);
  if (!(o.pressure_span_mmhg > 0)) throw ConfigError(p.where("pressure_span"), "'pressure_span' must be positive");
  if (p.has("adc_noise")) {
    const std::string t = p.text("adc_noise", "0");
    try {
      std::size_t used = 0;
      o.adc_noise_counts = std::stod(t, &used);
      if (used != t.size() || o.adc_noise_counts < 0) throw std::invalid_argument(t);
    } catch (const std::exception&) {
      throw ConfigError(p.where("adc_noise"), "'adc_noise' is a standard deviation in ADC counts, e.g. '0.5', got '" + t + "'");
    }
  }
  if (p.has("alarm_blink")) {
    const std::string t = p.text("alarm_blink", "0");
    try {
      std::size_t used = 0;
      o.alarm_blink_hz = std::stod(t, &used);
      if (used != t.size() || o.alarm_blink_hz < 0) throw std::invalid_argument(t);
    } catch (const std::exception&) {
      throw ConfigError(p.where("alarm_blink"), "'alarm_blink' is the lamp's blink rate in Hz, e.g. '1', got '" + t + "'");
    }
  }
  return o;
}

}  // namespace pumprig::sim
