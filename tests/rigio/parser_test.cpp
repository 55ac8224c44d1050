#include <boost/test/unit_test.hpp>

#include <ostream>
#include <string>
#include <vector>

#include "rig/drivers/framer.hpp"
#include "rig/drivers/rigio/rigio_parser.hpp"

namespace pumprig {
// So that failed checks print the kind by name.
inline std::ostream& operator<<(std::ostream& os, RigIoKind k) { return os << to_string(k); }
}  // namespace pumprig

using namespace pumprig;

namespace {

RigIoKind kind(const std::string& line) { return parse_rigio_line(line).kind; }

}  // namespace

BOOST_AUTO_TEST_SUITE(rigio_parser)

BOOST_AUTO_TEST_CASE(identity_version_banner_pong) {
  auto r = parse_rigio_line("ID PUMPRIG RIGIO-328 SIM-IO0001 1.0.0");
  BOOST_TEST(r.kind == RigIoKind::identity);
  BOOST_TEST(r.model == "RIGIO-328");
  BOOST_TEST(r.serial == "SIM-IO0001");
  BOOST_TEST(r.firmware == "1.0.0");
  r = parse_rigio_line("VER 1.0.0 1");
  BOOST_TEST(r.kind == RigIoKind::version);
  BOOST_TEST(r.protocol == "1");
  r = parse_rigio_line("READY RIGIO-328 1.0.0");
  BOOST_TEST(r.kind == RigIoKind::ready);
  BOOST_TEST(r.model == "RIGIO-328");
  BOOST_TEST(kind("PONG") == RigIoKind::pong);
  BOOST_TEST(kind("ID OTHER RIGIO-328 S 1") == RigIoKind::malformed);
  BOOST_TEST(kind("ID PUMPRIG RIGIO-328 S") == RigIoKind::malformed);
  BOOST_TEST(kind("PONG PONG") == RigIoKind::malformed);
}

BOOST_AUTO_TEST_CASE(stream_records) {
  auto r = parse_rigio_line("D 123460 152.3 - 22.41 C----");
  BOOST_TEST_REQUIRE(r.kind == RigIoKind::record);
  BOOST_TEST(r.record.board_ms == 123460u);
  BOOST_TEST(r.record.pressure_mmhg == 152.3);
  BOOST_TEST(!r.record.pressure2_mmhg.has_value());
  BOOST_TEST(r.record.temperature_c == 22.41);
  BOOST_TEST(r.record.occluder_closed);
  BOOST_TEST(!r.record.alarm);
  BOOST_TEST(!r.record.tripped);
  r = parse_rigio_line("D 4294967295 -250.0 -3.5 -1.25 OATWE");
  BOOST_TEST_REQUIRE(r.kind == RigIoKind::record);
  BOOST_TEST(r.record.board_ms == 4294967295u);
  BOOST_TEST(r.record.pressure_mmhg == -250.0);
  BOOST_TEST(r.record.pressure2_mmhg.value_or(0) == -3.5);
  BOOST_TEST(!r.record.occluder_closed);
  BOOST_TEST(r.record.alarm);
  BOOST_TEST(r.record.tripped);
  BOOST_TEST(r.record.watchdog_released);
  BOOST_TEST(r.record.sensor_fault);
  // Liberal about spaces, strict about fields.
  BOOST_TEST(kind("  D  1  2.0  -  3.00  O----  ") == RigIoKind::record);
  BOOST_TEST(kind("D 1 2.0 - 3.00 O---") == RigIoKind::malformed);    // four flags
  BOOST_TEST(kind("D 1 2.0 - 3.00 X----") == RigIoKind::malformed);   // unknown valve flag
  BOOST_TEST(kind("D 1 2.0 - 3.00 OT---") == RigIoKind::malformed);   // flag in the wrong place
  BOOST_TEST(kind("D 1 2.0 - 3.00") == RigIoKind::malformed);
  BOOST_TEST(kind("D 1 2.0 - 3.00 O---- X") == RigIoKind::malformed);
  BOOST_TEST(kind("D -1 2.0 - 3.00 O----") == RigIoKind::malformed);  // board time is unsigned
  BOOST_TEST(kind("D 4294967296 2.0 - 3.00 O----") == RigIoKind::malformed);
  BOOST_TEST(kind("D 1 2.0.1 - 3.00 O----") == RigIoKind::malformed);
  BOOST_TEST(kind("D 1 1e3 - 3.00 O----") == RigIoKind::malformed);
  BOOST_TEST(kind("D 1 nan - 3.00 O----") == RigIoKind::malformed);
  BOOST_TEST(kind("D 1 - - 3.00 O----") == RigIoKind::malformed);
  BOOST_TEST(kind("D 1 . - 3.00 O----") == RigIoKind::malformed);
}

BOOST_AUTO_TEST_CASE(settings_echoes) {
  BOOST_TEST(parse_rigio_line("VALVE CLOSED").on);
  BOOST_TEST(kind("VALVE CLOSED") == RigIoKind::valve);
  BOOST_TEST(!parse_rigio_line("VALVE OPEN").on);
  BOOST_TEST(kind("VALVE CLOSE") == RigIoKind::malformed);  // that is the command, not the state
  BOOST_TEST(parse_rigio_line("STREAM 100").number == 100u);
  BOOST_TEST(kind("STREAM 100") == RigIoKind::stream);
  BOOST_TEST(kind("CHAN 2") == RigIoKind::channels);
  BOOST_TEST(kind("WDOG 2000") == RigIoKind::watchdog);
  BOOST_TEST(kind("HOLD 1500") == RigIoKind::hold);
  BOOST_TEST(kind("STREAM -1") == RigIoKind::malformed);
  BOOST_TEST(kind("WDOG") == RigIoKind::malformed);
  auto r = parse_rigio_line("LIMIT 1000.0");
  BOOST_TEST(r.kind == RigIoKind::limit);
  BOOST_TEST(r.value == 1000.0);
  BOOST_TEST(kind("LIMIT high") == RigIoKind::malformed);
  r = parse_rigio_line("ALARM 1");
  BOOST_TEST(r.kind == RigIoKind::alarm);
  BOOST_TEST(r.on);
  BOOST_TEST(kind("ALARM 2") == RigIoKind::malformed);
  r = parse_rigio_line("CAL T -0.25 1.0100");
  BOOST_TEST(r.kind == RigIoKind::calibration);
  BOOST_TEST(r.channel == "T");
  BOOST_TEST(r.value == -0.25);
  BOOST_TEST(r.gain == 1.01);
  BOOST_TEST(kind("CAL P3 0 1") == RigIoKind::malformed);
  BOOST_TEST(kind("CAL P1 0") == RigIoKind::malformed);
}

BOOST_AUTO_TEST_CASE(trips_and_events) {
  auto r = parse_rigio_line("TRIP 0");
  BOOST_TEST(r.kind == RigIoKind::trip);
  BOOST_TEST(!r.on);
  r = parse_rigio_line("TRIP 1 318.8 OVER");
  BOOST_TEST(r.kind == RigIoKind::trip);
  BOOST_TEST(r.on);
  BOOST_TEST(r.value == 318.8);
  BOOST_TEST(r.trip_cause == "OVER");
  r = parse_rigio_line("EV TRIP 1 -250.0 FAULT");
  BOOST_TEST(r.kind == RigIoKind::event_trip);
  BOOST_TEST(r.trip_cause == "FAULT");
  BOOST_TEST(kind("EV TRIP 0") == RigIoKind::malformed);  // a trip event always trips
  BOOST_TEST(kind("TRIP 1 300.0") == RigIoKind::malformed);
  BOOST_TEST(kind("TRIP 1 300.0 UNDER") == RigIoKind::malformed);
  BOOST_TEST(kind("EV WDOG") == RigIoKind::event_watchdog);
  BOOST_TEST(kind("EV WDOG 1") == RigIoKind::malformed);
  r = parse_rigio_line("EV ALARM 0");
  BOOST_TEST(r.kind == RigIoKind::event_alarm);
  BOOST_TEST(!r.on);
  BOOST_TEST(kind("EV") == RigIoKind::malformed);
  BOOST_TEST(kind("EV BOOM") == RigIoKind::malformed);
}

BOOST_AUTO_TEST_CASE(errors) {
  auto r = parse_rigio_line("ERR 06 TRIPPED");
  BOOST_TEST(r.kind == RigIoKind::error);
  BOOST_TEST(r.error_code == 6);
  BOOST_TEST(r.error_name == "TRIPPED");
  for (int code = 1; code <= 7; ++code) BOOST_TEST(describe_rigio_error(code).find("unknown error") == std::string::npos);
  BOOST_TEST(describe_rigio_error(42) == "unknown error code 42");
  BOOST_TEST(kind("ERR 6 TRIPPED") == RigIoKind::malformed);
  BOOST_TEST(kind("ERR 06") == RigIoKind::malformed);
  BOOST_TEST(kind("ERR XX TRIPPED") == RigIoKind::malformed);
}

BOOST_AUTO_TEST_CASE(garbage_is_malformed_never_a_value) {
  BOOST_TEST(kind("") == RigIoKind::malformed);
  BOOST_TEST(kind("   ") == RigIoKind::malformed);
  BOOST_TEST(kind("\xd0\xa0\xcf\xcf") == RigIoKind::malformed);  // a line with bit 7 set
  BOOST_TEST(kind("VALVE\tOPEN") == RigIoKind::malformed);
  BOOST_TEST(kind(std::string("PONG\0", 5)) == RigIoKind::malformed);
  BOOST_TEST(kind("pong") == RigIoKind::malformed);  // the board always answers in upper case
  BOOST_TEST(kind(std::string(5000, 'D')) == RigIoKind::malformed);
  // Every prefix of valid lines, and every single-byte corruption of one, parses without harm.
  const std::vector<std::string> good = {"D 123460 152.3 1.0 22.41 C-T-E", "EV TRIP 1 318.8 OVER",
                                         "CAL P1 -12.5 1.0100", "ID PUMPRIG RIGIO-328 SIM-IO0001 1.0.0"};
  for (const auto& g : good) {
    for (std::size_t n = 0; n < g.size(); ++n) (void)parse_rigio_line(g.substr(0, n));
    for (std::size_t i = 0; i < g.size(); ++i) {
      for (const char c : {'\x00', '\x80', ' ', '9', '-', '.'}) {
        std::string bad = g;
        bad[i] = c;
        const auto r = parse_rigio_line(bad);
        if (c == '\x00' || c == '\x80') BOOST_TEST(r.kind == RigIoKind::malformed);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(overlong_lines_are_dropped_by_the_framer) {
  LineFramer framer(128);
  const std::string lines = std::string(200, '7') + "\r\nPONG\r\n";
  framer.feed(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(lines.data()), lines.size()));
  const auto first = framer.next();
  BOOST_TEST_REQUIRE(first.has_value());
  BOOST_TEST(*first == "PONG");
  BOOST_TEST(framer.discarded() > 0u);
}

BOOST_AUTO_TEST_CASE(reply_kinds_and_command_bytes) {
  BOOST_TEST((rigio_reply_kind("READ") == RigIoKind::record));
  BOOST_TEST((rigio_reply_kind("RST") == RigIoKind::ready));
  BOOST_TEST((rigio_reply_kind("VALVE") == RigIoKind::valve));
  BOOST_TEST(!rigio_reply_kind("BOGUS").has_value());
  const Bytes b = rigio_command_bytes("VALVE CLOSE");
  BOOST_TEST(std::string(b.begin(), b.end()) == "VALVE CLOSE\r\n");
}

BOOST_AUTO_TEST_SUITE_END()
