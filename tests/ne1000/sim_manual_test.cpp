// The simulated NE-1000 against the points of its user manual (RS-232 protocol section) that
// clients written against real pumps rely on: bytes in, bytes out.
#include <boost/test/unit_test.hpp>

#include <regex>
#include <string>

#include "hardware/sim/ne1000_request.hpp"
#include "rig/drivers/ne1000/crc16_xmodem.hpp"
#include "tests/ne1000/print.hpp"
#include "tests/ne1000/sim_frames.hpp"
#include "tests/ne1000/sim_bench.hpp"

using namespace pumprig;
using pumprig::test::SimBench;

namespace {

const auto basic = test::basic_frame;
const auto safe = test::safe_frame;


// The data of a basic reply ("\x02" "00S" data "\x03").
std::string data_of(const std::string& reply) {
  BOOST_REQUIRE(reply.size() >= 5);
  return reply.substr(4, reply.size() - 5);
}

// How clients written against real pumps read a number with its unit: digits, a point, digits.
bool reads_as_pump_number(const std::string& data) {
  static const std::regex number_with_unit(R"(\d+\.\d*[A-Z]+)");
  return std::regex_match(data, number_with_unit);
}

struct Cleared : SimBench {
  explicit Cleared(sim::SimNe1000Options o = {}) : SimBench(o) {
    listen();
    BOOST_REQUIRE(ask("\r") == basic("00A?R"));
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(ne1000_sim_manual)

BOOST_AUTO_TEST_CASE(request_text_is_stripped_upper_cased_and_split_without_spaces) {
  BOOST_TEST(sim::normalize_ne1000_request(" 0 dir\tinf\n") == "0DIRINF");
  BOOST_TEST(sim::normalize_ne1000_request("rat 1.5 mh\x01\x7f") == "RAT1.5MH");
  const auto r = sim::split_ne1000_request("0RAT1000UM");
  BOOST_TEST(r.address.value_or(-1) == 0);
  BOOST_TEST(r.command == "RAT");
  BOOST_TEST(r.data == "1000UM");
  BOOST_TEST(r.known);
  const auto d = sim::split_ne1000_request("12DIRINF");
  BOOST_TEST(d.address.value_or(-1) == 12);
  BOOST_TEST(d.command == "DIR");
  BOOST_TEST(d.data == "INF");
  const auto star = sim::split_ne1000_request("*VER");
  BOOST_TEST(star.system_address);
  BOOST_TEST(!star.address.has_value());
  BOOST_TEST(star.command == "VER");
  const auto poll = sim::split_ne1000_request("7");
  BOOST_TEST(poll.known);
  BOOST_TEST(poll.command.empty());
  const auto unknown = sim::split_ne1000_request("0PHN1");
  BOOST_TEST(!unknown.known);
  BOOST_TEST(unknown.command == "PHN");
}

// A plain byte script that behaves like a client library written against real pumps: it opens
// with a safe-mode SAF 0 packet whatever mode the pump is in, writes commands without spaces,
// and reads every number with a decimal point.
BOOST_AUTO_TEST_CASE(third_party_client_byte_script) {
  SimBench b;
  b.listen();
  const std::string saf0_packet("\x02\x09" "0SAF0" "\x59\xAD\x03", 10);  // as the client sends it
  BOOST_TEST(b.ask(saf0_packet) == basic("00A?R"));  // powered up: the alarm takes the first reply
  BOOST_TEST(b.ask(saf0_packet) == basic("00S"));    // the client resends once; basic mode answers basic
  BOOST_TEST(b.ask("0VER\r") == basic("00SNE1000V3.928"));
  BOOST_TEST(b.ask("0SAF\r") == basic("00S0"));
  BOOST_TEST(b.ask("0DIA26.59\r") == basic("00S"));
  BOOST_TEST(b.ask("0DIA\r") == basic("00S26.59"));
  BOOST_TEST(b.ask("0DIRINF\r") == basic("00S"));
  BOOST_TEST(b.ask("0DIR\r") == basic("00SINF"));
  BOOST_TEST(b.ask("0VOLUL\r") == basic("00S"));
  BOOST_TEST(b.ask("0VOL500\r") == basic("00S"));
  const std::string vol = b.ask("0VOL\r");
  BOOST_TEST(vol == basic("00S500.0UL"));
  BOOST_TEST(reads_as_pump_number(data_of(vol)));
  BOOST_TEST(b.ask("0RAT1000UM\r") == basic("00S"));
  const std::string rat = b.ask("0RAT\r");
  BOOST_TEST(rat == basic("00S1000.UM"));  // a point even with four digits
  BOOST_TEST(reads_as_pump_number(data_of(rat)));
  BOOST_TEST(b.ask("0CLDINF\r") == basic("00S"));
  BOOST_TEST(b.ask("0CLDWDR\r") == basic("00S"));
  const std::string dis = b.ask("0DIS\r");
  BOOST_TEST(std::regex_match(data_of(dis), std::regex(R"(I\d+\.\d*W\d+\.\d*(UL|ML))")));
  // What a person types at a terminal: lower case, spaces, CR LF.
  BOOST_TEST(b.ask("ver\r") == basic("00SNE1000V3.928"));
  BOOST_TEST(b.ask("0 DIA\r") == basic("00S26.59"));
  BOOST_TEST(b.ask("*VER\r") == basic("00SNE1000V3.928"));
  BOOST_TEST(b.ask("0 rat 1.5 mh\r\n") == basic("00S"));
  BOOST_TEST(b.ask("0rat\r") == basic("00S1.500MH"));
  // Into safe mode with a packet, as the client does for a timeout: the reply is safe-framed.
  BOOST_TEST(b.ask(safe("0SAF10")) == safe("00S"));
  BOOST_TEST(b.pump->safe_mode());
  BOOST_TEST(b.ask(safe("0RUN")) == safe("00I"));
  BOOST_TEST(b.ask(safe("0STP")) == safe("00P"));
  BOOST_TEST(b.ask(safe("0STP")) == safe("00S"));
  // And back with the manual's own packet (no address): STX 0x08 "SAF0" 0x55 0x43 ETX.
  BOOST_TEST(b.ask(std::string("\x02\x08" "SAF0" "\x55\x43\x03", 9)) == basic("00S"));
  BOOST_TEST(!b.pump->safe_mode());
}

BOOST_AUTO_TEST_CASE(safe_packets_in_basic_mode_and_false_starts) {
  Cleared b;
  // Any valid packet is executed in basic mode and answered in basic framing.
  BOOST_TEST(b.ask(safe("0VER")) == basic("00SNE1000V3.928"));
  BOOST_TEST(!b.pump->safe_mode());
  // A stray STX before a basic command: once 0.5 s pass without a packet completing, the bytes
  // were text after all (the STX itself is a control character and stripped).
  BOOST_TEST(b.ask("\x02" "0VER\r") == "");
  b.advance(milliseconds(500));
  BOOST_TEST(b.received == basic("00SNE1000V3.928"));
  // A packet whose CRC is wrong is read as text too: "0VER" followed by the CRC's printable
  // byte ('H') is VER with data, which the pump does not take, and the CR that follows ends it.
  std::string bad = safe("0VER");
  bad[bad.size() - 2] ^= 0x01;
  BOOST_TEST(b.ask(bad + "\r") == basic("00S?"));
  BOOST_TEST(b.ask("0DIA\r") == basic("00S26.59"));
}

BOOST_AUTO_TEST_CASE(inter_byte_gap_of_half_a_second_discards_a_safe_packet) {
  Cleared b;
  b.ask("0SAF 5\r");
  const std::string packet = safe("0VER");
  BOOST_TEST(b.ask(packet.substr(0, 4), milliseconds(400)) == "");
  BOOST_TEST(b.ask(packet.substr(4)) == safe("00SNE1000V3.928"));  // 0.4 s gap: still one packet
  BOOST_TEST(b.ask(packet.substr(0, 4), milliseconds(500)) == "");
  BOOST_TEST(b.ask(packet.substr(4)) == "");  // the rest is noise outside a packet
  BOOST_TEST(b.pump->packets_timed_out() == 1u);
  BOOST_TEST(b.pump->bad_packets() == 0u);  // discarded, not answered ?COM
  BOOST_TEST(b.ask(packet) == safe("00SNE1000V3.928"));
}

BOOST_AUTO_TEST_CASE(safe_mode_survives_power_loss_with_auto_alarm_only_until_the_first_packet) {
  Cleared b;
  b.ask("0RAT 25 MH\r");
  b.ask("0SAF 5\r");
  BOOST_TEST(b.ask(safe("0RUN")) == safe("00I"));
  b.received.clear();
  b.pump->power_cycle();
  b.advance(milliseconds(100));
  BOOST_TEST(b.pump->safe_mode());
  BOOST_TEST(!b.mech.running);
  BOOST_TEST(b.received == safe("00A?R"));  // sent unprompted at power-up
  BOOST_TEST(!b.pump->comms_timer_running());
  b.advance(seconds(20));
  BOOST_TEST(b.pump->comms_timeouts() == 0u);  // no timer until a valid packet
  BOOST_TEST(b.ask("0\r") == safe("00S?COM"));  // a basic request is not a valid packet
  BOOST_TEST(!b.pump->comms_timer_running());
  BOOST_TEST(b.ask(safe("0")) == safe("00S"));  // delivered already: the prompt again
  BOOST_TEST(b.pump->comms_timer_running());
  b.received.clear();
  b.advance(seconds(5) + milliseconds(50));
  BOOST_TEST(b.received == safe("00A?T"));
  BOOST_TEST(b.ask(safe("0RAT")) == safe("00S25.00MH"));
}

BOOST_AUTO_TEST_CASE(pump_that_powers_up_in_safe_mode) {
  sim::SimNe1000Options o;
  o.safe_timeout_s_at_power_up = 10;
  SimBench b(o);
  b.listen();
  b.advance(milliseconds(10));
  BOOST_TEST(b.received == safe("00A?R"));
  BOOST_TEST(b.pump->safe_mode());
  BOOST_TEST(b.ask(safe("0SAF")) == safe("00S10"));
  BOOST_TEST(b.ask(std::string("\x02\x09" "0SAF0" "\x59\xAD\x03", 10)) == basic("00S"));
}

BOOST_AUTO_TEST_CASE(auto_alarm_goes_out_when_the_motor_stalls) {
  Cleared b;
  b.ask("0RAT 25 MH\r");
  b.ask("0SAF 5\r");
  BOOST_TEST(b.ask(safe("0RUN")) == safe("00I"));
  const Nanos stall = b.loop.now() + seconds(2);
  b.mech.stall_at(stall);
  b.received.clear();
  b.advance(seconds(2) + milliseconds(150));
  BOOST_TEST(b.received == safe("00A?S"));
  BOOST_TEST(b.last_rx - stall <= milliseconds(110));  // the pump looks every 100 ms
  BOOST_TEST(b.ask(safe("0")) == safe("00S"));
}

BOOST_AUTO_TEST_CASE(first_stp_pauses_and_run_resumes_towards_the_same_target) {
  Cleared b;
  b.ask("0RAT 60 MH\r");
  b.ask("0VOL ML\r");
  b.ask("0VOL 0.5\r");
  BOOST_TEST(b.ask("0RUN\r") == basic("00I"));
  b.advance(seconds(10));
  BOOST_TEST(b.ask("0STP\r") == basic("00P"));
  BOOST_TEST(b.pump->paused());
  BOOST_TEST(b.ask("0\r") == basic("00P"));
  BOOST_TEST(b.ask("0VOL 1\r") == basic("00P?NA"));  // the program is only paused
  b.advance(seconds(60));
  BOOST_TEST(!b.mech.running);
  BOOST_TEST(b.ask("0RUN\r") == basic("00I"));
  b.advance(seconds(19));
  BOOST_TEST(b.mech.running);
  b.advance(seconds(2));  // 30 s of running in all: the 0.5 ml target is reached
  BOOST_TEST(!b.mech.running);
  BOOST_TEST(b.mech.volume_ml == 0.5, boost::test_tools::tolerance(1e-6));
  BOOST_TEST(b.ask("0\r") == basic("00S"));
  // Paused, then stopped: a RUN starts a new run.
  BOOST_TEST(b.ask("0RUN\r") == basic("00I"));
  BOOST_TEST(b.ask("0STP\r") == basic("00P"));
  BOOST_TEST(b.ask("0STP\r") == basic("00S"));
  // A purge is no program: one STP stops it.
  BOOST_TEST(b.ask("0PUR\r") == basic("00X"));
  BOOST_TEST(b.ask("0STP\r") == basic("00S"));
}

BOOST_AUTO_TEST_CASE(program_prompts_alarms_and_ignored_commands) {
  Cleared b;
  b.ask("0RAT 60 MH\r");
  BOOST_TEST(b.ask("0RUN\r") == basic("00I"));
  b.pump->enter_program_wait('T');
  BOOST_TEST(!b.mech.running);
  BOOST_TEST(b.ask("0\r") == basic("00T"));
  BOOST_TEST(b.ask("0RUN\r") == basic("00I"));
  b.pump->enter_program_wait('U');
  BOOST_TEST(b.ask("0\r") == basic("00U"));
  BOOST_TEST(b.ask("0STP\r") == basic("00S"));
  b.pump->raise_program_alarm('E');
  BOOST_TEST(b.ask("0VER\r") == basic("00A?E"));
  b.pump->raise_program_alarm('O');
  BOOST_TEST(b.ask("0\r") == basic("00A?O"));
  b.pump->ignore_next_command();
  BOOST_TEST(b.ask("0RAT 30 MH\r") == basic("00S?IGN"));
  BOOST_TEST(b.ask("0RAT\r") == basic("00S60.00MH"));  // the ignored RAT did nothing
}

BOOST_AUTO_TEST_CASE(system_address_is_obeyed_and_answered_with_the_pumps_own) {
  sim::SimNe1000Options o;
  o.address = 7;
  o.reset_alarm_at_power_up = false;
  SimBench b(o);
  b.listen();
  BOOST_TEST(b.ask("*VER\r") == basic("07SNE1000V3.928"));
  BOOST_TEST(b.ask("*rat 5 mh\r") == basic("07S"));
  BOOST_TEST(b.pump->rate_ml_h() == 5.0);
  BOOST_TEST(b.ask("3VER\r") == "");
}

BOOST_AUTO_TEST_SUITE_END()
