#include <boost/test/unit_test.hpp>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "hardware/sim/mtsics_sim.hpp"
#include "rig/drivers/mtsics/mtsics_parser.hpp"
#include "rig/link/sim_link.hpp"
#include "tests/mtsics/sim_bench.hpp"

using namespace pumprig;
using pumprig::sim::SimBalanceIdentity;
using pumprig::sim::SimMtsicsBalance;
using pumprig::sim::SimMtsicsOptions;

namespace {

using Bench = test::SimBalanceBench;
using test::count_of;

}  // namespace

BOOST_AUTO_TEST_SUITE(mtsics_simulator)

BOOST_AUTO_TEST_CASE(identification_replies_are_byte_exact) {
  Bench b;
  BOOST_TEST(b.ask("@\r\n") == "I4 A \"SIM-B0001\"\r\n");
  BOOST_TEST(b.ask("I2\r\n") == "I2 A \"XPR205 220.0000 g\"\r\n");
  BOOST_TEST(b.ask("I3\r\n") == "I3 A \"1.0.0-sim\"\r\n");
  BOOST_TEST(b.ask("I4\r\n") == "I4 A \"SIM-B0001\"\r\n");

  Bench other({}, SimBalanceIdentity{"XS6002S", "SIM-B0042", "2.1"});
  other.physics.view.decimals = 2;
  other.physics.capacity = 6100.0;
  BOOST_TEST(other.ask("@\r\n") == "I4 A \"SIM-B0042\"\r\n");
  BOOST_TEST(other.ask("I2\r\n") == "I2 A \"XS6002S 6100.00 g\"\r\n");
}

BOOST_AUTO_TEST_CASE(serial_numbers_must_say_simulated) {
  test::FakeBalancePhysics physics;
  EventLoop loop(std::make_unique<VirtualClock>());
  auto pair = make_sim_link_pair(loop, SerialSettings{}, "b");
  BOOST_CHECK_THROW(SimMtsicsBalance(loop, *pair.instrument, physics, SimBalanceIdentity{"XPR205", "B123456", "1"}),
                    std::invalid_argument);
  SimMtsicsOptions bad;
  bad.unit = "lb";
  BOOST_CHECK_THROW(SimMtsicsBalance(loop, *pair.instrument, physics, {}, bad), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(weight_is_right_justified_in_a_ten_character_field) {
  Bench b;
  const std::string stable = b.ask("SI\r\n");
  BOOST_TEST(stable == "S S    12.3456 g\r\n");
  BOOST_TEST(stable.substr(4, 10) == "   12.3456");  // ID, space, status, space, 10 characters
  BOOST_TEST(stable.substr(14) == " g\r\n");

  b.physics.set(-0.5, false);
  BOOST_TEST(b.ask("SI\r\n") == "S D    -0.5000 g\r\n");
  b.physics.set(1234.56789);
  b.physics.view.decimals = 5;
  BOOST_TEST(b.ask("SI\r\n") == "S S 1234.56789 g\r\n");  // fills the field exactly
  b.physics.set(0.1);
  b.physics.view.decimals = 2;
  BOOST_TEST(b.ask("SI\r\n") == "S S       0.10 g\r\n");
  b.physics.set(-0.00004);  // rounds to zero: shown as 0, not -0
  b.physics.view.decimals = 4;
  BOOST_TEST(b.ask("SI\r\n") == "S S     0.0000 g\r\n");
  b.physics.set(123.45678);  // rounded to the balance's resolution
  BOOST_TEST(b.ask("SI\r\n") == "S S   123.4568 g\r\n");
}

BOOST_AUTO_TEST_CASE(other_display_units) {
  SimMtsicsOptions mg;
  mg.unit = "mg";
  Bench b(mg);
  BOOST_TEST(b.ask("SI\r\n") == "S S    12345.6 mg\r\n");
  SimMtsicsOptions kg;
  kg.unit = "kg";
  Bench c(kg);
  BOOST_TEST(c.ask("SI\r\n") == "S S  0.0123456 kg\r\n");
}

BOOST_AUTO_TEST_CASE(reply_comes_after_processing_latency_plus_wire_time) {
  Bench b;
  const Nanos t0 = b.loop.now();
  const std::string reply = b.ask("SI\r\n");
  BOOST_TEST_REQUIRE(b.arrivals.size() == 1u);
  // 4 request bytes on the wire, 20 ms processing, then the reply's own bytes.
  BOOST_TEST(b.arrivals[0] - t0 == 4 * b.bt() + milliseconds(20) + static_cast<Nanos>(reply.size()) * b.bt());

  b.balance->set_reply_latency(milliseconds(150));
  const Nanos t1 = b.loop.now();
  b.ask("SI\r\n");
  BOOST_TEST(b.arrivals[0] - t1 == 4 * b.bt() + milliseconds(150) + static_cast<Nanos>(reply.size()) * b.bt());
}

BOOST_AUTO_TEST_CASE(overload_and_underload) {
  Bench b;
  b.physics.view.overload = true;
  BOOST_TEST(b.ask("SI\r\n") == "S +\r\n");
  BOOST_TEST(b.ask("S\r\n") == "S +\r\n");
  BOOST_TEST(b.ask("Z\r\n") == "Z +\r\n");
  BOOST_TEST(b.ask("ZI\r\n") == "ZI +\r\n");
  BOOST_TEST(b.ask("T\r\n") == "T +\r\n");
  BOOST_TEST(b.ask("TI\r\n") == "TI +\r\n");
  b.physics.view.overload = false;
  b.physics.view.underload = true;
  BOOST_TEST(b.ask("SI\r\n") == "S -\r\n");
  BOOST_TEST(b.ask("T\r\n") == "T -\r\n");
  BOOST_TEST(b.ask("Z\r\n") == "Z -\r\n");
  BOOST_TEST(b.balance->tare_g() == 0.0);  // nothing was tared or zeroed
  BOOST_TEST(b.balance->zero_offset_g() == 0.0);
}

BOOST_AUTO_TEST_CASE(stable_weight_waits_for_stability_on_the_loop) {
  Bench b;
  b.physics.script = [](Nanos t) {
    return sim::BalanceView{20.0, 4, t >= seconds(2), false, false};
  };
  const Nanos t0 = b.loop.now();
  BOOST_TEST(b.ask("S\r\n", seconds(4)) == "S S    20.0000 g\r\n");
  BOOST_TEST_REQUIRE(b.arrivals.size() == 1u);
  // Answered at the first stability check at or after 2 s (checks every 50 ms), plus wire time.
  BOOST_TEST(b.arrivals[0] >= t0 + seconds(2));
  BOOST_TEST(b.arrivals[0] <= t0 + seconds(2) + milliseconds(50) + 30 * b.bt());
  BOOST_TEST(!b.physics.went_backwards);

  // Never stable: "S I" after the 5 s stability timeout.
  b.physics.script = [](Nanos) { return sim::BalanceView{20.0, 4, false, false, false}; };
  const Nanos t1 = b.loop.now();
  BOOST_TEST(b.ask("S\r\n", seconds(4)).empty());
  BOOST_TEST(b.ask("", seconds(2)) == "S I\r\n");
  BOOST_TEST(b.arrivals[0] - t1 == 3 * b.bt() + milliseconds(20) + seconds(5) + 5 * b.bt());
}

BOOST_AUTO_TEST_CASE(commands_queue_behind_a_waiting_one_in_order) {
  Bench b;
  b.physics.script = [](Nanos t) { return sim::BalanceView{5.0, 4, t >= seconds(1), false, false}; };
  const std::string replies = b.ask("S\r\nSI\r\nI4\r\n", seconds(2));
  BOOST_TEST(replies == "S S     5.0000 g\r\nS S     5.0000 g\r\nI4 A \"SIM-B0001\"\r\n");
  BOOST_TEST(b.balance->count("S") == 1u);
  BOOST_TEST(b.balance->count("SI") == 1u);
}

BOOST_AUTO_TEST_CASE(zero_and_tare_apply_to_the_displayed_net_weight) {
  Bench b;
  b.physics.set(5.0);
  BOOST_TEST(b.ask("Z\r\n") == "Z A\r\n");
  BOOST_TEST(b.ask("SI\r\n") == "S S     0.0000 g\r\n");
  b.physics.set(7.5);
  BOOST_TEST(b.ask("SI\r\n") == "S S     2.5000 g\r\n");
  BOOST_TEST(b.ask("T\r\n") == "T S     2.5000 g\r\n");
  BOOST_TEST(b.ask("SI\r\n") == "S S     0.0000 g\r\n");
  b.physics.set(9.0);
  BOOST_TEST(b.ask("SI\r\n") == "S S     1.5000 g\r\n");
  BOOST_TEST(b.ask("TA\r\n") == "TA A     2.5000 g\r\n");
  // @ cancels everything but keeps the tare memory.
  BOOST_TEST(b.ask("@\r\n") == "I4 A \"SIM-B0001\"\r\n");
  BOOST_TEST(b.ask("TA\r\n") == "TA A     2.5000 g\r\n");
  BOOST_TEST(b.ask("TAC\r\n") == "TAC A\r\n");
  BOOST_TEST(b.ask("SI\r\n") == "S S     4.0000 g\r\n");
  // Immediate variants report stability; a new zero clears the tare.
  b.physics.set(10.0, false);
  BOOST_TEST(b.ask("TI\r\n") == "TI D     5.0000 g\r\n");
  BOOST_TEST(b.ask("ZI\r\n") == "ZI D\r\n");
  BOOST_TEST(b.ask("TA\r\n") == "TA A     0.0000 g\r\n");
  BOOST_TEST(b.balance->zero_offset_g() == 10.0);
  b.physics.set(11.0, true);
  BOOST_TEST(b.ask("ZI\r\n") == "ZI S\r\n");
  BOOST_TEST(b.ask("TI\r\n") == "TI S     0.0000 g\r\n");
}

BOOST_AUTO_TEST_CASE(tare_waits_for_stability_like_s) {
  Bench b;
  b.physics.script = [](Nanos t) { return sim::BalanceView{t < seconds(1) ? 3.0 : 3.25, 4, t >= seconds(1), false, false}; };
  BOOST_TEST(b.ask("T\r\n", seconds(2)) == "T S     3.2500 g\r\n");
  BOOST_TEST(b.balance->tare_g() == 3.25);
}

BOOST_AUTO_TEST_CASE(sir_streams_at_its_rate_until_reset_or_cancel) {
  Bench b;
  const Nanos t0 = b.loop.now();
  const std::string stream = b.ask("SIR\r\n", seconds(1));
  BOOST_TEST(count_of(stream, "S S    12.3456 g\r\n") == 5u);  // first at 20 ms, then every 200 ms
  BOOST_TEST(stream.size() == 5 * 18u);
  BOOST_TEST_REQUIRE(b.arrivals.size() == 5u);
  BOOST_TEST(b.arrivals[0] - t0 == 5 * b.bt() + milliseconds(20) + 18 * b.bt());
  for (std::size_t i = 1; i < b.arrivals.size(); ++i) BOOST_TEST(b.arrivals[i] - b.arrivals[i - 1] == milliseconds(200));
  BOOST_TEST(b.balance->streaming());

  // @ ends the stream: after its reply nothing more comes.
  const std::string reset = b.ask("@\r\n", milliseconds(100));
  BOOST_TEST(reset.substr(reset.size() - 18) == "I4 A \"SIM-B0001\"\r\n");
  BOOST_TEST(!b.balance->streaming());
  BOOST_TEST(b.ask("", seconds(2)).empty());

  // C ends it too: C B then C A.
  b.ask("SIR\r\n", milliseconds(500));
  const std::string cancel = b.ask("C\r\n", milliseconds(100));
  BOOST_TEST(cancel.substr(cancel.size() - 10) == "C B\r\nC A\r\n");
  BOOST_TEST(b.ask("", seconds(2)).empty());

  SimMtsicsOptions fast;
  fast.update_rate_hz = 10.0;
  Bench c(fast);
  BOOST_TEST(count_of(c.ask("SIR\r\n", seconds(2)), "\r\n") == 20u);
}

BOOST_AUTO_TEST_CASE(other_commands_are_answered_while_streaming) {
  Bench b;
  const std::string out = b.ask("SIR\r\nTA\r\n", milliseconds(300));
  BOOST_TEST(out.find("TA A     0.0000 g\r\n") != std::string::npos);
  BOOST_TEST(count_of(out, "S S") == 2u);
}

BOOST_AUTO_TEST_CASE(reset_and_cancel_abort_a_waiting_command) {
  Bench b;
  b.physics.set(1.0, false);
  BOOST_TEST(b.ask("S\r\n@\r\n", seconds(6)) == "I4 A \"SIM-B0001\"\r\n");  // the S is never answered
  BOOST_TEST(b.ask("T\r\n", milliseconds(100)).empty());  // T is waiting for stability
  BOOST_TEST(b.ask("C\r\n", seconds(6)) == "T I\r\nC B\r\nC A\r\n");
  BOOST_TEST(b.balance->tare_g() == 0.0);

  SimMtsicsOptions no_cancel;
  no_cancel.supports_cancel = false;
  Bench c(no_cancel);
  BOOST_TEST(c.ask("C\r\n") == "ES\r\n");
}

BOOST_AUTO_TEST_CASE(unknown_long_and_damaged_commands) {
  Bench b;
  BOOST_TEST(b.ask("XYZ\r\n") == "ES\r\n");
  BOOST_TEST(b.ask("si\r\n") == "ES\r\n");   // commands are upper case
  BOOST_TEST(b.ask("SI 5\r\n") == "ES\r\n");  // no parameters here
  BOOST_TEST(b.ask(std::string(100, 'S') + "\r\n") == "ES\r\n");
  BOOST_TEST(b.ask(std::string("S\x01I\r\n")) == "ET\r\n");  // a control byte: a transmission fault
  BOOST_TEST(b.ask("S\rI\r\n") == "ET\r\n");
  BOOST_TEST(b.ask("\r\n").empty());  // an empty line is not a command
  BOOST_TEST(b.ask("SI\n") == "S S    12.3456 g\r\n");  // a bare LF still ends the line
  // Split across writes: the command is assembled.
  b.received.clear();
  b.pair.host->write(std::string("S"));
  b.loop.run_until(b.loop.now() + milliseconds(50));
  b.pair.host->write(std::string("I\r"));
  b.loop.run_until(b.loop.now() + milliseconds(50));
  BOOST_TEST(b.ask("\n") == "S S    12.3456 g\r\n");
}

BOOST_AUTO_TEST_CASE(fault_injection_hooks) {
  Bench b;
  b.balance->set_silent(true);
  BOOST_TEST(b.ask("SI\r\n").empty());
  BOOST_TEST(b.ask("@\r\n").empty());
  b.balance->set_silent(false);
  BOOST_TEST(b.ask("SI\r\n") == "S S    12.3456 g\r\n");

  b.balance->inject_garbage_next_reply();
  const std::string garbage = b.ask("SI\r\n");
  BOOST_TEST_REQUIRE(garbage.size() == 18u);
  BOOST_TEST(garbage.substr(16) == "\r\n");
  for (std::size_t i = 0; i < 16; ++i) BOOST_TEST((static_cast<unsigned char>(garbage[i]) & 0x80) != 0);
  BOOST_TEST(to_string(parse_mtsics_line(garbage.substr(0, 16)).kind) == "malformed");
  BOOST_TEST(b.ask("SI\r\n") == "S S    12.3456 g\r\n");  // only the next reply

  b.balance->inject_next_reply("EL");
  BOOST_TEST(b.ask("T\r\n") == "EL\r\n");
  b.balance->inject_next_reply("S S Error 3t");
  BOOST_TEST(b.ask("SI\r\n") == "S S Error 3t\r\n");

  b.balance->set_busy(true);
  BOOST_TEST(b.ask("SI\r\n") == "S I\r\n");
  BOOST_TEST(b.ask("T\r\n") == "T I\r\n");
  BOOST_TEST(b.ask("I4\r\n") == "I4 A \"SIM-B0001\"\r\n");
  b.balance->set_busy(false);
  BOOST_TEST(b.balance->commands_received() == 10u);
}

BOOST_AUTO_TEST_CASE(destroying_the_simulator_mid_command_is_safe) {
  Bench b;
  b.physics.set(1.0, false);
  b.ask("S\r\nSIR\r\n", milliseconds(10));
  b.balance.reset();
  b.loop.run_until(b.loop.now() + seconds(10));
  BOOST_TEST(b.received.empty());
}

BOOST_AUTO_TEST_SUITE_END()
