#include <boost/test/unit_test.hpp>

#include <stdexcept>

#include "rig/config/connection_string.hpp"
#include "tests/config/expect_error.hpp"

using namespace pumprig;

BOOST_AUTO_TEST_SUITE(connection_string)

BOOST_AUTO_TEST_CASE(sim_with_and_without_options) {
  for (const char* s : {"sim", "sim:"}) {
    const ConnectionSpec c = parse_connection(s);
    BOOST_TEST((c.transport == Transport::sim));
    BOOST_TEST(c.path.empty());
    BOOST_TEST((c.serial == SerialSettings{}));
  }
  const ConnectionSpec c = parse_connection("sim:?baud=19200&format=7E2");
  BOOST_TEST(c.serial.baud == 19200);
  BOOST_TEST(c.serial.data_bits == 7);
  BOOST_TEST((c.serial.parity == Parity::even));
  BOOST_TEST(c.serial.stop_bits == 2);
}

BOOST_AUTO_TEST_CASE(tty_and_serial_carry_device_and_settings) {
  const ConnectionSpec t = parse_connection("tty:/dev/pts/5?baud=9600");
  BOOST_TEST((t.transport == Transport::tty));
  BOOST_TEST(t.path == "/dev/pts/5");
  BOOST_TEST(t.serial.baud == 9600);

  const ConnectionSpec s = parse_connection("serial:/dev/ttyUSB0?baud=9600&format=8N1&flow=xonxoff");
  BOOST_TEST((s.transport == Transport::serial));
  BOOST_TEST(s.path == "/dev/ttyUSB0");
  BOOST_TEST(s.serial.baud == 9600);
  BOOST_TEST((s.serial.parity == Parity::none));
  BOOST_TEST((s.serial.flow == FlowControl::xonxoff));
  BOOST_TEST((parse_connection("serial:/dev/ttyS0?flow=rtscts&format=7O1").serial.flow == FlowControl::rtscts));
  BOOST_TEST((parse_connection("serial:/dev/ttyS0?format=7O1").serial.parity == Parity::odd));
  BOOST_TEST(parse_connection("serial:/dev/serial/by-id/usb-FTDI_FT232R-if00-port0").path ==
             "/dev/serial/by-id/usb-FTDI_FT232R-if00-port0");
}

BOOST_AUTO_TEST_CASE(tcp_host_and_port) {
  const ConnectionSpec c = parse_connection("tcp:192.168.0.20:4001");
  BOOST_TEST((c.transport == Transport::tcp));
  BOOST_TEST(c.host == "192.168.0.20");
  BOOST_TEST(c.port == 4001);
  const ConnectionSpec v6 = parse_connection("tcp:[::1]:4001");
  BOOST_TEST(v6.host == "::1");
  BOOST_TEST(v6.port == 4001);
}

BOOST_AUTO_TEST_CASE(to_string_round_trips) {
  BOOST_TEST(to_string(parse_connection("sim")) == "sim:");
  BOOST_TEST(to_string(parse_connection("sim:?baud=19200")) == "sim:?baud=19200");
  BOOST_TEST(to_string(parse_connection("tty:/dev/pts/5")) == "tty:/dev/pts/5?baud=9600&format=8N1");
  BOOST_TEST(to_string(parse_connection("serial:/dev/ttyUSB0?flow=xonxoff&baud=9600&format=8n1")) ==
             "serial:/dev/ttyUSB0?baud=9600&format=8N1&flow=xonxoff");
  BOOST_TEST(to_string(parse_connection("tcp:[::1]:4001")) == "tcp:[::1]:4001");
  for (const char* s : {"sim:?format=7E1&flow=rtscts", "tty:/dev/pts/9?baud=115200&format=8N2",
                        "serial:COM3?baud=1200&format=7O1&flow=xonxoff", "tcp:bench-a.local:10001"}) {
    const ConnectionSpec c = parse_connection(s);
    BOOST_TEST((parse_connection(to_string(c)) == c), s);
  }
}

BOOST_AUTO_TEST_CASE(bad_strings_say_what_is_wrong) {
  EXPECT_WHAT(std::invalid_argument, parse_connection("seral:/dev/ttyUSB0"),
              "bad connection 'seral:/dev/ttyUSB0': unknown scheme 'seral' (did you mean 'serial'?); expected 'sim:', "
              "'tty:<device>', 'serial:<device>', 'usb:<VID>:<PID>' or 'tcp:<host>:<port>', with options like "
              "'?baud=9600&format=8N1&flow=xonxoff'");
  EXPECT_WHAT(std::invalid_argument, parse_connection("/dev/ttyUSB0"),
              "bad connection '/dev/ttyUSB0': a connection names its transport first: write 'serial:/dev/ttyUSB0' "
              "(or 'tty:/dev/ttyUSB0' for a pseudo-terminal)");
  EXPECT_WHAT(std::invalid_argument, parse_connection("serial:/dev/ttyUSB0?baud=fast"),
              "bad connection 'serial:/dev/ttyUSB0?baud=fast': bad baud 'fast': expected a whole number of bits per "
              "second such as 9600");
  EXPECT_WHAT(std::invalid_argument, parse_connection("serial:/dev/ttyUSB0?baud=0"),
              "bad connection 'serial:/dev/ttyUSB0?baud=0': bad baud '0': expected a whole number of bits per second "
              "such as 9600");
  EXPECT_WHAT(std::invalid_argument, parse_connection("serial:/dev/ttyUSB0?format=8X1"),
              "bad connection 'serial:/dev/ttyUSB0?format=8X1': bad format '8X1': expected data bits (5-8), parity "
              "(N, E or O) and stop bits (1 or 2), e.g. '8N1'");
  EXPECT_WHAT(std::invalid_argument, parse_connection("serial:/dev/ttyUSB0?flow=xonxof"),
              "bad connection 'serial:/dev/ttyUSB0?flow=xonxof': bad flow 'xonxof' (did you mean 'xonxoff'?): "
              "expected 'none', 'xonxoff' or 'rtscts'");
  EXPECT_WHAT(std::invalid_argument, parse_connection("serial:/dev/ttyUSB0?bud=9600"),
              "bad connection 'serial:/dev/ttyUSB0?bud=9600': unknown option 'bud' (did you mean 'baud'?); options "
              "are 'baud', 'format' and 'flow'");
  EXPECT_WHAT(std::invalid_argument, parse_connection("serial:/dev/ttyUSB0?baud=9600&baud=19200"),
              "bad connection 'serial:/dev/ttyUSB0?baud=9600&baud=19200': option 'baud' given twice");
  EXPECT_WHAT(std::invalid_argument, parse_connection("tty:"),
              "bad connection 'tty:': missing device, e.g. 'tty:/dev/pts/5'");
  EXPECT_WHAT(std::invalid_argument, parse_connection("sim:pump"),
              "bad connection 'sim:pump': 'sim:' takes no device ('pump'); options go after '?', e.g. "
              "'sim:?baud=9600'");
  EXPECT_WHAT(std::invalid_argument, parse_connection("tcp:host"),
              "bad connection 'tcp:host': missing port, e.g. 'tcp:192.168.0.20:4001'");
  EXPECT_WHAT(std::invalid_argument, parse_connection("tcp:host:99999"),
              "bad connection 'tcp:host:99999': bad port '99999': expected a whole number 1-65535");
  EXPECT_WHAT(std::invalid_argument, parse_connection("tcp:host:4001?baud=9600"),
              "bad connection 'tcp:host:4001?baud=9600': tcp connections take no options (the serial side is set up "
              "in the device server)");
  EXPECT_WHAT(std::invalid_argument, parse_connection("serial:/dev/ttyUSB0?baud"),
              "bad connection 'serial:/dev/ttyUSB0?baud': option 'baud' is not of the form key=value");
}

// usb:VID:PID names an adapter by what does not change across boots; the serial number picks
// one of several identical adapters. Hex as `pumprig ports` prints it, either case.
BOOST_AUTO_TEST_CASE(usb_connections_name_the_adapter_by_vid_pid_and_serial) {
  const ConnectionSpec a = parse_connection("usb:0403:6001");
  BOOST_TEST((a.transport == Transport::usb));
  BOOST_TEST(a.usb_vid == 0x0403);
  BOOST_TEST(a.usb_pid == 0x6001);
  BOOST_TEST(!a.usb_serial);
  BOOST_TEST(to_string(a) == "usb:0403:6001?baud=9600&format=8N1");
  const ConnectionSpec b = parse_connection("usb:067B:2303?serial=A12345&baud=19200&flow=xonxoff");
  BOOST_TEST(b.usb_vid == 0x067b);
  BOOST_TEST(b.usb_serial.value() == "A12345");
  BOOST_TEST(b.serial.baud == 19200);
  BOOST_TEST(to_string(b) == "usb:067b:2303?serial=A12345&baud=19200&format=8N1&flow=xonxoff");
  BOOST_TEST((parse_connection(to_string(b)) == b));
  EXPECT_WHAT(std::invalid_argument, parse_connection("usb:403:6001"),
              "bad connection 'usb:403:6001': bad vendor id '403': expected four hex digits, as `pumprig ports` prints "
              "them, e.g. 'usb:0403:6001'");
  EXPECT_WHAT(std::invalid_argument, parse_connection("usb:0403:60zz"),
              "bad connection 'usb:0403:60zz': bad product id '60zz': expected four hex digits, as `pumprig ports` "
              "prints them, e.g. 'usb:0403:6001'");
  EXPECT_WHAT(std::invalid_argument, parse_connection("usb:-001:6001"),
              "bad connection 'usb:-001:6001': bad vendor id '-001': expected four hex digits, as `pumprig ports` prints "
              "them, e.g. 'usb:0403:6001'");
  EXPECT_WHAT(std::invalid_argument, parse_connection("usb:"),
              "bad connection 'usb:': expected the adapter's USB vendor and product id, e.g. 'usb:0403:6001' (see "
              "`pumprig ports`)");
  EXPECT_WHAT(std::invalid_argument, parse_connection("usb:0403:6001?serial="),
              "bad connection 'usb:0403:6001?serial=': option 'serial=' is not of the form key=value");
  EXPECT_WHAT(std::invalid_argument, parse_connection("serial:/dev/ttyUSB0?serial=A1"),
              "bad connection 'serial:/dev/ttyUSB0?serial=A1': unknown option 'serial'; options are 'baud', 'format' "
              "and 'flow' (serial= is for usb: connections)");
}

BOOST_AUTO_TEST_SUITE_END()
