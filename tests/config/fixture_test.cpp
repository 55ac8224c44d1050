#include <boost/test/unit_test.hpp>

#include <stdexcept>

#include "rig/config/fixture.hpp"
#include "rig/config/validate.hpp"
#include "rig/kinds/scenario_loading.hpp"
#include "tests/config/expect_error.hpp"
#include "tests/config/yaml_text.hpp"

using namespace pumprig;
using namespace pumprig::test;

namespace {

const std::string kFile = "fixtures/test.yaml";

// The smallest valid fixture; tests change one line.
const Lines kBase = {
    /* 1 */ "schema: pumprig.fixture/1",
    /* 2 */ "name: Test bench",
    /* 3 */ "stations:",
    /* 4 */ "  - id: station-1",
    /* 5 */ "    balance:",
    /* 6 */ "      name: balance-1",
    /* 7 */ "      driver: mtsics",
    /* 8 */ "      connection: \"sim:\"",
    /* 9 */ "    pump:",
    /* 10 */ "      name: pump-1",
    /* 11 */ "      driver: ne1000",
    /* 12 */ "      class: syringe",
    /* 13 */ "      connection: \"sim:\"",
    /* 14 */ "      min_rate: 0.01 ml/h",
    /* 15 */ "      max_rate: 1500 ml/h",
    /* 16 */ "      syringe: { volume: 60 ml, inner_diameter: 26.59 mm }",
};

Fixture load(const Lines& lines) { return load_fixture_text(join(lines), kFile); }

}  // namespace

BOOST_AUTO_TEST_SUITE(fixture)

BOOST_AUTO_TEST_CASE(minimal_fixture_gets_the_documented_defaults) {
  const Fixture f = load(kBase);
  BOOST_TEST(f.source == kFile);
  BOOST_TEST(f.text == join(kBase));
  BOOST_TEST(f.name == "Test bench");
  BOOST_TEST(f.density_g_ml == 0.998);
  BOOST_TEST(!f.temperature_c.has_value());
  BOOST_TEST(!f.seed.has_value());
  BOOST_TEST(!f.speed.has_value());
  BOOST_TEST_REQUIRE(f.stations.size() == 1u);
  const StationConfig& s = f.stations[0];
  BOOST_TEST(s.id == "station-1");
  BOOST_TEST(to_string(s.where) == "fixtures/test.yaml:4:5");
  BOOST_TEST(to_string(s.balance.where) == "fixtures/test.yaml:6:7");
  BOOST_TEST(s.balance.reading_interval_s == 1.0);
  BOOST_TEST(s.balance.reply_timeout_s == 1.0);
  BOOST_TEST(s.balance.attempts == 3);
  BOOST_TEST(!s.balance.identity.has_value());
  BOOST_TEST(!s.balance.simulation.has_value());
  BOOST_TEST(s.pump.address == 0);
  BOOST_TEST(s.pump.safe_mode_timeout_s == 5.0);
  BOOST_TEST(s.pump.min_rate_ml_h == 0.01);
  BOOST_TEST(s.pump.max_rate_ml_h == 1500.0);
  BOOST_TEST(s.pump.capacity_ml().value_or(0) == 60.0);
  BOOST_TEST(!s.pump.reservoir_volume_ml.has_value());
  BOOST_TEST(f.find_station("station-1") == &s);
  BOOST_TEST(f.find_station("station-2") == nullptr);
}

BOOST_AUTO_TEST_CASE(typo_in_a_key_suggests_the_right_one) {
  EXPECT_WHAT(ConfigError, load(replace_line(kBase, 7, "      drver: mtsics")),
              "fixtures/test.yaml:7:7: unknown key 'drver' in balance (did you mean 'driver'?)");
}

BOOST_AUTO_TEST_CASE(unknown_key_lists_the_allowed_ones) {
  EXPECT_WHAT(ConfigError, load(replace_line(kBase, 2, "colour: red")),
              "fixtures/test.yaml:2:1: unknown key 'colour' in fixture (allowed: 'schema', 'name', 'operator', "
              "'fluid', 'ambient', 'seed', 'speed', 'wire_log' and 'stations')");
}

BOOST_AUTO_TEST_CASE(missing_key_is_reported_at_its_parent) {
  EXPECT_WHAT(ConfigError, load(erase_line(kBase, 7)), "fixtures/test.yaml:6:7: missing key 'driver' in balance");
  EXPECT_WHAT(ConfigError, load(erase_line(kBase, 15)), "fixtures/test.yaml:10:7: missing key 'max_rate' in pump");
  EXPECT_WHAT(ConfigError, load(erase_line(kBase, 16)),
              "fixtures/test.yaml:10:7: missing key 'syringe' in pump (required for class syringe)");
  EXPECT_WHAT(ConfigError, load(replace_line(kBase, 16, "      syringe: { volume: 60 ml }")),
              "fixtures/test.yaml:16:16: missing key 'inner_diameter' in syringe");
}

BOOST_AUTO_TEST_CASE(missing_schema_and_wrong_schema_version) {
  EXPECT_WHAT(ConfigError, load(erase_line(kBase, 1)),
              "fixtures/test.yaml:1:1: missing key 'schema' in fixture (the first line should be 'schema: "
              "pumprig.fixture/1')");
  EXPECT_WHAT(ConfigError, load(replace_line(kBase, 1, "schema: pumprig.fixture/2")),
              "fixtures/test.yaml:1:9: unsupported schema version 'pumprig.fixture/2': this pumprig reads "
              "'pumprig.fixture/1'");
  EXPECT_WHAT(ConfigError, load(replace_line(kBase, 1, "schema: pumprig.scenario/1")),
              "fixtures/test.yaml:1:9: this is a scenario file (schema 'pumprig.scenario/1'), expected a fixture "
              "('pumprig.fixture/1')");
  EXPECT_WHAT(ConfigError, load_fixture_text("# nothing yet\n", kFile),
              "fixtures/test.yaml:1:1: empty file: a fixture starts with 'schema: pumprig.fixture/1'");
}

BOOST_AUTO_TEST_CASE(bad_unit_and_wrong_dimension_point_at_the_value) {
  EXPECT_WHAT(ConfigError, load(replace_line(kBase, 14, "      min_rate: 0.01 ml/hx")),
              "fixtures/test.yaml:14:17: expected a flow rate such as '25 ml/h', got '0.01 ml/hx': unknown unit "
              "'ml/hx' (did you mean 'ml/h'?)");
  EXPECT_WHAT(ConfigError, load(replace_line(kBase, 15, "      max_rate: 1500 ml")),
              "fixtures/test.yaml:15:17: expected a flow rate such as '25 ml/h', got '1500 ml' (a volume)");
  EXPECT_WHAT(ConfigError, load(replace_line(kBase, 16, "      syringe: { volume: 60 ml, inner_diameter: 26.59 }")),
              "fixtures/test.yaml:16:49: expected a length such as '26.59 mm', got '26.59' (missing unit)");
  EXPECT_WHAT(ConfigError, load(replace_line(kBase, 15, "      max_rate: 0.001 ml/h")),
              "fixtures/test.yaml:15:17: max_rate (0.001 ml/h) must be more than min_rate (0.01 ml/h)");
}

BOOST_AUTO_TEST_CASE(duplicate_station_id) {
  const Lines second = {
      /* 17 */ "  - id: station-1",
      /* 18 */ "    balance: { name: balance-2, driver: mtsics, connection: \"sim:\" }",
      /* 19 */ "    pump: { name: pump-2, driver: manual, class: volumetric, min_rate: 1 ml/h, max_rate: 999 ml/h,",
      /* 20 */ "            reservoir: { volume: 500 ml } }",
  };
  EXPECT_WHAT(ConfigError, load(append(kBase, second)),
              "fixtures/test.yaml:17:9: duplicate station id 'station-1' (first defined at line 4)");
  // With a fresh id the same station loads: a manual volumetric pump needs no connection.
  const Fixture f = load(append(kBase, replace_line(second, 1, "  - id: station-2")));
  BOOST_TEST_REQUIRE(f.stations.size() == 2u);
  BOOST_TEST((f.stations[1].pump.pump_class == PumpClass::volumetric));
  BOOST_TEST(f.stations[1].pump.connection_text.empty());
  BOOST_TEST(f.stations[1].pump.capacity_ml().value_or(0) == 500.0);
}

BOOST_AUTO_TEST_CASE(duplicate_instrument_name) {
  EXPECT_WHAT(ConfigError, load(replace_line(kBase, 10, "      name: balance-1")),
              "fixtures/test.yaml:10:13: duplicate instrument name 'balance-1' (first used at line 6); instrument "
              "names must be unique in a fixture");
}

BOOST_AUTO_TEST_CASE(bad_connection_string_is_reported_at_its_value) {
  EXPECT_WHAT(ConfigError, load(replace_line(kBase, 8, "      connection: \"serial:/dev/ttyUSB0?format=8X1\"")),
              "fixtures/test.yaml:8:19: bad connection 'serial:/dev/ttyUSB0?format=8X1': bad format '8X1': expected "
              "data bits (5-8), parity (N, E or O) and stop bits (1 or 2), e.g. '8N1'");
  EXPECT_WHAT(ConfigError, load(replace_line(kBase, 13, "      connection: \"serial:/dev/ttyUSB1?baud=38400\"")),
              "fixtures/test.yaml:13:19: NE-1000 pumps talk at 300, 1200, 2400, 9600 or 19200 baud, got 38400");
  EXPECT_WHAT(ConfigError, load(erase_line(kBase, 13)), "fixtures/test.yaml:10:7: missing key 'connection' in pump");
}

BOOST_AUTO_TEST_CASE(bad_calibration_date) {
  const auto with_date = [](const std::string& date) {
    return load(replace_line(kBase, 8, "      connection: \"sim:\"\n      calibration_due: " + date));
  };
  EXPECT_WHAT(ConfigError, with_date("2027-02-30"),
              "fixtures/test.yaml:9:24: bad date '2027-02-30' for 'calibration_due': day must be 01-28 in that month");
  EXPECT_WHAT(ConfigError, with_date("2027-13-01"),
              "fixtures/test.yaml:9:24: bad date '2027-13-01' for 'calibration_due': month must be 01-12");
  EXPECT_WHAT(ConfigError, with_date("30.06.2027"),
              "fixtures/test.yaml:9:24: bad date '30.06.2027' for 'calibration_due': expected YYYY-MM-DD, e.g. "
              "2027-06-30");
  BOOST_TEST(with_date("2028-02-29").stations[0].balance.calibration_due == "2028-02-29");
}

BOOST_AUTO_TEST_CASE(unknown_driver_and_pump_class_suggest_known_ones) {
  EXPECT_WHAT(ConfigError, load(replace_line(kBase, 7, "      driver: mtsisc")),
              "fixtures/test.yaml:7:15: unknown balance driver 'mtsisc' (did you mean 'mtsics'?); known drivers: "
              "'mtsics' and 'sartorius'");
  EXPECT_WHAT(ConfigError, load(replace_line(kBase, 12, "      class: syringes")),
              "fixtures/test.yaml:12:14: unknown pump class 'syringes' (did you mean 'syringe'?); expected 'syringe' "
              "or 'volumetric'");
}

BOOST_AUTO_TEST_CASE(fault_policy_per_station) {
  BOOST_TEST(to_string(load(kBase).stations[0].on_fault) == "abort");  // the default
  BOOST_TEST(load(kBase).stations[0].pause_timeout_s == 600.0);
  Lines with = kBase;
  with.insert(with.begin() + 4, "    on_fault: pause");
  with.insert(with.begin() + 5, "    pause_timeout: 2 min");
  const Fixture f = load(with);
  BOOST_TEST(to_string(f.stations[0].on_fault) == "pause");
  BOOST_TEST(f.stations[0].pause_timeout_s == 120.0);
  with[4] = "    on_fault: continue";
  BOOST_TEST(to_string(load(with).stations[0].on_fault) == "continue");
  with[4] = "    on_fault: pasue";
  EXPECT_WHAT(ConfigError, load(with),
              "fixtures/test.yaml:5:15: unknown fault policy 'pasue' (did you mean 'pause'?); policies are 'abort', "
              "'pause' and 'continue'");
}

BOOST_AUTO_TEST_CASE(yaml_syntax_error_has_a_position) {
  EXPECT_WHAT(ConfigError, load(replace_line(kBase, 16, "      syringe: { volume: 60 ml, inner_diameter: 26.59 mm")),
              // yaml-cpp notices at the end of the text.
              "fixtures/test.yaml:17:1: YAML syntax error: end of map flow not found");
}

BOOST_AUTO_TEST_CASE(reading_interval_stream_and_safe_mode_limits) {
  BOOST_TEST(load(replace_line(kBase, 8, "      connection: \"sim:\"\n      reading_interval: stream"))
                 .stations[0]
                 .balance.reading_interval_s == 0.0);
  EXPECT_WHAT(ConfigError, load(replace_line(kBase, 8, "      connection: \"sim:\"\n      reading_interval: often")),
              "fixtures/test.yaml:9:25: expected a duration such as '30 s', got 'often' (not a number) (or the word "
              "'stream' for continuous readings)");
  EXPECT_WHAT(ConfigError, load(replace_line(kBase, 13, "      connection: \"sim:\"\n      safe_mode_timeout: 2.5 s")),
              "fixtures/test.yaml:14:26: NE-1000 safe mode timeout must be whole seconds from 0 s (basic mode) to 255 "
              "s, got '2.5 s'");
}

BOOST_AUTO_TEST_CASE(dut_overrides) {
  Fixture f = load(replace_line(kBase, 16, "      syringe: { volume: 60 ml, inner_diameter: 26.59 mm }\n"
                                           "      dut: { manufacturer: Acme, model: P1, serial:, firmware: }"));
  BOOST_TEST(f.stations[0].pump.dut.manufacturer == "Acme");
  BOOST_TEST(f.stations[0].pump.dut.serial.empty());
  apply_dut_overrides(f, {"serial=ABC123", "station-1.firmware=2.1"});
  BOOST_TEST(f.stations[0].pump.dut.serial == "ABC123");
  BOOST_TEST(f.stations[0].pump.dut.firmware == "2.1");
  BOOST_TEST(f.stations[0].pump.dut.model == "P1");
  BOOST_TEST(f.dut_overrides == (std::vector<std::string>{"serial=ABC123", "station-1.firmware=2.1"}),
             boost::test_tools::per_element());
  EXPECT_WHAT(std::invalid_argument, apply_dut_overrides(f, {"serail=X"}),
              "bad --dut 'serail=X': unknown key 'serail' (did you mean 'serial'?); keys are 'manufacturer', "
              "'model', 'serial' and 'firmware'");
  EXPECT_WHAT(std::invalid_argument, apply_dut_overrides(f, {"station-2.serial=X"}),
              "bad --dut 'station-2.serial=X': no station 'station-2' in fixture (did you mean 'station-1'?); "
              "stations are 'station-1'");
  EXPECT_WHAT(std::invalid_argument, apply_dut_overrides(f, {"ABC123"}),
              "bad --dut 'ABC123': expected key=value, e.g. serial=ABC123");
}

// Issue 15: an identity for a station the scenario does not run on would go into the record of a
// pump that never ran.
BOOST_AUTO_TEST_CASE(a_dut_override_for_a_station_the_scenario_does_not_use_is_refused) {
  Fixture f = load_fixture_file(std::string(PUMPRIG_SOURCE_DIR) + "/fixtures/sim-bench.yaml");
  const Scenario free_flow = load_scenario_file(std::string(PUMPRIG_SOURCE_DIR) + "/scenarios/free-flow-80cm.yaml");
  apply_dut_overrides(f, {"serial=ALL", "station-2.firmware=3.0"});
  BOOST_CHECK_NO_THROW(check_dut_overrides_apply(free_flow, f));
  apply_dut_overrides(f, {"station-1.serial=X"});
  EXPECT_WHAT(std::invalid_argument, check_dut_overrides_apply(free_flow, f),
              "bad --dut 'station-1.serial=X': station 'station-1' does not run scenario 'free-flow-80cm' (it runs on "
              "'station-2')");
  BOOST_TEST(dut_override_station("station-1.serial=a.b") == "station-1");
  BOOST_TEST(dut_override_station("serial=a.b") == "");
}

BOOST_AUTO_TEST_CASE(shipped_sim_bench_loads_with_the_expected_values) {
  const Fixture f = load_fixture_file(std::string(PUMPRIG_SOURCE_DIR) + "/fixtures/sim-bench.yaml");
  BOOST_TEST(f.name == "Simulated bench");
  BOOST_TEST(f.operator_name == "Simulated operator");
  BOOST_TEST(f.density_g_ml == 0.9982);
  BOOST_TEST(f.temperature_c.value_or(0) == 20.0);
  BOOST_TEST(f.seed.value_or(0) == 1u);
  BOOST_TEST_REQUIRE(f.stations.size() == 2u);
  const StationConfig& s = f.stations[0];
  BOOST_TEST(s.id == "station-1");
  BOOST_TEST_REQUIRE(s.io_board.has_value());
  BOOST_TEST(s.io_board->name == "io-1");
  BOOST_TEST(s.io_board->driver == "rigio");
  BOOST_TEST(s.io_board->stream_interval_s == 0.1);
  BOOST_TEST(s.io_board->over_pressure_limit_mmhg == 1500.0);
  BOOST_TEST(s.io_board->board_trip_mmhg.value_or(0) == 1600.0);
  BOOST_TEST(s.io_board->watchdog_s == 3.0);
  BOOST_TEST(s.io_board->transducers.size() == 1u);
  BOOST_TEST(s.io_board->transducers[0].calibration_due == "2030-03-31");
  // The second station: an operator-driven volumetric pump with its own balance and board.
  const StationConfig& v = f.stations[1];
  BOOST_TEST(v.id == "station-2");
  BOOST_TEST(v.pump.driver == "manual");
  BOOST_TEST((v.pump.pump_class == PumpClass::volumetric));
  BOOST_TEST(v.pump.reservoir_volume_ml.value_or(0) == 500.0);
  BOOST_TEST(v.io_board.has_value());
  BOOST_TEST(s.balance.name == "balance-1");
  BOOST_TEST(s.balance.driver == "mtsics");
  BOOST_TEST((s.balance.connection.transport == Transport::sim));
  BOOST_TEST((s.balance.connection.serial.flow == FlowControl::xonxoff));
  BOOST_TEST(s.balance.calibration_due == "2030-06-30");
  BOOST_TEST_REQUIRE(s.balance.simulation.has_value());
  BOOST_TEST((*s.balance.simulation)["model"].as<std::string>() == "XPR205");
  BOOST_TEST((*s.balance.simulation)["resolution"].as<std::string>() == "0.01 mg");
  BOOST_TEST(s.balance.simulation_where.line > 0);
  BOOST_TEST(s.pump.name == "pump-1");
  BOOST_TEST(s.pump.driver == "ne1000");
  BOOST_TEST((s.pump.pump_class == PumpClass::syringe));
  BOOST_TEST(s.pump.connection.serial.baud == 19200);
  BOOST_TEST(s.pump.syringe_volume_ml.value_or(0) == 60.0);
  BOOST_TEST(s.pump.syringe_diameter_mm.value_or(0) == 26.59);
  BOOST_TEST(s.pump.syringe_brand == "BD Plastipak");
  BOOST_TEST(s.pump.dut.serial == "SIM-P0001");
  BOOST_TEST(s.pump.dut.firmware == "3.928");
  BOOST_TEST_REQUIRE(s.pump.simulation.has_value());
  BOOST_TEST((*s.pump.simulation)["rate_error"].as<std::string>() == "0.5 %");
}

BOOST_AUTO_TEST_CASE(shipped_lab_bench_example_loads_with_the_expected_values) {
  const Fixture f = load_fixture_file(std::string(PUMPRIG_SOURCE_DIR) + "/fixtures/lab-bench.example.yaml");
  BOOST_TEST_REQUIRE(f.stations.size() == 1u);
  const StationConfig& s = f.stations[0];
  BOOST_TEST((s.balance.connection.transport == Transport::serial));
  BOOST_TEST(s.balance.connection.path == "/dev/ttyUSB0");
  BOOST_TEST(s.balance.connection.serial.baud == 9600);
  BOOST_TEST((s.balance.connection.serial.flow == FlowControl::xonxoff));
  BOOST_TEST(s.balance.connection_text == "serial:/dev/ttyUSB0?baud=9600&format=8N1&flow=xonxoff");
  BOOST_TEST(s.pump.connection.path == "/dev/ttyUSB1");
  BOOST_TEST(s.pump.connection.serial.baud == 19200);
  BOOST_TEST(std::abs(s.pump.min_rate_ml_h - 0.00073) < 1e-15);
  BOOST_TEST(s.pump.dut.model == "NE-1000");
  BOOST_TEST(s.pump.dut.serial.empty());
}

BOOST_AUTO_TEST_CASE(speed_is_an_optional_positive_factor_of_real_time) {
  BOOST_TEST(load(replace_line(kBase, 2, "name: Test bench\nspeed: 10")).speed.value_or(0) == 10.0);
  BOOST_TEST(load(replace_line(kBase, 2, "name: Test bench\nspeed: 0.25")).speed.value_or(0) == 0.25);
  for (const char* bad : {"0", "-2", "fast", "10x", "inf"}) {
    EXPECT_WHAT(ConfigError, load(replace_line(kBase, 2, std::string("name: Test bench\nspeed: ") + bad)),
                std::string("fixtures/test.yaml:3:8: 'speed' must be a positive number (the clock runs at that many "
                            "times real time, e.g. 10), got '") + bad + "'");
  }
}

BOOST_AUTO_TEST_CASE(wire_log_size_cap_and_policy) {
  BOOST_TEST(!load(kBase).wire_log_max_bytes.has_value());  // the recorder's default (64 MB)
  BOOST_TEST(load(replace_line(kBase, 2, "name: Test bench\nwire_log: { max_mb: 16, policy: cap }"))
                 .wire_log_max_bytes.value_or(0) == 16ull << 20);
  BOOST_TEST(load(replace_line(kBase, 2, "name: Test bench\nwire_log: { max_mb: 1 }")).wire_log_max_bytes.value_or(0) ==
             1ull << 20);
  EXPECT_WHAT(ConfigError, load(replace_line(kBase, 2, "name: Test bench\nwire_log: { max_mb: 64, policy: rotate }")),
              "fixtures/test.yaml:3:33: unknown wire_log policy 'rotate'; the policy is 'cap' (what comes after "
              "max_mb is counted in events.jsonl, not logged)");
  EXPECT_WHAT(ConfigError, load(replace_line(kBase, 2, "name: Test bench\nwire_log: { max_mb: 0 }")),
              "fixtures/test.yaml:3:21: 'max_mb' must be a whole number from 1 to 1000000, got '0'");
  EXPECT_WHAT(ConfigError, load(replace_line(kBase, 2, "name: Test bench\nwire_log: { policy: cap }")),
              "fixtures/test.yaml:3:11: missing key 'max_mb' in wire_log");
}

BOOST_AUTO_TEST_CASE(missing_file_names_the_path) {
  EXPECT_WHAT(std::runtime_error, load_fixture_file("/nonexistent/bench.yaml"), "cannot read '/nonexistent/bench.yaml': no such file");
}

BOOST_AUTO_TEST_CASE(metrology_for_the_uncertainty_budgets) {
  Lines l = kBase;
  l.insert(l.begin() + 8, {"      readability: 0.01 mg", "      repeatability: 0.02 mg", "      calibration_uncertainty: 0.05 mg",
                           "      calibration_load: 200 g"});
  l.insert(l.begin() + 2, "fluid: { temperature: 20 degC, temperature_uncertainty: 0.2 degC, evaporation_uncertainty: 2 mg/h }");
  const Fixture f = load(l);
  const BalanceConfig& b = f.stations.at(0).balance;
  BOOST_TEST(b.readability_g.value_or(0) == 1e-5, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(b.repeatability_g.value_or(0) == 2e-5, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(b.calibration_uncertainty_g.value_or(0) == 5e-5, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(b.calibration_load_g.value_or(0) == 200.0);
  BOOST_TEST(f.temperature_uncertainty_c.value_or(0) == 0.2);
  BOOST_TEST(f.evaporation_uncertainty_mg_h.value_or(0) == 2.0);
  // Unstated: nothing is invented (the budgets then say "not stated").
  BOOST_TEST(!load(kBase).stations.at(0).balance.readability_g.has_value());
  // A certificate's uncertainty means nothing without the load it was stated at.
  Lines half = kBase;
  half.insert(half.begin() + 8, "      calibration_uncertainty: 0.05 mg");
  EXPECT_WHAT(ConfigError, load(half),
              "fixtures/test.yaml:6:7: 'calibration_uncertainty' and 'calibration_load' go together: the certificate's "
              "expanded uncertainty (k = 2) and the load it was stated at, e.g. 0.05 mg at 100 g");
  Lines bad = kBase;
  bad.insert(bad.begin() + 8, "      readability: 0.01 ml");
  BOOST_CHECK_THROW(load(bad), ConfigError);
}

BOOST_AUTO_TEST_CASE(test_conditions_from_the_fixture_and_from_the_command_line) {
  Lines l = kBase;
  l[15] = "      syringe: { volume: 60 ml, inner_diameter: 26.59 mm, brand: BD Plastipak, lot: L2301 }";
  l.push_back("      administration_set: { name: BD extension line 150 cm, lot: E77 }");
  l.insert(l.begin() + 2, {"fluid: { name: water (degassed) }", "ambient: { temperature: 22 degC, humidity: 45 %, pressure: 1013 hPa }"});
  Fixture f = load(l);
  const PumpConfig& p = f.stations.at(0).pump;
  BOOST_TEST(p.syringe_lot == "L2301");
  BOOST_TEST(p.set_name == "BD extension line 150 cm");
  BOOST_TEST(p.set_lot == "E77");
  BOOST_TEST(f.fluid_name == "water (degassed)");
  BOOST_TEST(f.ambient.temperature_c.value_or(0) == 22.0);
  BOOST_TEST(f.ambient.humidity_pct.value_or(0) == 45.0);
  BOOST_TEST(f.ambient.pressure_mmhg.value_or(0) == 1013.0 * 0.7500616827041697, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(f.ambient.source == "fixture");

  // --condition: bench-wide or per station, recorded in order.
  apply_condition_overrides(f, {"ambient.temperature=23.5 degC", "station-1.set_lot=E78", "syringe_lot=L9"});
  BOOST_TEST(f.ambient.temperature_c.value_or(0) == 23.5);
  BOOST_TEST(f.ambient.source == "fixture, --condition");
  BOOST_TEST(f.stations.at(0).pump.set_lot == "E78");
  BOOST_TEST(f.stations.at(0).pump.syringe_lot == "L9");
  BOOST_TEST(f.condition_overrides.size() == 3u);
  EXPECT_WHAT(std::invalid_argument, apply_condition_overrides(f, {"ambient.temprature=22degC"}),
              "bad --condition 'ambient.temprature=22degC': unknown key 'ambient.temprature' (did you mean "
              "'ambient.temperature'?); keys are 'ambient.temperature', 'ambient.humidity', 'ambient.pressure', 'fluid', "
              "'syringe_lot', 'set' and 'set_lot'");
  BOOST_CHECK_THROW(apply_condition_overrides(f, {"station-9.set_lot=X"}), std::invalid_argument);
  // A unit slip is refused: 1013 mmHg is no room's air pressure.
  BOOST_CHECK_THROW(apply_condition_overrides(f, {"ambient.pressure=1013 mmHg"}), std::invalid_argument);
  BOOST_CHECK_THROW(apply_condition_overrides(f, {"ambient.humidity=145 %"}), std::invalid_argument);

  // ambient: ask leaves them to the operator; a plain word is no map.
  Lines ask = kBase;
  ask.insert(ask.begin() + 2, "ambient: ask");
  Fixture a = load(ask);
  BOOST_TEST(a.ambient.ask);
  BOOST_TEST(ambient_values_to_ask(a).size() == 3u);
  apply_condition_overrides(a, {"ambient.humidity=40%"}, "operator");
  BOOST_TEST(ambient_values_to_ask(a) == (std::vector<std::string>{"ambient.temperature", "ambient.pressure"}));
  BOOST_TEST(a.ambient.source == "operator");
  Lines word = kBase;
  word.insert(word.begin() + 2, "ambient: later");
  BOOST_CHECK_THROW(load(word), ConfigError);
  Lines hot = kBase;
  hot.insert(hot.begin() + 2, "ambient: { temperature: 95 degC }");
  BOOST_CHECK_THROW(load(hot), ConfigError);
}

BOOST_AUTO_TEST_SUITE_END()
