// Acquisition over pseudo-terminals in real time (x1): eight simulated MT-SICS balances, each on
// its own pty and streaming SIR at 10 readings per second, served on their own thread as
// pumprig-sim serves them; the controller's loop reads them through eight MT-SICS drivers over
// tty links, as a run on a real bench does. Prints, per run of `kSeconds`:
//   lines lost:   weight lines the simulators sent that the controller did not get as readings
//                 (goal 0);
//   jitter:       |interval - 100 ms| between one balance's consecutive readings, as the
//                 controller stamps them on arrival, p50 and p99 (goal p99 < 5 ms on an idle
//                 machine);
//   CPU:          the controller thread's CPU time over the wall time (goal < 2 % of a core).
// Not a Google Benchmark loop: the figures are about one sustained stream, not a repeated call.
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <future>
#include <functional>
#include <map>
#include <mutex>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "hardware/sim/pty_bench.hpp"
#include "rig/config/fixture.hpp"
#include "rig/core/event_loop.hpp"
#include "rig/drivers/registry.hpp"
#include "rig/link/tty_link.hpp"

using namespace pumprig;

namespace {

constexpr int kBalances = 8;
constexpr double kRateHz = 10.0;
constexpr double kSeconds = 30.0;

std::string fixture_text() {
  std::string text =
      "schema: pumprig.fixture/1\n"
      "name: Eight streaming balances\n"
      "fluid: { name: water, density: 0.9982 g/ml, temperature: 20 degC }\n"
      "seed: 1\n"
      "stations:\n";
  for (int i = 1; i <= kBalances; ++i)
    text += fmt::format(
        "  - id: station-{0}\n"
        "    balance:\n"
        "      name: balance-{0}\n"
        "      driver: mtsics\n"
        "      connection: \"sim:?baud=9600\"\n"
        "      reading_interval: stream\n"
        "      simulation: {{ serial: SIM-B000{0}, update_rate: {1} }}\n"
        "    pump: {{ name: pump-{0}, driver: manual, class: volumetric, min_rate: 1 ml/h, max_rate: 999 ml/h, "
        "reservoir: {{ volume: 500 ml }} }}\n",
        i, kRateHz);
  return text;
}

double thread_cpu_s() {
  rusage u{};
  ::getrusage(RUSAGE_THREAD, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return NAN;
  std::sort(v.begin(), v.end());
  const std::size_t i = static_cast<std::size_t>(std::min<double>(v.size() - 1, std::floor(p / 100.0 * (v.size() - 1) + 0.5)));
  return v[i];
}

// Work handed to the simulators' thread, run on its loop.
class SimThreadQueue {
 public:
  void post(std::function<void()> fn) {
    std::lock_guard<std::mutex> lock(mutex_);
    work_.push_back(std::move(fn));
  }
  // Runs what was posted; called on the simulators' loop.
  void drain() {
    std::vector<std::function<void()>> work;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      work.swap(work_);
    }
    for (auto& fn : work) fn();
  }
  // Posts `fn` and waits until the simulators' thread has run it.
  void run(std::function<void()> fn) {
    std::promise<void> done;
    post([&] {
      fn();
      done.set_value();
    });
    done.get_future().wait();
  }

 private:
  std::mutex mutex_;
  std::vector<std::function<void()>> work_;
};

}  // namespace

int main() {
  const Fixture fixture = load_fixture_text(fixture_text(), "bench-pty-acquisition.yaml");

  // The simulators' side, on its own thread and loop, as in pumprig-sim.
  std::promise<std::vector<sim::ServedInstrument>> served;
  std::atomic<bool> stop_sim{false};
  SimThreadQueue queue;
  sim::PtyBench* bench_ptr = nullptr;
  std::thread sim_thread([&] {
    EventLoop loop(std::make_unique<SteadyClock>());
    sim::PtyBench bench(loop, fixture, 1, 1.0);
    bench_ptr = &bench;
    served.set_value(bench.instruments());
    std::function<void()> poll = [&] {
      queue.drain();
      if (stop_sim) {
        loop.stop();
        return;
      }
      loop.schedule_after(milliseconds(5), poll);
    };
    poll();
    loop.run();
  });
  const auto instruments = served.get_future().get();
  // On the simulators' thread: every balance silent (or talking again), and what each has sent.
  auto set_silent = [&](bool silent) {
    std::map<std::string, std::uint64_t> sent;
    queue.run([&] {
      for (const auto& id : bench_ptr->station_ids()) {
        bench_ptr->station(id).balance()->set_silent(silent);
        sent[id] = bench_ptr->station(id).balance()->lines_sent();
      }
    });
    return sent;
  };
  // The controller's side.
  EventLoop loop(std::make_unique<SteadyClock>());
  std::vector<std::unique_ptr<Link>> links;
  std::vector<std::unique_ptr<Balance>> balances;
  std::map<std::string, std::vector<Nanos>> arrivals;
  std::map<std::string, std::uint64_t> faults;
  const DriverEntry* mtsics = find_driver("mtsics", DriverRole::balance);
  int connected = 0;
  for (const auto& inst : instruments) {
    if (inst.role != InstrumentRole::balance) continue;
    links.push_back(std::make_unique<TtyLink>(loop, inst.slave_path, inst.serial));
    links.back()->open();
    DriverSettings s;
    s.name = inst.name;
    balances.push_back(mtsics->make_balance(loop, *links.back(), s));
    Balance* b = balances.back().get();
    const std::string station = inst.station_id;
    b->connect([&, b, station](Outcome<InstrumentIdentity> id) {
      if (!id) {
        std::fprintf(stderr, "%s: %s\n", station.c_str(), id.error().what().c_str());
        loop.stop();
        return;
      }
      b->start_readings(
          0, [&, station](const BalanceReading& r) { arrivals[station].push_back(r.t_ns); },
          [&, station](const DeviceError&) { ++faults[station]; });
      ++connected;
    });
  }
  // Settle (every stream running for 2 s), then measure over kSeconds.
  loop.run_until(loop.now() + seconds(4));
  if (connected != kBalances) {
    std::fprintf(stderr, "only %d of %d balances streaming\n", connected, kBalances);
    stop_sim = true;
    sim_thread.join();
    return 1;
  }
  // Counts are taken with the balances silent and the wire drained, so no line is in flight.
  auto received_now = [&] {
    std::map<std::string, std::size_t> n;
    for (const auto& [id, v] : arrivals) n[id] = v.size();
    return n;
  };
  const auto sent_before = set_silent(true);
  loop.run_until(loop.now() + milliseconds(300));
  const auto received_before = received_now();
  set_silent(false);
  const Nanos t_start = loop.now();
  const double cpu_start = thread_cpu_s();
  const auto wall_start = std::chrono::steady_clock::now();
  loop.run_until(t_start + from_seconds(kSeconds));
  const double cpu_s = thread_cpu_s() - cpu_start;
  const double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  const auto sent_after = set_silent(true);
  const Nanos t_end = loop.now();
  loop.run_until(loop.now() + milliseconds(300));
  const auto received_after = received_now();

  std::uint64_t sent = 0, received = 0;
  std::vector<double> jitter_ms;
  for (const auto& [id, v] : arrivals) {
    sent += sent_after.at(id) - sent_before.at(id);
    received += received_after.at(id) - received_before.at(id);
    // Intervals inside the window only: the silences at its ends are ours, not jitter.
    for (std::size_t i = received_before.at(id) + 1; i < received_after.at(id); ++i)
      if (v[i - 1] >= t_start && v[i] <= t_end)
        jitter_ms.push_back(std::fabs(to_seconds(v[i] - v[i - 1]) * 1000.0 - 1000.0 / kRateHz));
  }
  std::uint64_t fault_count = 0;
  for (const auto& [_, n] : faults) fault_count += n;

  std::printf("Acquisition over ptys at x1: %d MT-SICS balances streaming SIR at %.0f readings/s for %.0f s\n", kBalances,
              kRateHz, kSeconds);
  std::printf("  lines sent %llu, received as readings %llu, lost %lld (goal 0), driver faults %llu\n",
              static_cast<unsigned long long>(sent), static_cast<unsigned long long>(received),
              static_cast<long long>(sent) - static_cast<long long>(received), static_cast<unsigned long long>(fault_count));
  std::printf("  arrival jitter |interval - %.0f ms|: p50 %.3f ms, p99 %.3f ms, max %.3f ms (goal p99 < 5 ms idle)\n",
              1000.0 / kRateHz, percentile(jitter_ms, 50), percentile(jitter_ms, 99),
              jitter_ms.empty() ? NAN : *std::max_element(jitter_ms.begin(), jitter_ms.end()));
  std::printf("  controller CPU %.3f s over %.1f s wall: %.2f %% of a core (goal < 2 %%)\n", cpu_s, wall_s,
              100.0 * cpu_s / wall_s);

  set_silent(false);
  for (auto& b : balances) b->stop_readings();
  loop.run_until(loop.now() + milliseconds(300));
  balances.clear();
  links.clear();
  stop_sim = true;
  sim_thread.join();
  return 0;
}
