#pragma once
// A fixture describes a bench: its stations, each with a balance and a pump under test, how
// they are connected, and the fluid. Loaded from YAML (schema pumprig.fixture/1) with every key
// validated; errors are ConfigError naming file:line:col.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "rig/config/config_error.hpp"
#include "rig/config/fault_policy.hpp"
#include "rig/config/pump_class.hpp"
#include "rig/devices/identity.hpp"
#include "rig/config/connection_string.hpp"

namespace pumprig {

inline constexpr const char* kFixtureSchema = "pumprig.fixture/1";

// Driver names the loader accepts: those of the driver registry (rig/drivers/registry.hpp).
const std::vector<std::string>& known_balance_drivers();  // {"mtsics"}
const std::vector<std::string>& known_pump_drivers();     // {"ne1000", "harvard", "manual"}
const std::vector<std::string>& known_io_board_drivers(); // {"rigio"}

// The pump under test: goes into the run record and the report.
struct DutIdentity {
  std::string manufacturer, model, serial, firmware;
  bool operator==(const DutIdentity&) const = default;
};

struct BalanceConfig {
  std::string name;    // unique among the fixture's instruments, e.g. "balance-1"
  std::string driver;  // "mtsics"
  ConnectionSpec connection;
  std::string connection_text;  // as written
  double reading_interval_s = 1.0;  // poll period; 0 = stream (MT-SICS SIR)
  double reply_timeout_s = 1.0;
  int attempts = 3;
  std::string calibration_due;  // "YYYY-MM-DD" (validated) or empty
  // Metrology for the uncertainty budgets (rig/analysis/README.md, "Uncertainty"), from the
  // balance's data sheet and calibration certificate; unset: the budget says "not stated".
  std::optional<double> readability_g;              // d, the displayed step
  std::optional<double> repeatability_g;            // standard deviation of one reading
  std::optional<double> calibration_uncertainty_g;  // expanded (k = 2), at calibration_load_g
  std::optional<double> calibration_load_g;
  // For balances that cannot be queried (protocol left empty); the driver's own query wins.
  std::optional<InstrumentIdentity> identity;
  std::optional<YAML::Node> simulation;  // kept as-is for the simulated world
  SourcePos simulation_where;
  SourcePos where;
};

struct PumpConfig {
  std::string name;    // unique among the fixture's instruments, e.g. "pump-1"
  std::string driver;  // "ne1000" | "harvard" | "manual" (operator-in-the-loop)
  PumpClass pump_class = PumpClass::syringe;
  ConnectionSpec connection;    // default (sim) when driver is manual and none is given
  std::string connection_text;  // as written; empty when none
  int address = 0;              // NE-1000 network address 0-99
  double safe_mode_timeout_s = 5.0;  // 0 = basic mode; NE-1000: whole seconds 0-255
  double status_interval_s = 1.0;
  double reply_timeout_s = 1.0;
  int attempts = 3;
  double min_rate_ml_h = 0.0;
  double max_rate_ml_h = 0.0;
  // Syringe pumps (required for class syringe), volumetric pumps (reservoir).
  std::optional<double> syringe_volume_ml;
  std::optional<double> syringe_diameter_mm;
  std::string syringe_brand;
  std::string syringe_lot;
  std::optional<double> reservoir_volume_ml;
  // The administration (or extension) set between pump and vessel, and its lot.
  std::string set_name, set_lot;
  DutIdentity dut;
  std::optional<YAML::Node> simulation;
  SourcePos simulation_where;
  SourcePos where;

  // What the pump can deliver before running dry: the syringe or reservoir volume.
  std::optional<double> capacity_ml() const {
    return pump_class == PumpClass::syringe ? syringe_volume_ml : reservoir_volume_ml;
  }
};

// A pressure transducer on the rig I/O board: reading = gain * raw + offset (from its calibration).
struct TransducerConfig {
  std::string port = "upstream";  // "upstream" (pump side of the occluder) | "downstream"
  double offset_mmhg = 0.0;
  double gain = 1.0;
  std::string calibration_due;
  std::optional<double> uncertainty_mmhg;  // expanded (k = 2) of a reading, from its calibration
};

// The rig I/O board (hardware/firmware/rigio): occluder valve, pressure transducers, water
// temperature, the pump's alarm sense input. Optional; occlusion tests need it.
struct IoBoardConfig {
  std::string name;    // e.g. "io-1"
  std::string driver;  // "rigio"
  ConnectionSpec connection;
  std::string connection_text;
  double reply_timeout_s = 1.0;
  int attempts = 3;
  double stream_interval_s = 0.1;  // pressure stream period
  // The controller releases the occluder and stops the pump above this (within one reading);
  // the board trips the occluder open by itself at board_trip (default: the same limit).
  double over_pressure_limit_mmhg = 1500.0;
  std::optional<double> board_trip_mmhg;
  double watchdog_s = 3.0;         // the board releases the occluder after this much host silence
  double stale_after_s = 1.0;      // no pressure reading for this long while occluded: release
  std::vector<TransducerConfig> transducers{TransducerConfig{}};
  std::string calibration_due;
  std::optional<YAML::Node> simulation;
  SourcePos simulation_where;
  SourcePos where;
};

struct StationConfig {
  std::string id;  // unique, [A-Za-z0-9_-]: used in file names (samples-<id>.csv)
  SourcePos where;
  BalanceConfig balance;
  PumpConfig pump;
  std::optional<IoBoardConfig> io_board;
  // A lost instrument or an unexpected pump alarm (see fault_policy.hpp).
  FaultPolicy on_fault = FaultPolicy::abort;
  // pause: how long the station waits in the safe state for the operator before it aborts.
  double pause_timeout_s = 600;
};

// The room the test ran in (IEC 60601-2-24 states its test conditions; auditors ask for them).
// From the fixture's `ambient:` map, `--condition ambient.*=...`, or, with `ambient: ask`, the
// operator at the start of the run. Unset values are "not stated" in the report.
struct AmbientConditions {
  std::optional<double> temperature_c;
  std::optional<double> humidity_pct;   // relative humidity
  std::optional<double> pressure_mmhg;  // air pressure (reported in hPa)
  bool ask = false;                     // `ambient: ask`: the operator types them at the start
  std::string source;                   // "fixture", "--condition", "operator", or a mix
};

struct Fixture {
  std::string source;  // file path or the name given to load_fixture_text
  std::string text;    // the YAML as loaded: the run record stores the fixture "as run"
  std::string name;
  std::string operator_name;
  std::string fluid_name;  // e.g. "water (degassed)"; empty: not stated
  double density_g_ml = 0.998;
  std::optional<double> temperature_c;
  // Standard uncertainties for the budgets: of the fluid temperature (thermometer), and of the
  // evaporation rate from the vessel (after any correction), mg/h.
  std::optional<double> temperature_uncertainty_c;
  std::optional<double> evaporation_uncertainty_mg_h;
  std::optional<std::uint64_t> seed;
  // How fast the bench's clock runs, as a factor of real time: what `pumprig run` uses when
  // --speed is not given. Written by pumprig-sim, whose instruments on pseudo-terminals run at
  // that speed (both ends must agree, or timeouts and flow rates are off by the ratio).
  std::optional<double> speed;
  // `wire_log: { max_mb: 64, policy: cap }`: size cap of each wire-<instrument>.log in bytes
  // (max_mb * 2^20); unset: the recorder's default (64 MB). `cap` is the only policy: what comes
  // after the cap is counted in events.jsonl, not logged.
  std::optional<std::uint64_t> wire_log_max_bytes;
  std::vector<StationConfig> stations;
  AmbientConditions ambient;
  // "--dut" overrides applied after loading, in order ("station-1.serial=ABC123"), for the record.
  std::vector<std::string> dut_overrides;
  // "--condition" overrides, in order ("ambient.temperature=22.5 degC", "station-1.set_lot=L7").
  std::vector<std::string> condition_overrides;

  const StationConfig* find_station(std::string_view id) const;
};

// Throws ConfigError (file:line:col) for any schema violation; std::runtime_error naming the
// path when the file cannot be read.
Fixture load_fixture_file(const std::string& path);
Fixture load_fixture_text(const std::string& yaml_text, const std::string& source_name);
// The fixture file at `path`, or the embedded default bench (fixtures/sim-bench.yaml) when none.
Fixture load_fixture_or_default(const std::optional<std::string>& path);

// Command-line DUT identity: "serial=ABC123" (every station) or "station-1.serial=ABC123".
// Keys manufacturer|model|serial|firmware. Throws std::invalid_argument (did-you-mean for keys
// and station ids).
void apply_dut_overrides(Fixture& fixture, const std::vector<std::string>& key_equals_value);
// Command-line test conditions: "ambient.temperature=22.5 degC", "ambient.humidity=45 %",
// "ambient.pressure=1013 hPa", "fluid=water (degassed)", and per pump (every station, or
// "station-1.<key>"): "syringe_lot=L2301", "set=Alaris 72910 (150 cm)", "set_lot=L7".
// Throws std::invalid_argument naming the item (did-you-mean for keys and station ids).
// `source` names where they came from in the record ("--condition", or "operator" for answers
// typed at the start of a run).
void apply_condition_overrides(Fixture& fixture, const std::vector<std::string>& key_equals_value,
                               std::string_view source = "--condition");
// With `ambient: ask`, the ambient values still missing ({"ambient.temperature", ...}).
std::vector<std::string> ambient_values_to_ask(const Fixture& fixture);
const std::vector<std::string>& condition_keys();

// The station a --dut override names ("station-1" of "station-1.serial=X"); "" for all stations.
std::string dut_override_station(std::string_view item);

// Reads a whole file; std::runtime_error naming the path when it cannot.
std::string read_text_file(const std::string& path);

}  // namespace pumprig
