#include "hardware/sim/mtsics_sim_config.hpp"

#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "rig/config/config_error.hpp"

namespace pumprig::sim {

namespace {

// A plain number of updates per second, as the balance's menu states it (like the I/O board's
// alarm_blink in Hz).
double update_rate_hz(const SimulationParams& p, double default_hz) {
  if (!p.has("update_rate")) return default_hz;
  const std::string text = p.text("update_rate", "");
  double hz = 0.0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), hz);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(hz) || hz < kMinUpdateRateHz ||
      hz > kMaxUpdateRateHz)
    throw ConfigError(p.where("update_rate"),
                      fmt::format("'update_rate' is the balance's display updates per second, a number from {} to {} "
                                  "(Excellence balances: 2, 5, 6 or 10), got '{}'",
                                  kMinUpdateRateHz, kMaxUpdateRateHz, text));
  return hz;
}

// A stream faster than the line can carry would fall ever further behind on the wire (every line
// stamped later than it was weighed), where a real balance is bound by its UART: refuse it.
void check_line_carries_stream(const SimulationParams& p, const pumprig::BalanceConfig& balance, const SimMtsicsOptions& o) {
  if (balance.connection.transport == Transport::tcp) return;
  // The longest stream line: "S D " + the 10-character field + " " + unit + CR LF.
  const std::size_t line_bytes = 4 + 10 + 1 + o.unit.size() + 2;
  const double line_s = static_cast<double>(line_bytes) * to_seconds(byte_time(balance.connection.serial));
  if (o.update_rate_hz * line_s <= 1.0) return;
  throw ConfigError(p.where("update_rate"),
                    fmt::format("'update_rate' {} per second needs the line for {} {}-byte lines a second, more than "
                                "the balance's connection carries at {} baud ({}): at most {} per second",
                                o.update_rate_hz, o.update_rate_hz, line_bytes, balance.connection.serial.baud,
                                format_string(balance.connection.serial), std::floor(1.0 / line_s)));
}

}  // namespace

void read_mtsics_simulation(const SimulationParams& p, const pumprig::BalanceConfig& balance, SimBalanceIdentity& identity,
                            SimMtsicsOptions& options) {
  identity.model = p.text("model", identity.model);
  identity.serial = p.text("serial", identity.serial);
  identity.firmware = p.text("firmware", identity.firmware);
  identity.software_number = p.text("software_number", identity.software_number);
  if (identity.serial.rfind("SIM-", 0) != 0)
    throw ConfigError(p.where("serial"), "a simulated instrument's serial number must start with 'SIM-'");
  // Below the driver's 10 s wait for S, T and Z, so the balance answers "S I" itself first, as real ones do.
  options.stable_timeout = from_seconds(p.quantity("stable_timeout", Dimension::time, 8.0));
  options.update_rate_hz = update_rate_hz(p, options.update_rate_hz);
  check_line_carries_stream(p, balance, options);
}

}  // namespace pumprig::sim
