// Wall time of a whole `pumprig run` of the 2 h IEC accuracy scenario at 25 ml/h on the embedded
// simulated bench (balance polled at 1 Hz, pump status at 1 Hz, every byte through the simulated
// links, recorded to a run folder with its wire logs, analysed). The counter `speedup` is
// simulated seconds per wall second; the target is at least 10,000x. BM_RunEightStations runs the
// same scenario on eight stations at once (one loop, eight worlds, sixteen instruments): the
// target there is at least 2,000x (accuracy stations: balance and pump; the variant with a rig I/O
// board per station is printed too). The control channel's cost: the eight-station run with a
// channel served and with three clients attached, against the run with none (goal: within 10 %).
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>

#include <unistd.h>

#include <thread>
#include <vector>

#include <benchmark/benchmark.h>

#include "rig/cli/run_command.hpp"
#include "rig/control/unix_socket.hpp"
#include "rig/core/event_loop.hpp"

namespace fs = std::filesystem;
using namespace pumprig;

namespace {

fs::path make_temp_dir() {
  std::string pattern = (fs::temp_directory_path() / "pumprig-bench-run-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  return pattern;
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (std::size_t at = 0; (at = s.find(from, at)) != std::string::npos; at += to.size()) s.replace(at, from.size(), to);
  return s;
}

// The embedded bench's station, eight times over (ids, instrument names and serials renumbered);
// without its rig I/O board unless asked (an accuracy bench needs none).
fs::path write_eight_station_fixture(const fs::path& dir, bool io_boards) {
  const std::string one = read_file(fs::path(PUMPRIG_SOURCE_DIR) / "fixtures/sim-bench.yaml");
  const auto at = one.find("  - id: station-1");
  const auto second = one.find("\n  - id: station-2");
  std::string text = one.substr(0, at);
  for (int i = 1; i <= 8; ++i) {
    std::string st = one.substr(at, second + 1 - at);
    if (!io_boards) {
      const auto io = st.find("    io_board:");
      if (io != std::string::npos) st = st.substr(0, io);
    }
    for (const auto& [from, to] : {std::pair<std::string, std::string>{"station-1", "station-" + std::to_string(i)},
                                   {"balance-1", "balance-" + std::to_string(i)},
                                   {"pump-1", "pump-" + std::to_string(i)},
                                   {"io-1", "io-" + std::to_string(i)},
                                   {"SIM-IO0001", "SIM-IO000" + std::to_string(i)},
                                   {"SIM-B0001", "SIM-B000" + std::to_string(i)},
                                   {"SIM-P0001", "SIM-P000" + std::to_string(i)}})
      st = replace_all(st, from, to);
    text += st;
  }
  const fs::path path = dir / "eight-stations.yaml";
  std::ofstream(path) << text;
  return path;
}

// A client of the control channel that reads everything until the run closes it.
std::thread reading_client(const fs::path& socket) {
  const int fd = control::connect_unix_socket(socket);
  if (fd < 0) throw std::runtime_error("cannot connect to " + socket.string());
  return std::thread([fd] {
    char buf[65536];
    while (::read(fd, buf, sizeof buf) > 0) {
    }
    ::close(fd);
  });
}

enum class Control { none, served, three_clients };

void run_scenario_bench(benchmark::State& state, const char* scenario, bool eight_stations = false, bool io_boards = false,
                        Control control = Control::none) {
  const fs::path tmp = make_temp_dir();
  auto loop = std::make_shared<EventLoop*>(nullptr);
  double simulated_s = 0;
  std::int64_t n = 0;
  for (auto _ : state) {
    RunOptions o;
    o.scenario_path = (fs::path(PUMPRIG_SOURCE_DIR) / scenario).string();
    o.out_dir = (tmp / std::to_string(n++)).string();
    if (eight_stations) o.fixture_path = write_eight_station_fixture(tmp, io_boards).string();
    o.quiet = true;
    // Without a control channel unless the benchmark is about it (the figures stay comparable).
    o.no_control = control == Control::none;
    if (!o.no_control) o.control_path = (tmp / "c.sock").string();
    std::vector<std::thread> clients;
    o.before_start = [loop, control, &clients, &o](EventLoop& l, sim::SimulatedBench*) {
      *loop = &l;
      if (control == Control::three_clients)
        for (int i = 0; i < 3; ++i) clients.push_back(reading_client(*o.control_path));
    };
    o.after_run = [loop, &simulated_s](sim::SimulatedBench*) { simulated_s += to_seconds((*loop)->now()); };
    std::ostringstream out, err;
    const RunReport r = run_scenario(o, out, err);
    for (auto& c : clients) c.join();
    if (r.exit_code != 0) {
      state.SkipWithError(("run failed: " + err.str()).c_str());
      break;
    }
    state.PauseTiming();
    fs::remove_all(*o.out_dir);
    state.ResumeTiming();
  }
  fs::remove_all(tmp);
  state.counters["simulated_s_per_run"] = n ? simulated_s / static_cast<double>(n) : 0.0;
  state.counters["speedup"] = benchmark::Counter(simulated_s, benchmark::Counter::kIsRate);
}

}  // namespace

static void BM_RunIecAccuracy25mlh(benchmark::State& s) { run_scenario_bench(s, "scenarios/iec-accuracy-25mlh.yaml"); }
static void BM_RunIecAccuracy1mlh(benchmark::State& s) { run_scenario_bench(s, "scenarios/iec-accuracy-1mlh.yaml"); }
static void BM_RunEightStations25mlh(benchmark::State& s) { run_scenario_bench(s, "scenarios/iec-accuracy-25mlh.yaml", true); }
// The same with a rig I/O board per station, each running its firmware logic at its 50 Hz sample rate.
static void BM_RunEightStationsWithIoBoards25mlh(benchmark::State& s) {
  run_scenario_bench(s, "scenarios/iec-accuracy-25mlh.yaml", true, true);
}
// The control channel's cost: the eight-station run serving a channel nobody attaches to, and
// with three clients reading everything (the goal: within 10 % of the run with none).
static void BM_RunEightStationsControlServed(benchmark::State& s) {
  run_scenario_bench(s, "scenarios/iec-accuracy-25mlh.yaml", true, false, Control::served);
}
static void BM_RunEightStationsThreeClients(benchmark::State& s) {
  run_scenario_bench(s, "scenarios/iec-accuracy-25mlh.yaml", true, false, Control::three_clients);
}
// Real time: the run writes and fsyncs its folder, which CPU time would not count.
BENCHMARK(BM_RunIecAccuracy25mlh)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2.0);
BENCHMARK(BM_RunIecAccuracy1mlh)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2.0);

BENCHMARK(BM_RunEightStations25mlh)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2.0);
BENCHMARK(BM_RunEightStationsWithIoBoards25mlh)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2.0);
BENCHMARK(BM_RunEightStationsControlServed)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2.0);
BENCHMARK(BM_RunEightStationsThreeClients)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2.0);

BENCHMARK_MAIN();
