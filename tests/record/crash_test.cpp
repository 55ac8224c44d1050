// A run killed with SIGKILL mid-recording must leave a folder that loads, says it was
// interrupted, and holds every line written before the kill.
#include <boost/test/unit_test.hpp>

#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "rig/record/recorder.hpp"
#include "rig/record/run_reader.hpp"
#include "rig/record/wire_log.hpp"
#include "tests/record/record_test_util.hpp"

using namespace pumprig;
using nlohmann::json;

namespace {

// Shared with the child: how many of each record it has seen returned from the Recorder.
struct Progress {
  std::atomic<std::int64_t> samples{0};
  std::atomic<std::int64_t> events{0};
  std::atomic<std::int64_t> wires{0};
};

std::string wire_text(std::int64_t i) { return "S S     " + std::to_string(i) + " g\r\n"; }

[[noreturn]] void record_until_killed(const std::filesystem::path& dir, Progress* progress) {
  try {
    Recorder rec(RunFolder::create_at(dir), {{"provenance", "simulated"}, {"seed", 1}});
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    for (std::int64_t i = 0; std::chrono::steady_clock::now() < deadline; ++i) {
      const Nanos t = i * milliseconds(100);
      rec.add_sample("station-1", to_seconds(t), 10.0 + static_cast<double>(i) * 1e-4, i % 2 == 0);
      progress->samples.store(i + 1);
      rec.add_event({t, EventKind::info, "runner", "tick " + std::to_string(i), {{"i", i}}});
      progress->events.store(i + 1);
      const std::string w = wire_text(i);
      rec.add_wire("balance-1", t, '<', std::span(reinterpret_cast<const std::uint8_t*>(w.data()), w.size()));
      progress->wires.store(i + 1);
    }
  } catch (...) {
    ::_exit(2);
  }
  ::_exit(3);  // never killed: the parent gave up
}

void kill_mid_run_and_check(std::int64_t kill_after) {
  test::TempDir tmp;
  const auto dir = tmp.path() / "run";
  void* mem = ::mmap(nullptr, sizeof(Progress), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  BOOST_REQUIRE(mem != MAP_FAILED);
  auto* progress = new (mem) Progress;

  const pid_t pid = ::fork();
  BOOST_REQUIRE(pid >= 0);
  if (pid == 0) record_until_killed(dir, progress);

  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (progress->samples.load() < kill_after && std::chrono::steady_clock::now() < give_up)
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  BOOST_REQUIRE(WIFSIGNALED(status));
  BOOST_REQUIRE(WTERMSIG(status) == SIGKILL);
  // Counts of records whose add_* had returned before the kill: all of these must be there.
  const std::int64_t done_samples = progress->samples.load();
  const std::int64_t done_events = progress->events.load();
  const std::int64_t done_wires = progress->wires.load();
  ::munmap(mem, sizeof(Progress));
  BOOST_REQUIRE(done_samples >= kill_after);

  const RunFolderContents c = load_run_folder(dir);
  BOOST_TEST((c.status == RunStatus::aborted));
  BOOST_TEST(c.interrupted);
  BOOST_TEST(c.status_label() == "aborted (interrupted)");
  BOOST_TEST(!c.notes.empty());
  BOOST_TEST(c.run["seed"].get<int>() == 1);

  // Events: a contiguous prefix, nothing lost, at most one more than the child confirmed.
  const auto n_events = static_cast<std::int64_t>(c.events.size());
  BOOST_TEST(n_events >= done_events);
  BOOST_TEST(n_events <= done_events + 1);
  for (std::int64_t i = 0; i < n_events; ++i) BOOST_REQUIRE(c.events[static_cast<std::size_t>(i)]["data"]["i"] == i);

  // Samples: header plus a contiguous prefix; a torn fragment would be at most the last line.
  BOOST_REQUIRE(c.samples.count("station-1") == 1u);
  std::string torn;
  const auto lines = test::complete_lines(test::read_text(c.samples.at("station-1")), &torn);
  BOOST_REQUIRE(!lines.empty());
  BOOST_TEST(lines[0] == "time_s,mass_g,stable");
  const auto n_samples = static_cast<std::int64_t>(lines.size()) - 1;
  BOOST_TEST(n_samples >= done_samples);
  BOOST_TEST(n_samples <= done_samples + 1);
  for (std::int64_t i = 0; i < n_samples; ++i) {
    const std::string& l = lines[static_cast<std::size_t>(i + 1)];
    BOOST_REQUIRE(l.substr(l.size() - 2) == (i % 2 == 0 ? ",1" : ",0"));
    BOOST_REQUIRE(std::stod(l.substr(0, l.find(','))) == to_seconds(i * milliseconds(100)));
  }
  BOOST_TEST(torn.size() < 64u);

  // Wire log: same guarantees, bytes exact.
  // Killed before the first wire chunk, the log may not exist yet.
  if (c.wire_logs.count("balance-1") == 0u) {
    BOOST_TEST(done_wires == 0);
    return;
  }
  const auto wire = read_wire_log(c.wire_logs.at("balance-1"));
  const auto n_wire = static_cast<std::int64_t>(wire.chunks.size());
  BOOST_TEST(n_wire >= done_wires);
  BOOST_TEST(n_wire <= done_wires + 1);
  for (std::int64_t i = 0; i < n_wire; ++i) {
    const std::string expected = wire_text(i);
    const auto& chunk = wire.chunks[static_cast<std::size_t>(i)];
    BOOST_REQUIRE(std::string(chunk.bytes.begin(), chunk.bytes.end()) == expected);
    BOOST_REQUIRE(chunk.t_ns == i * milliseconds(100));
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(crash)

BOOST_AUTO_TEST_CASE(sigkill_mid_run_leaves_a_loadable_interrupted_record) {
  // Several kills at different points, so the kill lands at different instants of a cycle.
  for (const std::int64_t kill_after : {1, 700, 2501, 6000}) {
    BOOST_TEST_CONTEXT("killed after " << kill_after << " samples") { kill_mid_run_and_check(kill_after); }
  }
}

BOOST_AUTO_TEST_CASE(torn_event_line_from_a_crash_is_dropped_with_a_note) {
  // Simulate what a crash mid-write could leave: a fragment without its newline.
  test::TempDir tmp;
  const auto dir = tmp.path() / "run";
  {
    Recorder rec(RunFolder::create_at(dir), json::object());
    for (int i = 0; i < 5; ++i) rec.add_event({seconds(i), EventKind::info, "runner", "t", {{"i", i}}});
    rec.finish(RunStatus::aborted, "power loss");
  }
  {
    std::ofstream out(dir / "events.jsonl", std::ios::app | std::ios::binary);
    out << "{\"t_s\":5,\"utc\":\"2026-";
  }
  const auto c = load_run_folder(dir);
  BOOST_TEST(c.events.size() == 5u);
  BOOST_REQUIRE(c.notes.size() == 1u);
  BOOST_TEST(c.notes[0].find("events.jsonl:6") != std::string::npos, c.notes[0]);
  BOOST_TEST(c.status_label() == "aborted");
}

BOOST_AUTO_TEST_SUITE_END()
