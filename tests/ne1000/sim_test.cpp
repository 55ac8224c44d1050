#include <boost/test/unit_test.hpp>

#include <cmath>
#include <string>

#include "rig/drivers/ne1000/crc16_xmodem.hpp"
#include "rig/drivers/ne1000/ne1000_protocol.hpp"
#include "tests/ne1000/print.hpp"
#include "tests/ne1000/sim_frames.hpp"
#include "tests/ne1000/sim_bench.hpp"

using namespace pumprig;
using pumprig::test::SimBench;

namespace {

const auto basic = test::basic_frame;
const auto safe = test::safe_frame;


// A bench whose pump has already reported its power-up alarm.
struct Cleared : SimBench {
  Cleared() {
    listen();
    BOOST_REQUIRE(ask("\r") == basic("00A?R"));
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(ne1000_sim_basic)

BOOST_AUTO_TEST_CASE(power_up_reset_alarm_is_reported_once_and_eats_the_command) {
  SimBench b;
  b.listen();
  BOOST_TEST(b.ask("0VER\r") == basic("00A?R"));
  BOOST_TEST(b.pump->commands_executed() == 1u);
  BOOST_TEST(b.ask("0VER\r") == basic("00SNE1000V3.928"));
  BOOST_TEST(b.ask("VER\r") == basic("00SNE1000V3.928"));  // no address: answered
  BOOST_TEST(b.ask("\r") == basic("00S"));
}

BOOST_AUTO_TEST_CASE(only_its_own_address_is_answered) {
  sim::SimNe1000Options o;
  o.address = 7;
  o.reset_alarm_at_power_up = false;
  SimBench b(o);
  b.listen();
  BOOST_TEST(b.ask("0VER\r") == "");
  BOOST_TEST(b.ask("12\r") == "");
  BOOST_TEST(b.ask("7VER\r") == basic("07SNE1000V3.928"));
  BOOST_TEST(b.ask("07\r") == basic("07S"));
  BOOST_TEST(b.pump->commands_executed() == 2u);
}

BOOST_AUTO_TEST_CASE(reply_timing_is_latency_plus_transmission) {
  sim::SimNe1000Options o;
  o.latency = milliseconds(50);
  SimBench b(o);
  b.listen();
  const Nanos t0 = b.loop.now();
  b.ask("0\r");
  // 2 request bytes, the processing latency, 7 reply bytes ("\x02" "00A?R" "\x03").
  BOOST_TEST(b.last_rx - t0 == 9 * byte_time(test::ne1000_serial()) + milliseconds(50));
}

BOOST_AUTO_TEST_CASE(settings_queries_and_errors) {
  Cleared b;
  BOOST_TEST(b.ask("0DIA\r") == basic("00S26.59"));
  BOOST_TEST(b.ask("0DIA 4.699\r") == basic("00S"));
  BOOST_TEST(b.mech.diameter_mm == 4.699);
  BOOST_TEST(b.ask("0DIA\r") == basic("00S4.699"));
  BOOST_TEST(b.ask("0VOL\r") == basic("00S0.000UL"));  // small syringe: microlitres
  BOOST_TEST(b.ask("0DIA 60\r") == basic("00S?OOR"));
  BOOST_TEST(b.ask("0DIA 0.05\r") == basic("00S?OOR"));
  BOOST_TEST(b.ask("0DIA abc\r") == basic("00S?"));
  BOOST_TEST(b.ask("0DIA26.59\r") == basic("00S"));  // no space is fine
  BOOST_TEST(b.ask("0VOL\r") == basic("00S0.000ML"));

  BOOST_TEST(b.ask("0RAT\r") == basic("00S0.000MH"));
  BOOST_TEST(b.ask("0RAT 25 MH\r") == basic("00S"));
  BOOST_TEST(b.ask("0RAT\r") == basic("00S25.00MH"));
  // 26.59 mm: max 1699 ml/h, min about 23 ul/h.
  BOOST_TEST(b.ask("0RAT 1699 MH\r") == basic("00S"));
  BOOST_TEST(b.ask("0RAT 1700 MH\r") == basic("00S?OOR"));
  BOOST_TEST(b.ask("0RAT 2000 MH\r") == basic("00S?OOR"));
  BOOST_TEST(b.ask("0RAT 20.00 UH\r") == basic("00S?OOR"));
  BOOST_TEST(b.ask("0RAT 30.00 UH\r") == basic("00S"));
  BOOST_TEST(b.ask("0RAT 500 UM\r") == basic("00S"));
  BOOST_TEST(b.ask("0RAT\r") == basic("00S500.0UM"));
  BOOST_TEST(b.pump->rate_ml_h() == 30.0);
  BOOST_TEST(b.ask("0RAT 2.5MM\r") == basic("00S"));
  BOOST_TEST(b.ask("0RAT\r") == basic("00S2.500MM"));
  BOOST_TEST(b.ask("0RAT 12345 MH\r") == basic("00S?OOR"));  // five digits
  BOOST_TEST(b.ask("0RAT 1.2345 MH\r") == basic("00S?OOR"));  // four decimals
  BOOST_TEST(b.ask("0RAT 25 XX\r") == basic("00S?"));
  BOOST_TEST(b.ask("0RAT 10\r") == basic("00S"));  // keeps the unit
  BOOST_TEST(b.ask("0RAT\r") == basic("00S10.00MM"));

  BOOST_TEST(b.ask("0VOL UL\r") == basic("00S"));
  BOOST_TEST(b.ask("0VOL 12.5\r") == basic("00S"));
  BOOST_TEST(b.ask("0VOL\r") == basic("00S12.50UL"));
  BOOST_TEST(b.pump->volume_target_ml() == 0.0125);
  BOOST_TEST(b.ask("0VOL XL\r") == basic("00S?"));

  BOOST_TEST(b.ask("0DIR\r") == basic("00SINF"));
  BOOST_TEST(b.ask("0DIR WDR\r") == basic("00S"));
  BOOST_TEST(b.ask("0DIR\r") == basic("00SWDR"));
  BOOST_TEST(b.ask("0DIR REV\r") == basic("00S"));
  BOOST_TEST(b.ask("0DIR\r") == basic("00SINF"));
  BOOST_TEST(b.ask("0DIR UP\r") == basic("00S?"));

  BOOST_TEST(b.ask("0FOO\r") == basic("00S?"));
  BOOST_TEST(b.ask("0PHN 1\r") == basic("00S?"));
  BOOST_TEST(b.ask("0DIS\r") == basic("00SI0.000W0.000UL"));  // in the volume units
  BOOST_TEST(b.ask("0SAF\r") == basic("00S0"));
  BOOST_TEST(b.ask("0SAF 300\r") == basic("00S?OOR"));
  BOOST_TEST(b.ask("0CLD\r") == basic("00S?"));
  BOOST_TEST(b.ask("0" + std::string(80, 'A') + "\r") == basic("00S?"));  // overlong line
}

BOOST_AUTO_TEST_CASE(run_dispense_stop_and_running_restrictions) {
  Cleared b;
  BOOST_TEST(b.ask("0RUN\r") == basic("00S?NA"));  // no rate yet
  BOOST_TEST(b.ask("0RAT 60 MH\r") == basic("00S"));
  BOOST_TEST(b.ask("0RUN\r") == basic("00I"));
  BOOST_TEST(b.mech.running);
  BOOST_TEST(b.mech.rate_ml_h == 60.0);
  BOOST_TEST(b.mech.diameter_mm == 26.59);
  BOOST_TEST((b.mech.direction == sim::PumpDirection::infuse));
  b.advance(seconds(30));
  const std::string dis = b.ask("0DIS\r");
  const auto d = parse_ne1000_dispensed(dis.substr(4, dis.size() - 5));
  BOOST_REQUIRE(d.has_value());
  // 60 ml/h for the 30.1 s between RUN and DIS, as the pump shows it (3 decimals).
  BOOST_TEST(d->infused == 0.5017, boost::test_tools::tolerance(0.001));
  BOOST_TEST(std::abs(d->infused - b.mech.volume_ml) <= 0.0005);
  BOOST_TEST(d->withdrawn == 0.0);

  BOOST_TEST(b.ask("0\r") == basic("00I"));
  BOOST_TEST(b.ask("0DIA 10\r") == basic("00I?NA"));
  BOOST_TEST(b.ask("0VOL 5\r") == basic("00I?NA"));
  BOOST_TEST(b.ask("0DIR WDR\r") == basic("00I?NA"));
  BOOST_TEST(b.ask("0PUR\r") == basic("00I?NA"));
  BOOST_TEST(b.ask("0RUN\r") == basic("00I"));  // harmless when resent
  BOOST_TEST(b.mech.starts == 1);
  BOOST_TEST(b.ask("0RAT 120 MH\r") == basic("00I"));  // rate changes on the fly
  BOOST_TEST(b.mech.rate_ml_h == 120.0);
  BOOST_TEST(b.ask("0STP\r") == basic("00P"));  // the first STP pauses
  BOOST_TEST(!b.mech.running);
  BOOST_TEST(b.ask("0STP\r") == basic("00S"));  // the second stops
  BOOST_TEST(b.ask("0STP\r") == basic("00S"));
  BOOST_TEST(b.ask("0CLD INF\r") == basic("00S"));
  BOOST_TEST(b.ask("0DIS\r") == basic("00SI0.000W0.000ML"));

  // Withdrawing counts on the other side.
  BOOST_TEST(b.ask("0DIR WDR\r") == basic("00S"));
  BOOST_TEST(b.ask("0RAT 60 MH\r") == basic("00S"));
  BOOST_TEST(b.ask("0RUN\r") == basic("00W"));
  b.advance(seconds(60));
  BOOST_TEST(b.ask("0STP\r") == basic("00P"));
  BOOST_TEST(b.ask("0STP\r") == basic("00S"));
  const std::string dis2 = b.ask("0DIS\r");
  const auto d2 = parse_ne1000_dispensed(dis2.substr(4, dis2.size() - 5));
  BOOST_TEST(d2->infused == 0.0);
  BOOST_TEST(d2->withdrawn == 1.0, boost::test_tools::tolerance(0.003));
}

BOOST_AUTO_TEST_CASE(volume_target_ends_the_run) {
  Cleared b;
  b.ask("0RAT 60 MH\r");
  b.ask("0VOL ML\r");
  b.ask("0VOL 0.5\r");
  BOOST_TEST(b.ask("0RUN\r") == basic("00I"));
  b.advance(seconds(29));
  BOOST_TEST(b.mech.running);
  b.advance(seconds(2));
  BOOST_TEST(!b.mech.running);  // stopped by the pump itself, not on a query
  BOOST_TEST(b.mech.volume_ml == 0.5, boost::test_tools::tolerance(1e-6));
  BOOST_TEST(b.ask("0\r") == basic("00S"));
  BOOST_TEST(b.ask("0DIS\r") == basic("00SI0.500W0.000ML"));
}

BOOST_AUTO_TEST_CASE(purge_runs_at_maximum_rate_until_stopped) {
  Cleared b;
  BOOST_TEST(b.ask("0PUR\r") == basic("00X"));
  BOOST_TEST(b.mech.rate_ml_h == sim::SimNe1000Pump::max_rate_ml_h(26.59));
  BOOST_TEST(b.mech.rate_ml_h == 1699.0, boost::test_tools::tolerance(0.001));
  BOOST_TEST(b.ask("0RAT 5 MH\r") == basic("00X?NA"));
  BOOST_TEST(b.ask("0STP\r") == basic("00S"));
  BOOST_TEST(!b.mech.running);
}

BOOST_AUTO_TEST_CASE(stall_alarm_replaces_the_prompt_once_and_the_command_is_not_executed) {
  Cleared b;
  b.ask("0RAT 25 MH\r");
  BOOST_TEST(b.ask("0RUN\r") == basic("00I"));
  b.mech.stall_at(b.loop.now() + seconds(5));
  b.advance(seconds(10));
  BOOST_TEST(b.ask("0RAT 30 MH\r") == basic("00A?S"));
  BOOST_TEST(b.ask("0RAT\r") == basic("00S25.00MH"));  // the RAT that drew the alarm did nothing
  BOOST_TEST(b.ask("0\r") == basic("00S"));
  BOOST_TEST(b.mech.stops >= 1);
  BOOST_TEST(b.mech.volume_ml == 25.0 * to_seconds(*b.mech.stall_time - b.mech.started_at) / 3600.0,
             boost::test_tools::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(power_cycle_in_basic_mode_stops_and_latches_reset) {
  Cleared b;
  b.ask("0RAT 25 MH\r");
  b.ask("0RUN\r");
  b.received.clear();
  b.pump->power_cycle();
  b.advance(milliseconds(100));
  BOOST_TEST(b.mech.power_cycles == 1);
  BOOST_TEST(!b.pump->safe_mode());
  BOOST_TEST(!b.pump->running());
  BOOST_TEST(b.received.empty());  // basic mode sends nothing unprompted
  BOOST_TEST(b.ask("0VER\r") == basic("00A?R"));
  BOOST_TEST(b.ask("0RAT\r") == basic("00S25.00MH"));  // settings are kept
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ne1000_sim_safe)

BOOST_AUTO_TEST_CASE(entering_safe_mode_and_exact_frames) {
  Cleared b;
  // The reply to SAF already comes in safe framing; CRC of "00S" is 0xAAA6 (computed outside).
  BOOST_TEST(b.ask("0SAF 5\r") == std::string("\x02\x07" "00S" "\xAA\xA6\x03", 8));
  BOOST_TEST(b.pump->safe_mode());
  BOOST_TEST(b.pump->safe_timeout_s() == 5);
  // "0VER" framed: LEN 8, CRC 0x4809. Reply payload "00SNE1000V3.928": LEN 19, CRC 0x2722.
  BOOST_TEST(b.ask(std::string("\x02\x08" "0VER" "\x48\x09\x03", 9)) ==
             std::string("\x02\x13" "00SNE1000V3.928" "\x27\x22\x03", 20));
  BOOST_TEST(b.ask(safe("0SAF")) == safe("00S5"));
}

BOOST_AUTO_TEST_CASE(reply_whose_crc_contains_etx) {
  Cleared b;
  b.ask("0SAF 5\r");
  BOOST_TEST(b.ask(safe("0DIA 0.169")) == safe("00S"));
  // "00S0.169" has CRC 0xC203: the low CRC byte equals ETX.
  BOOST_TEST(b.ask(safe("0DIA")) == std::string("\x02\x0C" "00S0.169" "\xC2\x03\x03", 13));
}

BOOST_AUTO_TEST_CASE(invalid_packets_get_com_error_and_do_not_count) {
  Cleared b;
  b.ask("0SAF 5\r");
  const std::uint64_t executed = b.pump->commands_executed();
  BOOST_TEST(b.ask("0VER\r") == safe("00S?COM"));  // a basic request
  std::string bad_crc = safe("0VER");
  bad_crc[bad_crc.size() - 2] ^= 0x10;
  BOOST_TEST(b.ask(bad_crc) == safe("00S?COM"));
  std::string no_etx = safe("0VER");
  no_etx.back() = 'x';
  BOOST_TEST(b.ask(no_etx) == safe("00S?COM"));
  BOOST_TEST(b.ask(std::string("\x02\x01", 2)) == safe("00S?COM"));  // impossible LEN
  BOOST_TEST(b.pump->commands_executed() == executed);
  BOOST_TEST(b.pump->bad_packets() == 4u);
  BOOST_TEST(b.ask(safe("1VER")) == "");  // another pump's packet
  BOOST_TEST(b.ask(safe("VER")) == safe("00SNE1000V3.928"));
}

BOOST_AUTO_TEST_CASE(comms_timeout_stops_the_motor_and_alarms) {
  Cleared b;
  b.ask("0RAT 25 MH\r");
  b.ask("0SAF 5\r");
  BOOST_TEST(b.ask(safe("0RUN")) == safe("00I"));
  // Valid commands every 4.5 s keep it running.
  for (int i = 0; i < 4; ++i) {
    b.advance(milliseconds(4400));
    BOOST_TEST(b.ask(safe("0")) == safe("00I"));
  }
  BOOST_TEST(b.pump->comms_timeouts() == 0u);
  // Invalid packets do not feed the watchdog.
  std::string heard;
  for (int i = 0; i < 6 && b.mech.running; ++i) heard += b.ask("0\r", seconds(1));
  BOOST_TEST(!b.mech.running);
  BOOST_TEST(b.pump->comms_timeouts() == 1u);
  // Auto-alarm: A?T went out unprompted the moment the timeout elapsed, and is thereby delivered.
  BOOST_TEST(heard.find(safe("00A?T")) != std::string::npos);
  BOOST_TEST(b.pump->auto_alarms_sent() == 1u);
  BOOST_TEST(b.pump->latched_alarm() == 0);
  BOOST_TEST(b.ask(safe("0")) == safe("00S"));
  // The timeout restarts only with the next valid packet (that one): 5 s later it alarms again.
  b.received.clear();
  b.advance(seconds(5) + milliseconds(50));
  BOOST_TEST(b.received == safe("00A?T"));
}

BOOST_AUTO_TEST_CASE(leaving_safe_mode) {
  Cleared b;
  b.ask("0SAF 5\r");
  BOOST_TEST(b.ask(safe("0SAF 0")) == basic("00S"));  // reply in the new (basic) framing
  BOOST_TEST(!b.pump->safe_mode());
  b.advance(seconds(20));
  BOOST_TEST(b.pump->comms_timeouts() == 0u);
  BOOST_TEST(b.ask("0\r") == basic("00S"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ne1000_sim_faults)

BOOST_AUTO_TEST_CASE(silent_pump_neither_answers_nor_executes) {
  Cleared b;
  b.pump->set_silent(true);
  BOOST_TEST(b.ask("0RAT 25 MH\r") == "");
  b.pump->set_silent(false);
  BOOST_TEST(b.ask("0RAT\r") == basic("00S0.000MH"));
}

BOOST_AUTO_TEST_CASE(garbage_and_corruption_hooks) {
  Cleared b;
  b.pump->inject_garbage_next_reply();
  const std::string noisy = b.ask("0\r");
  BOOST_TEST(noisy.size() > basic("00S").size());
  BOOST_TEST(noisy.substr(noisy.size() - 5) == basic("00S"));
  BOOST_TEST(noisy.find('\x02') < noisy.size() - 5);  // contains a false STX
  BOOST_TEST(b.ask("0\r") == basic("00S"));           // once only

  b.pump->corrupt_crc_next_reply();
  BOOST_TEST(b.ask("0\r") == basic("00~"));

  b.ask("0SAF 5\r");
  b.pump->corrupt_crc_next_reply();
  const std::string corrupted = b.ask(safe("0"));
  BOOST_TEST(corrupted.size() == safe("00S").size());
  BOOST_TEST(corrupted != safe("00S"));
  BOOST_TEST((parse_ne1000_reply(corrupted, true).kind == Ne1000ReplyKind::bad_crc));
  BOOST_TEST(b.ask(safe("0")) == safe("00S"));
}

BOOST_AUTO_TEST_SUITE_END()
