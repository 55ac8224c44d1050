#include "hardware/sim/pty_sim.hpp"

#include <poll.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>

#include <fmt/format.h>

#include "hardware/sim/pty_fixture.hpp"
#include "hardware/sim/sim_console.hpp"
#include "rig/session/exit_codes.hpp"
#include "rig/record/atomic_write.hpp"

namespace pumprig::sim {

namespace {

// The default fixture file names pseudo-terminals that vanish with this process: it goes too.
class TempFile {
 public:
  void own(std::string path) { path_ = std::move(path); }
  ~TempFile() {
    if (!path_.empty()) std::remove(path_.c_str());
  }

 private:
  std::string path_;
};

}  // namespace

int run_pty_sim(const PtySimOptions& o, std::ostream& out, std::ostream& err, int stop_fd,
                const std::function<void(const PtySimReady&)>& on_ready) {
  if (!(o.speed > 0) || !std::isfinite(o.speed)) {
    err << "pumprig-sim: --speed must be a positive number\n";
    return kExitUsage;
  }
  std::optional<Fixture> fixture;
  std::uint64_t seed = 1;
  EventLoop loop(std::make_unique<SteadyClock>(o.speed));
  std::unique_ptr<PtyBench> bench;
  TempFile temp;
  std::string fixture_path;
  try {
    fixture = load_fixture_or_default(o.fixture_path);
    seed = o.seed.value_or(fixture->seed.value_or(1));
    bench = std::make_unique<PtyBench>(loop, *fixture, seed, o.speed);
    fixture_path = o.out_fixture.value_or(fmt::format("/tmp/pumprig-sim-{}.yaml", ::getpid()));
    write_file_atomically(fixture_path, pty_fixture_text(*fixture, bench->instruments(), o.speed, seed));
    if (!o.out_fixture) temp.own(fixture_path);
  } catch (const std::exception& e) {
    err << "pumprig-sim: " << e.what() << "\n";
    return kExitUsage;
  }

  for (const auto& inst : bench->instruments()) {
    out << inst.name << " " << inst.connection() << "\n";
    bench->link(inst.name).on_client_change([&err, name = inst.name, path = inst.slave_path](bool connected) {
      err << "pumprig-sim: " << name << ": " << (connected ? "client opened " : "client closed ") << path << "\n";
    });
    const auto notice = [&err, name = inst.name](const std::string& message) {
      err << "pumprig-sim: " << name << ": " << message << "\n";
    };
    bench->link(inst.name).on_notice(notice);
    if (inst.role == InstrumentRole::balance) {
      if (SimMtsicsBalance* balance = bench->station(inst.station_id).balance()) balance->set_notice(notice);
      if (SimSartoriusBalance* balance = bench->station(inst.station_id).sartorius_balance()) balance->set_notice(notice);
    }
  }
  out << "fixture: " << fixture_path << "\n";
  out.flush();
  err << fmt::format("pumprig-sim: serving {} instrument(s) of '{}' at {}x real time, seed {}; Ctrl-C stops\n",
                     bench->instruments().size(), fixture->name, o.speed, seed);
  if (on_ready) on_ready(PtySimReady{bench->instruments(), fixture_path, o.speed});

  SimConsole console(loop, *bench, err, o.console_fd);
  if (o.console_fd >= 0) err << "pumprig-sim: operator console on standard input (type help)\n";
  loop.watch_fd(stop_fd, POLLIN, [&loop](short) { loop.stop(); });
  loop.run();
  err << "pumprig-sim: stopped\n";
  return kExitPass;
}

}  // namespace pumprig::sim
