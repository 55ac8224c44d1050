// How fast the recorder takes lines: each append is one write(2) plus the real-time sync check,
// so this is roughly the syscall cost. A 10 Hz balance needs 10 appends/s per station; virtual-
// time runs need as many per second as the simulation can produce.
#include <benchmark/benchmark.h>

#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "rig/record/line_file.hpp"
#include "rig/record/recorder.hpp"

using namespace pumprig;

namespace {

struct ScratchDir {
  std::filesystem::path path;
  ScratchDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "pumprig-bench-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path = pattern;
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};

void BM_line_file_append(benchmark::State& state) {
  ScratchDir dir;
  LineFile file(dir.path / "lines.txt");
  const std::string line = "1234.567890123,12.34567,1";
  for (auto _ : state) file.append_line(line);
  file.close();
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_line_file_append)->UseRealTime();

void BM_recorder_add_sample(benchmark::State& state) {
  ScratchDir dir;
  Recorder rec(RunFolder::create_at(dir.path / "run"), nlohmann::json::object());
  double t = 0;
  for (auto _ : state) {
    rec.add_sample("station-1", t, 12.3456 + t * 1e-6, true);
    t += 0.1;
  }
  rec.finish(RunStatus::finished, "");
  state.SetItemsProcessed(state.iterations());
  state.counters["fsyncs"] = static_cast<double>(rec.fsync_count());
}
BENCHMARK(BM_recorder_add_sample)->UseRealTime();

void BM_recorder_add_event(benchmark::State& state) {
  ScratchDir dir;
  Recorder rec(RunFolder::create_at(dir.path / "run"), nlohmann::json::object());
  RigEvent ev{0, EventKind::retry, "balance-1", "no reply to SI, retrying", {{"attempt", 2}}};
  for (auto _ : state) {
    rec.add_event(ev);
    ev.t_ns += milliseconds(100);
  }
  rec.finish(RunStatus::finished, "");
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_recorder_add_event)->UseRealTime();

void BM_recorder_add_wire(benchmark::State& state) {
  ScratchDir dir;
  Recorder rec(RunFolder::create_at(dir.path / "run"), nlohmann::json::object());
  const std::string reply = "S S      12.3456 g\r\n";
  const std::vector<std::uint8_t> bytes(reply.begin(), reply.end());
  Nanos t = 0;
  for (auto _ : state) {
    rec.add_wire("balance-1", t, '<', bytes);
    t += milliseconds(100);
  }
  rec.finish(RunStatus::finished, "");
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(bytes.size()));
}
BENCHMARK(BM_recorder_add_wire)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
