// usb:VID:PID connections matched against a port list as libserialport gives it: one match is the
// port; none or several is an error that lists every port found, so the tester can fix the fixture.
#include <boost/test/unit_test.hpp>

#include <stdexcept>
#include <string>
#include <vector>

#include "rig/link/usb_port_match.hpp"

using namespace pumprig;

namespace {

SerialPortInfo usb(std::string name, int vid, int pid, std::string serial) {
  SerialPortInfo p;
  p.name = std::move(name);
  p.description = "USB serial adapter";
  p.transport = "usb";
  p.usb_vid = vid;
  p.usb_pid = pid;
  p.usb_serial = std::move(serial);
  return p;
}

const std::vector<SerialPortInfo> kPorts{
    SerialPortInfo{"/dev/ttyS0", "", "native", std::nullopt, std::nullopt, "", "", ""},
    usb("/dev/ttyUSB0", 0x0403, 0x6001, "A10K1B2C"),  // FTDI: the balance
    usb("/dev/ttyUSB1", 0x0403, 0x6001, "A10K9Z9Z"),  // FTDI: the pump
    usb("/dev/ttyACM0", 0x2341, 0x0043, ""),          // the rig I/O board (Arduino Uno)
};

std::string error_of(const UsbPortWanted& w) {
  try {
    match_usb_port(w, kPorts);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(usb_port_match)

BOOST_AUTO_TEST_CASE(one_match_is_the_port) {
  BOOST_TEST(match_usb_port({0x2341, 0x0043, std::nullopt}, kPorts) == "/dev/ttyACM0");
  BOOST_TEST(match_usb_port({0x0403, 0x6001, std::string("A10K9Z9Z")}, kPorts) == "/dev/ttyUSB1");
  BOOST_TEST(match_usb_port({0x0403, 0x6001, std::string("A10K1B2C")}, kPorts) == "/dev/ttyUSB0");
}

BOOST_AUTO_TEST_CASE(several_matches_ask_for_the_serial_number_and_list_the_ports) {
  const std::string e = error_of({0x0403, 0x6001, std::nullopt});
  BOOST_TEST(e.find("2 ports are USB 0403:6001: /dev/ttyUSB0 (serial A10K1B2C), /dev/ttyUSB1 (serial A10K9Z9Z)") == 0u, e);
  BOOST_TEST(e.find("add '?serial=...'") != std::string::npos, e);
  BOOST_TEST(e.find("\n  /dev/ttyACM0  USB serial adapter  USB 2341:0043") != std::string::npos, e);
  BOOST_TEST(e.find("\n  /dev/ttyS0") != std::string::npos, e);
}

BOOST_AUTO_TEST_CASE(no_match_lists_what_is_plugged_in) {
  const std::string e = error_of({0x0403, 0x6001, std::string("NOPE")});
  BOOST_TEST(e.find("no port is USB 0403:6001 with serial number NOPE (is it plugged in?); ports found:") == 0u, e);
  BOOST_TEST(e.find("/dev/ttyUSB1  USB serial adapter  USB 0403:6001  serial A10K9Z9Z") != std::string::npos, e);
  try {
    match_usb_port({0x1a86, 0x7523, std::nullopt}, {});
    BOOST_FAIL("matched in an empty list");
  } catch (const std::runtime_error& ex) {
    BOOST_TEST(std::string(ex.what()) == "no port is USB 1a86:7523 (is it plugged in?); no serial ports found");
  }
}

BOOST_AUTO_TEST_SUITE_END()
