#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "hardware/sim/pty_bench.hpp"
#include "hardware/sim/pty_fixture.hpp"
#include "hardware/sim/pty_sim.hpp"
#include "hardware/sim/sim_console.hpp"
#include "rig/bench/bench.hpp"
#include "rig/cli/run_command.hpp"
#include "rig/record/csv_readings.hpp"
#include "tests/support/sim_bench_fixture.hpp"
#include "tests/pty/pty_test_support.hpp"

using namespace pumprig;
using namespace pumprig::sim;
using namespace pumprig::test;

namespace {

// Two stations: the default one, and one whose pump is worked by hand (nothing to serve).
std::string two_station_fixture() {
  std::string text = one_station_sim_bench_text();
  text += R"(  - id: station-2
    balance: { name: balance-2, driver: mtsics, connection: "serial:/dev/ttyUSB7?baud=2400" }
    pump:
      name: pump-2
      driver: manual
      class: volumetric
      min_rate: 1 ml/h
      max_rate: 999 ml/h
      reservoir: { volume: 500 ml }
)";
  return text;
}

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(pty_bench)

BOOST_AUTO_TEST_CASE(serves_each_instrument_on_its_own_pty_and_writes_the_fixture_that_reaches_them) {
  const Fixture source = load_fixture_text(two_station_fixture(), "two-stations.yaml");
  EventLoop loop(std::make_unique<SteadyClock>(10.0));
  PtyBench bench(loop, source, 7, 10.0);

  const auto& served = bench.instruments();
  BOOST_TEST_REQUIRE(served.size() == 4u);  // balance-1, pump-1, io-1, balance-2; the manual pump has no wire
  BOOST_TEST(served[0].name == "balance-1");
  BOOST_TEST(served[0].driver == "mtsics");
  BOOST_TEST(served[1].name == "pump-1");
  BOOST_TEST(served[1].driver == "ne1000");
  BOOST_TEST(served[2].name == "io-1");
  BOOST_TEST(served[2].driver == "rigio");
  BOOST_TEST(served[3].name == "balance-2");
  BOOST_TEST(served[3].station_id == "station-2");
  for (const auto& s : served) {
    BOOST_TEST(std::filesystem::exists(s.slave_path));
    BOOST_TEST(s.slave_path == bench.link(s.name).slave_path());
  }
  BOOST_TEST(served[0].slave_path != served[1].slave_path);
  BOOST_TEST(served[0].connection() == "tty:" + served[0].slave_path + "?baud=9600&format=8N1&flow=xonxoff");
  BOOST_TEST(served[1].connection() == "tty:" + served[1].slave_path + "?baud=19200&format=8N1");
  BOOST_TEST(served[2].connection() == "tty:" + served[2].slave_path + "?baud=115200&format=8N1");
  BOOST_TEST(served[3].connection() == "tty:" + served[3].slave_path + "?baud=2400&format=8N1");
  BOOST_TEST(bench.station_ids() == (std::vector<std::string>{"station-1", "station-2"}));
  BOOST_TEST(bench.station("station-1").balance() != nullptr);
  BOOST_TEST(bench.station("station-1").pump() != nullptr);
  BOOST_TEST(bench.station("station-2").pump() == nullptr);

  const std::string text = pty_fixture_text(source, served, 10.0, 7);
  BOOST_TEST(text.find("# Written by pumprig-sim from two-stations.yaml") == 0u);
  const Fixture written = load_fixture_text(text, "written.yaml");
  BOOST_TEST(written.speed.value_or(0) == 10.0);
  BOOST_TEST(written.seed.value_or(0) == 7u);
  BOOST_TEST(!fixture_is_all_simulated(written));
  BOOST_TEST_REQUIRE(written.stations.size() == 2u);
  const StationConfig& s1 = written.stations[0];
  BOOST_TEST((s1.balance.connection.transport == Transport::tty));
  BOOST_TEST(s1.balance.connection.path == served[0].slave_path);
  BOOST_TEST((s1.balance.connection.serial.flow == FlowControl::xonxoff));
  BOOST_TEST(s1.pump.connection.path == served[1].slave_path);
  BOOST_TEST(s1.pump.connection.serial.baud == 19200);
  BOOST_TEST(!s1.balance.simulation.has_value());
  BOOST_TEST(!s1.pump.simulation.has_value());
  // Everything else is as the source says.
  const StationConfig& o1 = source.stations[0];
  BOOST_TEST(s1.balance.calibration_due == o1.balance.calibration_due);
  BOOST_TEST(s1.pump.syringe_diameter_mm.value_or(0) == o1.pump.syringe_diameter_mm.value_or(-1));
  BOOST_TEST((s1.pump.dut == o1.pump.dut));
  BOOST_TEST(s1.pump.safe_mode_timeout_s == o1.pump.safe_mode_timeout_s);
  BOOST_TEST(written.density_g_ml == source.density_g_ml);
  BOOST_TEST(written.stations[1].balance.connection.path == served[3].slave_path);
  BOOST_TEST(written.stations[1].pump.driver == "manual");
  BOOST_TEST(written.stations[1].pump.reservoir_volume_ml.value_or(0) == 500.0);
}

BOOST_AUTO_TEST_CASE(the_console_places_and_removes_the_check_weight_on_the_served_world) {
  EventLoop loop(std::make_unique<SteadyClock>());
  PtyBench bench(loop, default_fixture(), 1);
  std::ostringstream sink;
  SimConsole console(loop, bench, sink);
  StationWorld& world = bench.station("station-1").world();
  BOOST_TEST(console.execute("place 50 g") == "station-1: placed 50 g on the balance");
  BOOST_TEST(world.extra_load_g() == 50.0);
  BOOST_TEST(console.execute("remove") == "station-1: removed what was placed on the balance");
  BOOST_TEST(world.extra_load_g() == 0.0);
  BOOST_TEST(console.execute("place station-1 200mg") == "station-1: placed 0.2 g on the balance");
  BOOST_TEST(world.extra_load_g() == 0.2);
  BOOST_TEST(console.execute("place station-9 5 g") == "no station 'station-9' (stations: station-1)");
  BOOST_TEST(console.execute("place 50").find("missing unit") != std::string::npos);
  BOOST_TEST(console.execute("show").find("station-1: t = ") == 0u);
  BOOST_TEST(console.execute("fly").find("unknown command 'fly'") == 0u);
  BOOST_TEST(console.execute("   ").empty());
  BOOST_TEST(world.extra_load_g() == 0.2);
}

BOOST_AUTO_TEST_CASE(the_controller_runs_a_scenario_over_the_ptys_in_real_time) {
  TempDir dir;
  const auto scenario = dir.path() / "pty-short.yaml";
  std::ofstream(scenario) << R"(schema: pumprig.scenario/1
id: pty-short
title: Short run over pseudo-terminals
applies_to: [syringe]
steps:
  - prompt: "Ready?"
  - tare
  - set_pump: { rate: 60 ml/h }
  - start_pump
  - record: 20 s
  - stop_pump
)";

  // The embedded bench with patient timeouts: at x10 a 1 s reply timeout is 100 ms of real time,
  // which a busy CI machine can exceed; the test is about the ptys, not about the timeouts.
  std::string bench_text = one_station_sim_bench_text();
  for (const auto& [from, to] : {std::pair<std::string, std::string>{"reply_timeout: 1 s", "reply_timeout: 3 s"},
                                 {"safe_mode_timeout: 5 s", "safe_mode_timeout: 20 s"}})
    for (auto pos = bench_text.find(from); pos != std::string::npos; pos = bench_text.find(from, pos))
      bench_text.replace(pos, from.size(), to);
  const auto bench_file = dir.path() / "bench.yaml";
  std::ofstream(bench_file) << bench_text;

  // pumprig-sim's body on its own thread, as it would run in its own process.
  PtySimOptions sim_options;
  sim_options.fixture_path = bench_file.string();
  sim_options.speed = 10.0;
  sim_options.out_fixture = (dir.path() / "pty-fixture.yaml").string();
  int stop[2];
  BOOST_REQUIRE(::pipe(stop) == 0);
  std::promise<PtySimReady> ready;
  std::ostringstream sim_out, sim_err;
  int sim_rc = -1;
  std::thread server([&] {
    sim_rc = run_pty_sim(sim_options, sim_out, sim_err, stop[0], [&](const PtySimReady& r) { ready.set_value(r); });
  });
  auto ready_future = ready.get_future();
  BOOST_REQUIRE(ready_future.wait_for(std::chrono::seconds(5)) == std::future_status::ready);
  const PtySimReady r = ready_future.get();
  BOOST_TEST(r.fixture_path == *sim_options.out_fixture);
  BOOST_TEST_REQUIRE(r.instruments.size() == 3u);  // balance, pump and I/O board of station-1

  RunOptions o;
  o.scenario_path = scenario.string();
  o.fixture_path = r.fixture_path;  // its `speed: 10` sets the run's clock
  o.out_dir = (dir.path() / "run").string();
  o.unattended = true;
  o.quiet = true;
  std::ostringstream out, err;
  const auto t0 = std::chrono::steady_clock::now();
  const RunReport report = run_scenario(o, out, err);
  const double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  BOOST_TEST_MESSAGE("20 s record over ptys at x10: " << wall_s << " s wall");

  // Give the server a moment to see the controller close its ports before telling it to stop.
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
  const char byte = 1;
  BOOST_REQUIRE(::write(stop[1], &byte, 1) == 1);
  server.join();
  ::close(stop[0]);
  ::close(stop[1]);

  BOOST_TEST_INFO("run stdout: " << out.str() << "\nrun stderr: " << err.str() << "\nsim stderr: " << sim_err.str());
  // The scenario declares no analysis: it ran to the end (status finished, below) and judged
  // nothing, which is inconclusive (exit 1) like everywhere else.
  BOOST_TEST(report.exit_code == 1);
  BOOST_TEST(report.verdict.reason.find("no test") != std::string::npos);
  BOOST_TEST(sim_rc == 0);
  BOOST_TEST(wall_s < 10.0);
  // pumprig-sim printed where each instrument is, then the fixture.
  BOOST_TEST(sim_out.str() == "balance-1 " + r.instruments[0].connection() + "\npump-1 " + r.instruments[1].connection() +
                                  "\nio-1 " + r.instruments[2].connection() + "\nfixture: " + r.fixture_path + "\n");
  BOOST_TEST(sim_err.str().find("balance-1: client opened " + r.instruments[0].slave_path) != std::string::npos);
  // (Whether the server notices the client's close before it is told to stop is a race under load;
  // closing and reopening is covered by its own test.)

  const auto run_json = nlohmann::json::parse(read_file(report.run_dir / "run.json"));
  BOOST_TEST(run_json.at("status") == "finished");
  BOOST_TEST(run_json.at("provenance") == "real");  // the controller only saw tty links
  BOOST_TEST(run_json.at("clock") == "real time x10");
  const auto& pump = run_json.at("instruments").at("pump-1");
  BOOST_TEST(pump.at("manufacturer") == "New Era Pump Systems");
  BOOST_TEST(pump.at("model") == "NE-1000");
  BOOST_TEST(pump.at("firmware") == "3.928");
  BOOST_TEST(pump.at("protocol") == "NE-1000 safe mode");
  BOOST_TEST(run_json.at("instruments").at("balance-1").at("serial") == "SIM-B0001");

  const auto readings = read_readings_csv((report.run_dir / "samples-station-1.csv").string());
  std::size_t after_start = 0;
  for (const auto& s : readings.readings)
    if (s.t_s >= 0) ++after_start;
  BOOST_TEST(after_start >= 15u);  // one a second for 20 s, less what a busy machine makes the poll skip
  BOOST_TEST_REQUIRE(!readings.readings.empty());
  BOOST_TEST(readings.readings.back().t_s >= 20.0);
  // 60 ml/h for 20 s is 0.33 ml; start-up slack and compliance keep some of it back.
  const double gained_g = readings.readings.back().mass_g;
  BOOST_TEST_MESSAGE("mass gained over the 20 s record: " << gained_g << " g");
  BOOST_TEST(gained_g > 0.05);
  BOOST_TEST(gained_g < 0.40);
  BOOST_TEST(std::filesystem::exists(r.fixture_path));  // asked for by name: kept
}

BOOST_AUTO_TEST_SUITE_END()
