// The manual pump as a Pump: the operator is its wire, the balance its status line.
#include <boost/test/unit_test.hpp>

#include <functional>
#include <string>
#include <vector>

#include "rig/runner/manual_pump.hpp"

using namespace pumprig;

namespace {

struct Rig {
  EventLoop loop{std::make_unique<VirtualClock>()};
  PumpConfig config;
  struct Asked {
    OperatorPrompt prompt;
    std::function<void(const OperatorAnswer&)> answer;
  };
  std::vector<Asked> asked;
  std::vector<std::string> events;
  std::unique_ptr<ManualPump> pump;
  double mass_g = 0;
  double flow_g_s = 0;  // what the (imagined) pump puts on the balance
  std::vector<std::string> results;
  std::vector<std::pair<Nanos, std::string>> faults;
  std::vector<Nanos> result_times;
  Nanos readings_until = seconds(400);

  Rig() {
    config.name = "pump-1";
    config.min_rate_ml_h = 0.1;
    config.dut.serial = "SN-1";
    ManualPump::Host host;
    host.station = "station-1";
    host.ask = [this](const OperatorPrompt& p, std::function<void(const OperatorAnswer&)> a) { asked.push_back({p, std::move(a)}); };
    host.event = [this](EventKind, std::string m, nlohmann::json) { events.push_back(std::move(m)); };
    host.test_time_s = [](Nanos t) { return to_seconds(t); };
    host.fault = [this](std::string what) { faults.emplace_back(loop.now(), std::move(what)); };
    pump = std::make_unique<ManualPump>(loop, config, 1.0, std::move(host));
    pump->connect([](Outcome<InstrumentIdentity>) {});
    // A reading every second.
    tick();
  }
  void tick() {
    loop.schedule_after(seconds(1), [this] {
      mass_g += flow_g_s;
      pump->on_reading(BalanceReading{loop.now(), mass_g, true});
      if (loop.now() < readings_until) tick();
    });
  }
  std::function<void(Outcome<Unit>)> note(std::string what) {
    return [this, what](Outcome<Unit> r) {
      results.push_back(what + ": " + (r ? std::string("ok") : r.error().what()));
      result_times.push_back(loop.now());
    };
  }
  void answer(std::size_t i, bool yes, Nanos at) {
    loop.schedule_at(at, [this, i, yes] { asked.at(i).answer(OperatorAnswer{yes, "", "test"}); });
  }
  void run_until(Nanos t) {
    loop.schedule_at(t, [this] { loop.stop(); });
    loop.run();
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(manual_pump)

BOOST_AUTO_TEST_CASE(identity_comes_from_the_fixture_and_a_pump_never_started_asks_nobody) {
  Rig r;
  InstrumentIdentity id;
  r.pump->connect([&](Outcome<InstrumentIdentity> o) { id = *o; });
  BOOST_TEST(id.serial == "SN-1");
  BOOST_TEST(id.protocol == "operator (front panel)");
  BOOST_TEST(r.pump->state() == DeviceState::configured);
  r.pump->stop(r.note("stop"));
  BOOST_TEST(r.asked.empty());
  BOOST_TEST(r.results == (std::vector<std::string>{"stop: ok"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_start_is_done_when_the_operator_confirms_and_the_balance_then_shows_the_flow) {
  Rig r;
  r.pump->program(PumpProgram{36.0, std::nullopt, std::nullopt}, r.note("program"));
  BOOST_REQUIRE(r.asked.size() == 1u);
  BOOST_TEST(r.asked[0].prompt.action == "set_rate");
  BOOST_TEST(r.asked[0].prompt.rate_ml_h == 36.0);
  r.answer(0, true, seconds(2));
  r.run_until(seconds(3));
  r.pump->start(r.note("start"));
  BOOST_REQUIRE(r.asked.size() == 2u);
  BOOST_TEST(r.asked[1].prompt.text ==
             "Press start on the pump and confirm at the moment you press it (that is the test's t = 0)");
  BOOST_TEST(r.pump->state() == DeviceState::active);
  r.answer(1, true, seconds(10));
  r.loop.schedule_at(seconds(40), [&] { r.flow_g_s = 0.01; });  // 36 ml/h, after 30 s of slack
  r.run_until(seconds(100));
  BOOST_TEST(r.results == (std::vector<std::string>{"program: ok", "start: ok"}), boost::test_tools::per_element());
  BOOST_TEST(r.result_times.at(1) == seconds(10));  // t = 0 is the operator's start, not the flow
  BOOST_REQUIRE(!r.events.empty());
  // 25 % of 30 s at 36 ml/h is 75 mg: 8 readings of 10 mg, from the one at 40 s.
  BOOST_TEST(r.events.back() == "balance confirms the flow started at t = 47.0 s (37.0 s after the operator's start)");
  BOOST_TEST(r.faults.empty());
}

BOOST_AUTO_TEST_CASE(a_slow_start_within_the_default_allowance_is_no_fault) {
  Rig r;
  r.readings_until = seconds(1200);
  r.pump->program(PumpProgram{1.0, std::nullopt, std::nullopt}, r.note("program"));
  r.answer(0, true, seconds(1));
  r.run_until(seconds(2));
  // 15 min, plus 7.5 s for 1 ml/h to put its 2.08 mg threshold on the balance.
  BOOST_TEST(r.pump->flow_threshold_g() == 1.0 / 3600.0 * 30.0 * 0.25, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(r.pump->flow_deadline() == seconds(15 * 60) + milliseconds(7500));
  r.pump->start(r.note("start"));
  r.answer(1, true, seconds(10));
  r.loop.schedule_at(seconds(10 + 450), [&] { r.flow_g_s = 1.0 / 3600.0; });  // 7.5 min of slack
  r.run_until(seconds(1100));
  BOOST_TEST(r.faults.empty());
  BOOST_TEST(r.events.back().find("balance confirms the flow started at t = 4") == 0u);
}

BOOST_AUTO_TEST_CASE(no_flow_within_the_allowance_is_a_fault_after_the_start) {
  Rig r;
  r.pump->set_startup_allowance(seconds(60));
  r.pump->start(r.note("start"));
  r.answer(0, true, seconds(1));
  r.run_until(seconds(200));
  BOOST_TEST(r.results == (std::vector<std::string>{"start: ok"}), boost::test_tools::per_element());
  BOOST_REQUIRE(r.faults.size() == 1u);
  // Allowance 60 s, plus 36 s for the minimum rate (0.1 ml/h) to put 1 mg on the balance.
  BOOST_TEST(r.faults[0].first == seconds(1 + 96));
  BOOST_TEST(r.faults[0].second ==
             "pump-1: no flow on the balance within 1 min 36 s of the operator starting the pump (start-up allowance 1 min, "
             "plus 36 s for 0.1 ml/h to put 1.0 mg on the balance): check that the pump runs and the line is open");
}

BOOST_AUTO_TEST_CASE(a_stop_ends_the_start_check) {
  Rig r;
  r.pump->set_startup_allowance(seconds(60));
  r.pump->start(r.note("start"));
  r.answer(0, true, seconds(1));
  r.run_until(seconds(30));
  r.pump->stop(r.note("stop"));
  r.answer(1, true, seconds(31));
  r.run_until(seconds(300));
  BOOST_TEST(r.faults.empty());  // stopped before the check ran out: nothing to report
  BOOST_TEST(r.results.back() == "stop: ok");
}

BOOST_AUTO_TEST_CASE(a_stop_supersedes_a_start_and_a_stop_still_unanswered_is_asked_again) {
  Rig r;
  r.pump->start(r.note("start"));
  r.pump->stop(r.note("stop 1"));  // a pause while the start prompt is open
  BOOST_TEST(r.results == (std::vector<std::string>{"start: pump-1: superseded by a stop"}), boost::test_tools::per_element());
  r.pump->stop(r.note("stop 2"));  // the teardown: the first stop prompt was never answered
  BOOST_REQUIRE(r.asked.size() == 3u);
  BOOST_TEST(r.asked[2].prompt.text == "Press stop on the pump");
  r.answer(0, true, seconds(1));  // the old start prompt answered late: ignored
  r.answer(1, true, seconds(2));  // the old stop prompt answered late: ignored
  r.answer(2, true, seconds(3));
  r.run_until(seconds(100));
  BOOST_TEST(r.results == (std::vector<std::string>{"start: pump-1: superseded by a stop", "stop 1: ok", "stop 2: ok"}),
             boost::test_tools::per_element());
  BOOST_TEST(r.pump->state() == DeviceState::configured);
  r.pump->stop(r.note("stop 3"));  // confirmed stopped: nothing more to ask
  BOOST_TEST(r.asked.size() == 3u);
}

BOOST_AUTO_TEST_CASE(a_declined_stop_still_asks_the_balance_and_says_what_it_showed) {
  Rig r;
  r.flow_g_s = 0.01;
  r.pump->start(r.note("start"));
  r.answer(0, true, seconds(1));
  r.run_until(seconds(60));
  r.pump->stop(r.note("stop"));
  r.answer(1, false, seconds(61));
  r.run_until(seconds(300));
  BOOST_REQUIRE(r.results.size() == 2u);
  BOOST_TEST(r.results[1] == "stop: pump-1: the operator declined; the balance then still showed flow: check the pump by hand");
  // Still possibly running: the next stop asks again.
  r.pump->stop(r.note("stop again"));
  BOOST_TEST(r.asked.size() == 3u);
}

BOOST_AUTO_TEST_SUITE_END()
