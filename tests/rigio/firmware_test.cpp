#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "tests/rigio/fake_hal.hpp"

using namespace pumprig;
using pumprig::test::Board;
using pumprig::test::FakeHal;

namespace {

std::size_t count_prefix(const std::vector<std::string>& lines, const std::string& prefix) {
  std::size_t n = 0;
  for (const auto& l : lines) n += l.rfind(prefix, 0) == 0;
  return n;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(rigio_firmware)

BOOST_AUTO_TEST_CASE(power_up_opens_the_valve_and_sends_the_banner) {
  FakeHal hal;
  hal.valve = true;
  firmware::RigIoLogic logic(hal);
  logic.begin(0);
  BOOST_TEST(!hal.valve);
  BOOST_TEST(hal.out == "READY RIGIO-328 1.0.0\r\n");
  BOOST_TEST(logic.next_wakeup_ms() == 20u);
}

BOOST_AUTO_TEST_CASE(identity_version_and_ping) {
  Board b;
  BOOST_TEST(b.ask("ID") == "ID PUMPRIG RIGIO-328 RIO-T0001 1.0.0");
  BOOST_TEST(b.ask("VER") == "VER 1.0.0 1");
  BOOST_TEST(b.ask("PING") == "PONG");
  BOOST_TEST(b.ask("ping") == "PONG");  // lower case from a terminal
  BOOST_TEST(b.ask("  PING  ") == "PONG");
  BOOST_TEST(b.ask("ID X") == "ERR 02 SYNTAX");
}

BOOST_AUTO_TEST_CASE(valve_commands_drive_the_output_and_report_the_state) {
  Board b;
  BOOST_TEST(b.ask("VALVE") == "VALVE OPEN");
  BOOST_TEST(b.ask("VALVE CLOSE") == "VALVE CLOSED");
  BOOST_TEST(b.hal.valve);
  BOOST_TEST(b.ask("VALVE") == "VALVE CLOSED");
  BOOST_TEST(b.ask("VALVE OPEN") == "VALVE OPEN");
  BOOST_TEST(!b.hal.valve);
  BOOST_TEST(b.ask("VALVE SHUT") == "ERR 03 RANGE");
  BOOST_TEST(b.ask("VALVE OPEN NOW") == "ERR 02 SYNTAX");
  BOOST_TEST(!b.hal.valve);
}

BOOST_AUTO_TEST_CASE(read_converts_adc_counts_through_the_transducer_span) {
  Board b;
  b.hal.counts[0] = 512;  // 2.5 V: mid span, 1000 mmHg
  b.hal.counts[2] = 512;  // 2.5 V: 25 degC on 0..50 degC
  b.run(20);
  BOOST_TEST(b.ask("READ") == "D 20 1000.0 - 25.00 O----");
  b.hal.counts[0] = FakeHal::pressure_counts(300.0);  // 225 counts: 2.197 V
  b.run(20);
  // 4 x 225 counts = 900 * 5 V / 4096 = 1.0986 V -> (1.0986 - 0.5) * 500 = 299.3 mmHg
  BOOST_TEST(b.ask("READ") == "D 40 299.3 - 25.00 O----");
  BOOST_TEST(b.ask("CHAN 2") == "CHAN 2");
  b.hal.counts[1] = 103;
  b.run(20);
  BOOST_TEST(b.ask("READ") == "D 60 299.3 1.5 25.00 O----");
  BOOST_TEST(b.ask("CHAN 3") == "ERR 03 RANGE");
  BOOST_TEST(b.ask("CHAN") == "CHAN 2");
}

BOOST_AUTO_TEST_CASE(calibration_applies_gain_then_offset_per_channel) {
  Board b;
  b.hal.counts[0] = 512;
  b.hal.counts[2] = 512;
  BOOST_TEST(b.ask("CAL P1 -12.5 1.0100") == "CAL P1 -12.5 1.0100");
  BOOST_TEST(b.ask("CAL T 0.25 1") == "CAL T 0.25 1.0000");
  b.run(20);
  BOOST_TEST(b.ask("READ") == "D 20 997.5 - 25.25 O----");  // 1000 * 1.01 - 12.5
  BOOST_TEST(b.ask("CAL P1") == "CAL P1 -12.5 1.0100");
  BOOST_TEST(b.ask("CAL P2") == "CAL P2 0.0 1.0000");
  BOOST_TEST(b.ask("CAL P1 1.25 1") == "ERR 02 SYNTAX");   // P offsets have one decimal
  BOOST_TEST(b.ask("CAL P1 1 2.5") == "ERR 03 RANGE");     // gain 0.5 .. 2
  BOOST_TEST(b.ask("CAL P1 600 1") == "ERR 03 RANGE");     // offset within +-500 mmHg
  BOOST_TEST(b.ask("CAL X 0 1") == "ERR 03 RANGE");
  BOOST_TEST(b.ask("CAL P1 0") == "ERR 02 SYNTAX");
  BOOST_TEST(b.ask("CAL P1 1e2 1") == "ERR 02 SYNTAX");
  BOOST_TEST(b.ask("RST") == "READY RIGIO-328 1.0.0");
  BOOST_TEST(b.ask("CAL P1") == "CAL P1 0.0 1.0000");      // RST restores the defaults
}

BOOST_AUTO_TEST_CASE(streams_one_record_per_period_on_a_fixed_grid) {
  Board b;
  BOOST_TEST(b.ask("STREAM") == "STREAM 0");
  BOOST_TEST(b.run(500).empty());  // no stream before it is asked for
  BOOST_TEST(b.ask("STREAM 100") == "STREAM 100");
  const auto lines = b.run(1000);
  BOOST_TEST_REQUIRE(lines.size() == 10u);
  for (std::size_t i = 0; i < lines.size(); ++i)
    BOOST_TEST(lines[i].rfind("D " + std::to_string(600 + 100 * i) + " ", 0) == 0);
  BOOST_TEST(b.ask("STREAM 0") == "STREAM 0");
  BOOST_TEST(b.run(1000).empty());
  BOOST_TEST(b.ask("STREAM 20") == "STREAM 20");
  BOOST_TEST(b.run(1000).size() == 50u);
  BOOST_TEST(b.ask("STREAM 30") == "ERR 03 RANGE");   // not a multiple of the sample period
  BOOST_TEST(b.ask("STREAM 60020") == "ERR 03 RANGE");
  BOOST_TEST(b.ask("STREAM -20") == "ERR 02 SYNTAX");
  BOOST_TEST(b.ask("STREAM X") == "ERR 02 SYNTAX");
  BOOST_TEST(b.logic.stream_period_ms() == 20u);  // a refused command changes nothing
}

BOOST_AUTO_TEST_CASE(errors_for_unknown_commands_garbage_and_overlong_lines) {
  Board b;
  BOOST_TEST(b.ask("FOO") == "ERR 01 UNKNOWN");
  BOOST_TEST(b.ask(std::string(48, 'A')) == "ERR 01 UNKNOWN");   // the longest line is a line
  BOOST_TEST(b.ask(std::string(49, 'A')) == "ERR 04 OVERLONG");
  BOOST_TEST(b.ask(std::string(300, 'P')) == "ERR 04 OVERLONG");
  BOOST_TEST(b.ask(std::string("PI\xffNG")) == "ERR 05 CHARS");
  BOOST_TEST(b.ask(std::string("PI\x01NG")) == "ERR 05 CHARS");
  BOOST_TEST(b.cmd("").empty());     // an empty line is no command
  BOOST_TEST(b.cmd("   ").empty());
  b.logic.on_rx_overflow();          // the UART lost bytes of this line
  BOOST_TEST(b.ask("PING") == "ERR 05 CHARS");
  BOOST_TEST(b.ask("PING") == "PONG");  // and the next line is fine again
  BOOST_TEST(b.ask("A B C D E F") == "ERR 02 SYNTAX");
}

BOOST_AUTO_TEST_CASE(over_pressure_trips_the_valve_open_by_itself_and_latches) {
  Board b;
  BOOST_TEST(b.ask("LIMIT 300") == "LIMIT 300.0");
  BOOST_TEST(b.ask("VALVE CLOSE") == "VALVE CLOSED");
  b.hal.counts[0] = FakeHal::pressure_counts(250.0);
  BOOST_TEST(b.run(100).empty());
  BOOST_TEST(b.hal.valve);
  b.hal.counts[0] = FakeHal::pressure_counts(320.0);
  const auto lines = b.run(20);
  BOOST_TEST_REQUIRE(lines.size() == 1u);
  BOOST_TEST(lines[0] == "EV TRIP 1 318.8 OVER");
  BOOST_TEST(!b.hal.valve);
  BOOST_TEST(b.ask("TRIP") == "TRIP 1 318.8 OVER");
  BOOST_TEST(b.ask("VALVE CLOSE") == "ERR 06 TRIPPED");
  BOOST_TEST(!b.hal.valve);
  BOOST_TEST(b.ask("TRIP CLEAR") == "ERR 07 PRESSURE");  // still above the limit
  b.hal.counts[0] = FakeHal::pressure_counts(280.0);
  BOOST_TEST(b.run(200).empty());  // latched: no second trip event, still tripped
  BOOST_TEST(b.ask("READ").substr(b.ask("READ").size() - 5) == "O-T--");
  BOOST_TEST(b.ask("TRIP CLEAR") == "TRIP 0");
  BOOST_TEST(b.ask("VALVE CLOSE") == "VALVE CLOSED");
  BOOST_TEST(b.hal.valve);
  BOOST_TEST(b.ask("LIMIT 5") == "ERR 03 RANGE");
  BOOST_TEST(b.ask("LIMIT 2500.1") == "ERR 03 RANGE");
  BOOST_TEST(b.ask("LIMIT") == "LIMIT 300.0");
}

BOOST_AUTO_TEST_CASE(a_broken_transducer_wire_while_occluded_trips_as_a_fault) {
  Board b;
  BOOST_TEST(b.ask("VALVE CLOSE") == "VALVE CLOSED");
  b.hal.counts[0] = 0;  // 0 V: open wire
  const auto lines = b.run(20);
  BOOST_TEST_REQUIRE(lines.size() == 1u);
  BOOST_TEST(lines[0] == "EV TRIP 1 -250.0 FAULT");
  BOOST_TEST(!b.hal.valve);
  const std::string rec = b.ask("READ");
  BOOST_TEST(rec.substr(rec.size() - 5) == "O-T-E");
  BOOST_TEST(b.ask("TRIP CLEAR") == "TRIP 0");  // a faulty channel is not "above the limit"
}

BOOST_AUTO_TEST_CASE(watchdog_releases_after_silence) {
  Board b;
  BOOST_TEST(b.ask("WDOG 500") == "WDOG 500");
  BOOST_TEST(b.ask("VALVE CLOSE") == "VALVE CLOSED");
  BOOST_TEST(b.run(480).empty());
  BOOST_TEST(b.hal.valve);
  const auto lines = b.run(40);
  BOOST_TEST_REQUIRE(lines.size() == 1u);
  BOOST_TEST(lines[0] == "EV WDOG");
  BOOST_TEST(!b.hal.valve);
  BOOST_TEST(b.logic.watchdog_released());
  BOOST_TEST(b.run(2000).empty());  // once per silent spell
  const std::string rec = b.ask("READ");
  BOOST_TEST(rec.substr(rec.size() - 5) == "O--W-");
  BOOST_TEST(b.ask("VALVE CLOSE") == "VALVE CLOSED");  // the host is back: closing clears W
  BOOST_TEST(!b.logic.watchdog_released());
}

BOOST_AUTO_TEST_CASE(watchdog_does_not_fire_while_heartbeats_arrive) {
  Board b;
  BOOST_TEST(b.ask("WDOG 500") == "WDOG 500");
  BOOST_TEST(b.ask("VALVE CLOSE") == "VALVE CLOSED");
  for (int i = 0; i < 50; ++i) {
    BOOST_TEST(b.run(400).empty());
    BOOST_TEST(b.ask("PING") == "PONG");
  }
  BOOST_TEST(b.hal.valve);
  // Garbage and unknown commands are no sign of a live host.
  for (int i = 0; i < 5; ++i) {
    b.run(100);
    b.cmd("NOISE");
  }
  BOOST_TEST(!b.hal.valve);
}

BOOST_AUTO_TEST_CASE(watchdog_can_be_disabled) {
  Board b;
  BOOST_TEST(b.ask("WDOG 0") == "WDOG 0");
  BOOST_TEST(b.ask("VALVE CLOSE") == "VALVE CLOSED");
  BOOST_TEST(b.run(60000).empty());
  BOOST_TEST(b.hal.valve);
  BOOST_TEST(b.ask("WDOG 50") == "ERR 03 RANGE");
}

BOOST_AUTO_TEST_CASE(a_blinking_alarm_lamp_reads_as_one_steady_alarm) {
  Board b;
  std::vector<std::string> lines;
  // 1 Hz, lit for the first 500 ms of each second, for 10 s.
  for (int ms = 0; ms < 10000; ms += 20) {
    b.hal.alarm_input = (ms % 1000) < 500;
    for (auto& l : b.run(20)) lines.push_back(l);
  }
  BOOST_TEST(count_prefix(lines, "EV ALARM 1") == 1u);
  BOOST_TEST(count_prefix(lines, "EV ALARM 0") == 0u);
  BOOST_TEST(b.ask("ALARM") == "ALARM 1");
  // The last lit sample was at 9500 ms; the alarm ends 1500 ms (the hold time) after it.
  b.hal.alarm_input = false;
  BOOST_TEST(b.now == 10000u);
  BOOST_TEST(b.run(980).empty());
  const auto off = b.run(40);
  BOOST_TEST_REQUIRE(off.size() == 1u);
  BOOST_TEST(off[0] == "EV ALARM 0");
}

BOOST_AUTO_TEST_CASE(a_single_sample_glitch_is_no_alarm) {
  Board b;
  b.hal.alarm_input = true;
  b.run(20);
  b.hal.alarm_input = false;
  BOOST_TEST(b.run(2000).empty());
  BOOST_TEST(b.ask("ALARM") == "ALARM 0");
  BOOST_TEST(b.ask("HOLD 0") == "HOLD 0");
  BOOST_TEST(b.ask("HOLD 10001") == "ERR 03 RANGE");
}

BOOST_AUTO_TEST_CASE(the_millisecond_clock_may_wrap) {
  Board b(0xFFFFFF00u);  // 256 ms before the 32-bit wrap
  BOOST_TEST(b.ask("WDOG 1000") == "WDOG 1000");
  BOOST_TEST(b.ask("STREAM 100") == "STREAM 100");
  BOOST_TEST(b.ask("VALVE CLOSE") == "VALVE CLOSED");
  const auto lines = b.run(900);
  BOOST_TEST(count_prefix(lines, "D ") == 9u);
  BOOST_TEST(b.hal.valve);  // no early watchdog across the wrap
  const auto later = b.run(200);
  BOOST_TEST(count_prefix(later, "EV WDOG") == 1u);
}

BOOST_AUTO_TEST_CASE(number_parsing_is_strict) {
  std::int32_t v = 0;
  BOOST_TEST(firmware::parse_fixed("12.5", 1, &v));
  BOOST_TEST(v == 125);
  BOOST_TEST(firmware::parse_fixed("-0.05", 2, &v));
  BOOST_TEST(v == -5);
  BOOST_TEST(firmware::parse_fixed("+7", 2, &v));
  BOOST_TEST(v == 700);
  BOOST_TEST(firmware::parse_fixed(".5", 1, &v));
  BOOST_TEST(v == 5);
  BOOST_TEST(!firmware::parse_fixed("1.25", 1, &v));
  BOOST_TEST(!firmware::parse_fixed("1..2", 2, &v));
  BOOST_TEST(!firmware::parse_fixed("-", 1, &v));
  BOOST_TEST(!firmware::parse_fixed(".", 1, &v));
  BOOST_TEST(firmware::parse_fixed("1234567", 0, &v));  // a number; ranges are the caller's
  BOOST_TEST(v == 1234567);
  std::uint32_t u = 0;
  BOOST_TEST(firmware::parse_uint("60000", &u));
  BOOST_TEST(u == 60000u);
  BOOST_TEST(!firmware::parse_uint("", &u));
  BOOST_TEST(firmware::parse_uint("1234567890", &u));  // saturates instead of wrapping
  BOOST_TEST(u == firmware::kNumberCap);
  BOOST_TEST(firmware::adc_sum_to_microvolts(4 * 1023) == 4995117);
  BOOST_TEST(firmware::adc_sum_to_microvolts(0) == 0);
}

BOOST_AUTO_TEST_SUITE_END()
