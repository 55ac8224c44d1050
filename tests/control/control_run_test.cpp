// The control channel on real runs of the simulated bench: a client gets hello and snapshots with
// every reading, answers a prompt (the record says who), aborts a run into the safe state (exit
// code 3, its words in the record), two clients at once, and one that never reads is dropped
// with an event while the run goes on.
#include <boost/test/unit_test.hpp>

#include <map>
#include <sstream>
#include <thread>

#include "hardware/sim/bench_simulation.hpp"
#include "hardware/sim/simulated_operator.hpp"
#include "rig/control/control_channel.hpp"
#include "rig/session/run_session.hpp"
#include "tests/control/control_client.hpp"
#include "tests/run/run_support.hpp"

using namespace pumprig;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

constexpr const char* kAccuracy = "scenarios/iec-accuracy-25mlh.yaml";

struct Background {
  std::jthread thread;
  RunReport report;
  std::ostringstream out, err;
  explicit Background(const RunOptions& o) : thread([this, o] { report = run_scenario(o, out, err); }) {}
  const RunReport& join() {
    thread.join();
    return report;
  }
};

// Balance readings in a snapshot's first station (loop time).
std::vector<double> reading_times(const json& snapshot) {
  return snapshot["stations"][0]["readings"]["t_s"].get<std::vector<double>>();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(control_run)

BOOST_AUTO_TEST_CASE(a_client_sees_the_run_and_its_abort_ends_it_in_the_safe_state) {
  test::TempDir dir;
  RunOptions o = test::options(kAccuracy, dir.path() / "run");
  o.speed = 300;  // paced: 2 h would take 24 s, the abort comes after a few
  o.control_path = (dir.path() / "c.sock").string();
  bool checked = false, pump_running = true, motor_running = true;
  auto loop_ptr = std::make_shared<EventLoop*>(nullptr);
  o.before_start = [loop_ptr](EventLoop& loop, sim::SimulatedBench*) { *loop_ptr = &loop; };
  o.after_run = [&, loop_ptr](sim::SimulatedBench* bench) {
    pump_running = bench->pump("station-1")->running();
    motor_running = bench->world("station-1")->motor_running((*loop_ptr)->now());
    checked = true;
  };
  Background run(o);
  test::ControlClient client(dir.path() / "c.sock");
  auto hello = client.next_of("hello");
  BOOST_REQUIRE(hello);
  BOOST_TEST((*hello)["protocol"] == "pumprig.control/1");
  json run_block = (*hello)["run"];
  if (run_block.is_null()) run_block = *client.next_of("run_started");  // connected before the run stood
  BOOST_TEST(run_block["scenario_id"] == "iec-accuracy-25mlh");
  BOOST_TEST(run_block["run_dir"] == (dir.path() / "run").string());
  BOOST_TEST(!run_block["run_id"].get<std::string>().empty());
  BOOST_TEST(run_block["stations"] == json({"station-1"}));

  // Snapshots until the pump runs, each reading once: strictly increasing. (The balance pauses
  // its stream to tare, so gaps of several seconds are real; that every reading arrives is
  // checked against the record in two_clients_at_once... below.)
  std::vector<double> times;
  json last;
  for (int i = 0; i < 400 && !(last.is_object() && last["stations"][0]["pump_running"] == true && times.size() > 20); ++i) {
    auto s = client.next_of("snapshot");
    BOOST_REQUIRE(s);
    last = *s;
    for (double t : reading_times(*s)) times.push_back(t);
  }
  BOOST_REQUIRE(times.size() > 20u);
  for (std::size_t i = 1; i < times.size(); ++i) BOOST_TEST_REQUIRE(times[i] > times[i - 1]);
  const json& station = last["stations"][0];
  BOOST_TEST(station["set_rate_ml_h"] == 25.0);
  BOOST_TEST(station["step_count"] == 7);
  BOOST_TEST(station["steps"].size() == 7u);
  BOOST_TEST(station["instruments"].size() == 3u);
  for (const json& i : station["instruments"]) {
    BOOST_TEST(i["connected"] == true);
    BOOST_TEST(i["identity"].get<std::string>().find("SIM-") != std::string::npos);
  }

  // The abort, and the connection closed at once: still carried out.
  const std::string reason = "leak at the luer lock \xc3\xa9 (test)";
  client.send({{"type", "abort"}, {"reason", reason}});
  client.close();
  const RunReport& r = run.join();
  BOOST_TEST(r.exit_code == 3);
  const auto events = test::read_events(dir.path() / "run");
  BOOST_TEST(test::any_message_contains(events, "abort", reason));
  BOOST_TEST(!test::events_of_kind(events, "teardown").empty());
  BOOST_REQUIRE(checked);
  BOOST_TEST(!pump_running);
  BOOST_TEST(!motor_running);
  BOOST_TEST(test::read_json(dir.path() / "run" / "run.json")["control_socket"] == (dir.path() / "c.sock").string());
}

// The simulated operator of this bench takes an hour to answer, so the client is first.
class SlowOperatorSimulation final : public Simulation {
 public:
  SlowOperatorSimulation(const Fixture& f, std::uint64_t seed) : inner_(sim::make_bench_simulation(f, seed)) {}
  SimulatedEndpoints& endpoints() override { return inner_->endpoints(); }
  std::unique_ptr<Operator> make_operator(EventLoop& loop) override {
    return std::make_unique<sim::SimulatedOperator>(loop, sim::simulated_bench_of(inner_.get()), seconds(3600));
  }

 private:
  std::unique_ptr<Simulation> inner_;
};

// A paced run whose simulated operator answers only after an hour, served on `dir`/c.sock, on a
// thread of its own; join() ends it (the test aborts it first over the channel).
struct SlowOperatorRun {
  control::ControlChannel channel;
  std::ostringstream err;
  RunSession session;
  RunReport report;
  std::jthread thread;
  SlowOperatorRun(SessionOptions o, const std::filesystem::path& socket)
      : channel(control::ChannelOptions{socket}),
        session(std::move(o), [](const Fixture& f, std::uint64_t seed) { return std::make_unique<SlowOperatorSimulation>(f, seed); },
                err) {
    session.add_observer(&channel);
    channel.attach(&session);
    thread = std::jthread([this] { report = session.run(); });
  }
  const RunReport& join() {
    if (thread.joinable()) thread.join();
    channel.attach(nullptr);
    return report;
  }
  // A test that failed half-way must not wait for the whole scenario.
  ~SlowOperatorRun() {
    session.request_abort("the test ended");
    join();
  }
};

BOOST_AUTO_TEST_CASE(a_client_answers_a_prompt_and_the_record_says_who) {
  test::TempDir dir;
  SessionOptions o = test::options(kAccuracy, dir.path() / "run");
  o.speed = 100;
  o.no_index = true;
  SlowOperatorRun run(o, dir.path() / "c.sock");
  test::ControlClient client(dir.path() / "c.sock");
  client.send({{"type", "hello"}, {"client", "bench-tablet"}});
  auto prompt = client.next_of("prompt");
  BOOST_REQUIRE(prompt);
  BOOST_TEST((*prompt)["station"] == "station-1");
  BOOST_TEST((*prompt)["text"].get<std::string>().find("Fill a 60 ml syringe") != std::string::npos);
  const int id = (*prompt)["id"];
  client.send({{"type", "answer"}, {"prompt", id}, {"choice", "confirm"}});
  auto closed = client.next_of("prompt_closed");
  BOOST_REQUIRE(closed);
  BOOST_TEST((*closed)["id"] == id);
  const std::string by = (*closed)["answered_by"];
  BOOST_TEST(by.find("bench-tablet (user ") != std::string::npos);
  // A second answer to the same prompt is refused: the first one won. The next prompt (the check
  // weight, waiting for its hour) may come before or after that reply.
  client.send({{"type", "answer"}, {"prompt", id}, {"choice", "decline"}});
  std::optional<json> refused, next_prompt;
  while (!refused || !next_prompt) {
    auto m = client.next(20000ms);
    BOOST_REQUIRE(m);
    if ((*m)["type"] == "error") refused = *m;
    if ((*m)["type"] == "prompt") next_prompt = *m;
  }
  BOOST_TEST((*refused)["message"].get<std::string>().find("not open") != std::string::npos);
  BOOST_TEST((*next_prompt)["id"] != id);
  client.send({{"type", "abort"}, {"reason", "enough"}});
  BOOST_TEST(run.join().exit_code == 3);
  const auto events = test::read_events(dir.path() / "run");
  const auto answers = test::events_of_kind(events, "answer");
  BOOST_REQUIRE(!answers.empty());
  BOOST_TEST(answers[0]["data"]["answered_by"] == by);
  BOOST_TEST(answers[0]["data"]["confirmed"] == true);
}

BOOST_AUTO_TEST_CASE(a_client_pauses_and_resumes_a_station_whose_policy_allows_it) {
  test::TempDir dir;
  // The one-station bench with the fault policy `pause`, and a scenario without a check weight
  // (the slow simulated operator would place it an hour late).
  std::string fixture = test::one_station_sim_bench_text();
  const std::string key = "  - id: station-1\n";
  fixture.insert(fixture.find(key) + key.size(), "    on_fault: pause\n");
  test::write_text(dir.path() / "pause.yaml", fixture);
  test::write_text(dir.path() / "record.yaml", R"(schema: pumprig.scenario/1
id: record-10min
title: Record 10 min at 25 ml/h
applies_to: [syringe, volumetric]
steps:
  - tare
  - set_pump: { rate: 25 ml/h }
  - start_pump
  - record: 10 min
  - stop_pump
analysis:
  accuracy:
    rate: 25 ml/h
    sample_interval: 30 s
    analysis_period: [5 min, 10 min]
    observation_windows: [2 min]
)");
  SessionOptions o;
  o.scenario_path = (dir.path() / "record.yaml").string();
  o.fixture_path = (dir.path() / "pause.yaml").string();
  o.out_dir = (dir.path() / "run").string();
  o.speed = 20;
  o.no_index = true;
  SlowOperatorRun run(o, dir.path() / "c.sock");
  test::ControlClient client(dir.path() / "c.sock");
  client.send({{"type", "hello"}, {"client", "supervisor"}});
  // Wait until the station records, then pause it.
  for (;;) {
    auto s = client.next_of("snapshot");
    BOOST_REQUIRE(s);
    if ((*s)["stations"][0]["step"].get<std::string>().rfind("record", 0) == 0) break;
  }
  // The command's reply and what it causes may come in either order.
  const auto both = [&](const std::string& a, const std::string& b) {
    std::map<std::string, json> got;
    while (!got.count(a) || !got.count(b)) {
      auto m = client.next(20000ms);
      if (!m) break;
      const std::string type = (*m)["type"];
      if ((type == a || type == b) && !got.count(type)) got[type] = *m;
    }
    return got;
  };
  client.send({{"type", "pause"}, {"station", "station-1"}});
  auto paused = both("ok", "prompt");
  BOOST_REQUIRE(paused.count("ok"));
  BOOST_REQUIRE(paused.count("prompt"));
  const json* ask = &paused["prompt"];
  BOOST_TEST((*ask)["action"] == "resume_after_fault");
  client.send({{"type", "pause"}});
  auto again = client.next_of("error");
  BOOST_REQUIRE(again);
  BOOST_TEST((*again)["message"].get<std::string>().find("paused already") != std::string::npos);
  client.send({{"type", "resume"}, {"station", "station-1"}});
  auto resumed = both("ok", "prompt_closed");
  BOOST_REQUIRE(resumed.count("ok"));
  BOOST_REQUIRE(resumed.count("prompt_closed"));
  const json* closed = &resumed["prompt_closed"];
  BOOST_TEST((*closed)["answered_by"].get<std::string>().find("supervisor") != std::string::npos);
  client.send({{"type", "abort"}, {"reason", "pause test done"}});
  const int exit_code = run.join().exit_code;
  const auto events = test::read_events(dir.path() / "run");
  BOOST_TEST(test::any_message_contains(events, "pause", "station paused: paused by supervisor"));
  BOOST_TEST(test::any_message_contains(events, "pause", "station resumes"));
  BOOST_TEST(exit_code == 3);
}

BOOST_AUTO_TEST_CASE(two_clients_at_once_and_one_that_never_reads_is_dropped) {
  test::TempDir dir;
  control::ChannelOptions co;
  co.path = dir.path() / "c.sock";
  co.snapshot_period = 10ms;
  co.max_queue_bytes = 64 * 1024;  // a reader that keeps up never comes near it
  control::ControlChannel channel(co);
  RunOptions o = test::options(kAccuracy, dir.path() / "run");
  // The two-station default bench: about half a megabyte of readings in 2 h, more than a socket
  // buffers (about 200 KiB) and the queue together.
  o.fixture_path.reset();
  o.speed = 1800;          // 2 h in 4 s of wall time: the drop comes well before the end
  o.channel = &channel;
  // Both connect before the loop runs, so they are there for the first reading.
  test::ControlClient lazy(co.path), reader_client(co.path);
  test::ControlClient* reader = &reader_client;
  o.before_start = [&](EventLoop&, sim::SimulatedBench*) {
    const auto until = std::chrono::steady_clock::now() + 10s;
    while (channel.client_count() < 2 && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(1ms);
  };
  std::ostringstream out, err;
  std::vector<json> seen;
  RunReport r;
  std::jthread run([&] { r = run_scenario(o, out, err); });
  // The reader reads everything until `finished`.
  for (;;) {
    auto m = reader->next(30000ms);
    if (!m) BOOST_TEST_MESSAGE("after " << seen.size() << " messages; err: " << err.str());
    BOOST_REQUIRE(m);
    if ((*m)["type"] == "dropped") BOOST_FAIL((*m)["message"].get<std::string>());
    seen.push_back(*m);
    if ((*m)["type"] == "finished") break;
  }
  run.join();
  channel.attach(nullptr);
  BOOST_TEST(r.exit_code == 0);
  const json& finished = seen.back();
  BOOST_TEST(finished["verdict"] == "PASS");
  BOOST_TEST(finished["exit_code"] == 0);
  BOOST_TEST(finished["tests"].size() >= 2u);
  // Every balance reading of station-1, from the first to the end of the 2 h record: the same
  // readings as the samples file (test time there, loop time here: t0 apart).
  std::vector<double> times, masses;
  for (const json& m : seen)
    if (m["type"] == "snapshot")
      for (const json& st : m["stations"])
        if (st["id"] == "station-1") {
          for (const json& t : st["readings"]["t_s"]) times.push_back(t);
          for (const json& g : st["readings"]["mass_g"]) masses.push_back(g);
        }
  const auto events = test::read_events(dir.path() / "run");
  const double t0 = test::t0_s(events);
  std::istringstream csv(test::read_text(dir.path() / "run" / "samples-station-1.csv"));
  std::string line;
  std::getline(csv, line);  // header
  std::size_t rows = 0;
  while (std::getline(csv, line)) {
    BOOST_REQUIRE(rows < times.size());
    const double t = std::stod(line.substr(0, line.find(',')));
    const double g = std::stod(line.substr(line.find(',') + 1));
    BOOST_TEST_REQUIRE(std::abs(times[rows] - t0 - t) < 1e-6);
    BOOST_TEST_REQUIRE(std::abs(masses[rows] - g) < 1e-9);
    ++rows;
  }
  BOOST_TEST(rows > 7200u);
  BOOST_TEST(times.size() == rows);
  // The lazy one is gone, and the record says so.
  BOOST_TEST(test::any_message_contains(events, "info", "control client dropped"));
  BOOST_TEST(test::any_message_contains(events, "info", "fell behind"));
}

BOOST_AUTO_TEST_CASE(a_client_that_never_reads_cannot_stall_a_virtual_time_run) {
  // Virtual time: the run does not wait for anything, least of all a client. It ends, with its
  // verdict, although the client has not read a byte.
  test::TempDir dir;
  RunOptions o = test::options(kAccuracy, dir.path() / "run");
  o.control_path = (dir.path() / "c.sock").string();
  std::unique_ptr<test::ControlClient> lazy;
  o.before_start = [&](EventLoop&, sim::SimulatedBench*) { lazy = std::make_unique<test::ControlClient>(dir.path() / "c.sock"); };
  std::ostringstream out, err;
  const RunReport r = run_scenario(o, out, err);
  BOOST_TEST(r.exit_code == 0);
  BOOST_REQUIRE(lazy);
  BOOST_TEST((r.verdict.outcome == OverallVerdict::pass));
}

BOOST_AUTO_TEST_CASE(speed_changes_a_paced_run_and_a_pause_follows_the_fault_policy) {
  test::TempDir dir;
  RunOptions o = test::options(kAccuracy, dir.path() / "run");
  o.control_path = (dir.path() / "c.sock").string();
  o.speed = 50;
  Background run(o);
  test::ControlClient client(dir.path() / "c.sock");
  BOOST_REQUIRE(client.next_of("snapshot"));
  const auto first = client.next_of("snapshot");
  client.send({{"type", "speed"}, {"speed", 5000}});
  auto ok = client.next_of("ok");
  BOOST_REQUIRE(ok);
  BOOST_TEST((*ok)["command"] == "speed");
  // 2 h at x50 would take 144 s; at x5000 it ends in a few.
  BOOST_REQUIRE(client.next_of("finished", 60000ms));
  BOOST_TEST(run.join().exit_code == 0);
  (void)first;

  // A pause where the fixture's policy is abort is refused, saying why.
  RunOptions v = test::options(kAccuracy, dir.path() / "run2");
  v.control_path = (dir.path() / "d.sock").string();
  v.speed = 100;
  Background second(v);
  test::ControlClient c2(dir.path() / "d.sock");
  BOOST_REQUIRE(c2.next_of("snapshot"));
  c2.send({{"type", "pause"}});
  auto no = c2.next_of("error");
  BOOST_REQUIRE(no);
  BOOST_TEST((*no)["message"].get<std::string>().find("fault policy is abort") != std::string::npos);
  c2.send({{"type", "abort"}, {"reason", "done with this test"}});
  BOOST_TEST(second.join().exit_code == 3);
}

BOOST_AUTO_TEST_CASE(a_socket_path_too_long_is_a_usage_error_before_anything_moves) {
  test::TempDir dir;
  RunOptions o = test::options(kAccuracy, dir.path() / "run");
  o.control_path = "/tmp/" + std::string(110, 'x') + ".sock";
  std::ostringstream out, err;
  const RunReport r = run_scenario(o, out, err);
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(err.str().find("at most 107") != std::string::npos);
  BOOST_TEST(!std::filesystem::exists(dir.path() / "run"));
}

BOOST_AUTO_TEST_SUITE_END()
