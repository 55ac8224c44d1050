// The step objects (rig/runner/steps/) on a fake host, without a station: a step ends the way
// its kind says, reacts to what the station sees only while it is current, and an abandoned step
// leaves no timer behind (a stray timer would move virtual time and the end of the run).
#include <boost/test/unit_test.hpp>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "rig/config/fixture.hpp"
#include "rig/runner/station_step.hpp"
#include "tests/runner/fake_devices.hpp"

using namespace pumprig;
using namespace pumprig::test;

namespace {

// A StepHost that records what the step did; the devices are the fakes of fake_devices.hpp.
struct FakeHost final : StepHost {
  EventLoop loop_{std::make_unique<VirtualClock>()};
  FakeWorld world{loop_};
  Fixture fixture = load_fixture_or_default(std::nullopt);
  FakeBalance balance_{world};
  FakePump pump_{world};
  FakeIoBoard io_{world};
  SafetySupervisor safety_{fixture.stations.at(0), balance_, pump_, &io_, SafetySupervisor::Host{}};
  StepScope scope_;
  LiveStationState live_;
  bool alarm = false;
  int done = 0;
  std::vector<std::string> failures;
  std::vector<RigEvent> events;
  std::vector<Marker> marks;

  const std::string& station_id() const override { return fixture.stations.at(0).id; }
  const StationConfig& station_config() const override { return fixture.stations.at(0); }
  EventLoop& loop() override { return loop_; }
  Balance& balance() override { return balance_; }
  Pump& pump() override { return pump_; }
  IoBoard* io_board() override { return &io_; }
  SafetySupervisor& safety() override { return safety_; }
  const StepScope& scope() const override { return scope_; }
  void event(EventKind kind, std::string message, nlohmann::json data) override {
    events.push_back(RigEvent{loop_.now(), kind, station_id(), std::move(message), std::move(data)});
  }
  void ask_operator(OperatorPrompt, std::function<void()> then) override { then(); }
  nlohmann::json mark(Marker m) override {
    marks.push_back(m);
    return nlohmann::json::object();
  }
  void step_done() override {
    scope_.end();
    ++done;
  }
  void step_failed(const std::string& why) override {
    scope_.end();
    failures.push_back(why);
  }
  void start_pump(std::function<void()> then, std::optional<double>) override { then(); }
  void stop_pump(std::function<void()> then) override { then(); }
  const LiveStationState& live() const override { return live_; }
  bool alarm_active() const override { return alarm; }
  bool lost(const std::string&) const override { return false; }
  double test_time_s() const override { return to_seconds(loop_.now()); }

  void run_for(Nanos d) { loop_.run_until(loop_.now() + d); }
};

Step step_of(StepKind kind) {
  Step s;
  s.kind = kind;
  return s;
}

BalanceReading reading_at(Nanos t, double mass_g) {
  BalanceReading r;
  r.t_ns = t;
  r.mass_g = mass_g;
  r.stable = true;
  return r;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(station_steps)

BOOST_AUTO_TEST_CASE(a_record_step_lasts_until_the_first_reading_at_or_after_its_end) {
  FakeHost host;
  Step s = step_of(StepKind::record);
  s.duration_s = 60;
  auto step = make_station_step(s);
  BOOST_TEST(step->describe() == "record 1 min");
  step->run(host);
  host.run_for(seconds(60));
  step->on_reading(host, reading_at(seconds(59), 1.0));  // before the end: not yet
  host.run_for(milliseconds(1));
  BOOST_TEST(host.done == 0);
  step->on_reading(host, reading_at(seconds(60) + milliseconds(400), 1.0));
  host.run_for(milliseconds(1));
  BOOST_TEST(host.done == 1);
  BOOST_TEST(host.loop_.pending_timers() == 0u);  // the grace timer went with it
}

BOOST_AUTO_TEST_CASE(a_record_step_without_a_reading_after_its_end_says_so_and_ends) {
  FakeHost host;
  Step s = step_of(StepKind::record);
  s.duration_s = 10;
  auto step = make_station_step(s);
  step->run(host);
  host.run_for(seconds(30));
  BOOST_TEST(host.done == 1);
  BOOST_REQUIRE_EQUAL(host.events.size(), 1u);
  BOOST_TEST(host.events[0].message == "no balance reading after the end of the record step");
}

// A streaming balance (reading_interval: stream) sends at its own update rate, down to 1/s: the
// record step waits for the first line after its end even when the reply timeout is short.
BOOST_AUTO_TEST_CASE(a_record_step_on_a_slow_stream_waits_for_its_next_line) {
  FakeHost host;
  host.fixture.stations.at(0).balance.reading_interval_s = 0.0;
  host.fixture.stations.at(0).balance.reply_timeout_s = 0.1;
  Step s = step_of(StepKind::record);
  s.duration_s = 10;
  auto step = make_station_step(s);
  step->run(host);
  host.run_for(seconds(10) + milliseconds(1200));
  BOOST_TEST(host.done == 0);
  step->on_reading(host, reading_at(seconds(10) + milliseconds(1200), 1.0));  // a 1/s stream's next line
  host.run_for(milliseconds(1));
  BOOST_TEST(host.done == 1);
  BOOST_TEST(host.events.empty());

  // Without any line the step still ends, three periods of the slowest stream and the timeout later.
  FakeHost silent;
  silent.fixture.stations.at(0).balance.reading_interval_s = 0.0;
  silent.fixture.stations.at(0).balance.reply_timeout_s = 0.1;
  auto quiet = make_station_step(s);
  quiet->run(silent);
  silent.run_for(seconds(13) + milliseconds(99));
  BOOST_TEST(silent.done == 0);
  silent.run_for(milliseconds(2));
  BOOST_TEST(silent.done == 1);
  BOOST_REQUIRE_EQUAL(silent.events.size(), 1u);
  BOOST_TEST(silent.events[0].message == "no balance reading after the end of the record step");
}

BOOST_AUTO_TEST_CASE(an_abandoned_step_leaves_no_timer_and_ignores_what_comes_later) {
  for (StepKind kind : {StepKind::record, StepKind::wait, StepKind::wait_until, StepKind::collect}) {
    BOOST_TEST_CONTEXT(to_string(kind)) {
      FakeHost host;
      Step s = step_of(kind);
      s.duration_s = 60;
      s.timeout_s = 60;
      s.condition = WaitCondition{WaitKind::pump_alarm, 0};
      s.until_pressure_below_mmhg = 10.0;
      auto step = make_station_step(s);
      step->run(host);
      BOOST_TEST(host.loop_.pending_timers() == 1u);
      host.run_for(seconds(1));
      host.scope_.end();  // what the station does on a pause or the teardown
      step->abandon(host);
      BOOST_TEST(host.loop_.pending_timers() == 0u);
      host.alarm = true;
      step->on_alarm(host);
      step->on_reading(host, reading_at(seconds(70), 1.0));
      IoReading low;
      low.pressure_mmhg = 1.0;
      step->on_io_reading(host, low);
      BOOST_TEST(!step->expects_alarm());
      host.run_for(seconds(120));
      BOOST_TEST(host.done == 0);
      BOOST_TEST(host.failures.empty());
    }
  }
}

BOOST_AUTO_TEST_CASE(a_wait_for_an_alarm_expects_it_and_ends_when_it_comes) {
  FakeHost host;
  Step s = step_of(StepKind::wait_until);
  s.timeout_s = 600;
  s.condition = WaitCondition{WaitKind::pump_alarm, 0};
  auto step = make_station_step(s);
  BOOST_TEST(!step->expects_alarm());  // not before it runs
  step->run(host);
  BOOST_TEST(step->expects_alarm());
  host.run_for(seconds(30));
  host.alarm = true;
  step->on_alarm(host);
  BOOST_TEST(!step->expects_alarm());  // met: a second alarm is not this step's
  host.run_for(milliseconds(1));
  BOOST_TEST(host.done == 1);
  BOOST_TEST(host.loop_.pending_timers() == 0u);
}

BOOST_AUTO_TEST_CASE(a_wait_that_times_out_fails_the_step_naming_the_condition) {
  FakeHost host;
  Step s = step_of(StepKind::wait_until);
  s.timeout_s = 60;
  s.condition = WaitCondition{WaitKind::pressure_above, 300};
  auto step = make_station_step(s);
  step->run(host);
  host.run_for(seconds(61));
  BOOST_REQUIRE_EQUAL(host.failures.size(), 1u);
  BOOST_TEST(host.failures[0] == "the pressure exceeds 300 mmHg did not happen within 1 min");
}

BOOST_AUTO_TEST_CASE(a_collection_ends_on_the_pressure_then_settles_and_marks_its_end) {
  FakeHost host;
  Step s = step_of(StepKind::collect);
  s.duration_s = 600;
  s.until_pressure_below_mmhg = 5.0;
  s.settle_s = 30;
  auto step = make_station_step(s);
  step->run(host);
  host.run_for(seconds(20));
  IoReading r;
  r.pressure_mmhg = 4.0;
  step->on_io_reading(host, r);
  host.run_for(seconds(29));
  BOOST_TEST(host.done == 0);  // still settling
  host.run_for(seconds(2));
  BOOST_TEST(host.done == 1);
  BOOST_REQUIRE_EQUAL(host.marks.size(), 1u);
  BOOST_TEST((host.marks[0] == Marker::collect_end));
  BOOST_TEST(host.events.back().data.at("criterion").get<std::string>() == "pressure below 5 mmHg, then 30 s to settle");
  BOOST_TEST(host.loop_.pending_timers() == 0u);
}

BOOST_AUTO_TEST_CASE(every_kind_of_step_has_an_object_that_describes_it) {
  for (std::size_t k = 0; k < step_kind_names().size(); ++k) {
    Step s = step_of(static_cast<StepKind>(k));
    s.condition = WaitCondition{};
    s.duration_s = 5;
    auto step = make_station_step(s);
    BOOST_REQUIRE(step);
    BOOST_TEST(!step->describe().empty(), step_kind_names()[k]);
  }
}

BOOST_AUTO_TEST_SUITE_END()
