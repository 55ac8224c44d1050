#pragma once
// A fixture names each instrument's link by a connection string, the way sigrok swaps a
// simulator in for a serial port: the bench builds the Link from it and drivers never know.
//   sim:  sim  sim:?baud=9600&format=8N1            in-process simulated instrument
//   tty:/dev/pts/5?baud=9600                        pseudo-terminal (termios; libserialport refuses ptys)
//   serial:/dev/ttyUSB0?baud=9600&format=8N1&flow=xonxoff   real port (libserialport)
//   usb:0403:6001?serial=A12345&baud=9600          real port found by USB VID:PID (and serial number)
//                                                  when the link opens (rig/link/usb_port_match.hpp)
//   tcp:192.168.0.20:4001   tcp:[::1]:4001          serial device server / network balance
#include <optional>
#include <string>
#include <string_view>

#include "rig/link/link.hpp"

namespace pumprig {

enum class Transport { sim, tty, serial, usb, tcp };

const char* to_string(Transport t);

struct ConnectionSpec {
  Transport transport = Transport::sim;
  std::string path;   // device for tty/serial, "host:port" for tcp, empty for sim
  std::string host;   // tcp only
  int port = 0;       // tcp only, 1-65535
  int usb_vid = 0, usb_pid = 0;         // usb only
  std::optional<std::string> usb_serial;  // usb only: the adapter's serial number, when given
  // Options baud, format, flow (sim uses them to model transmission time). Not for tcp.
  SerialSettings serial;
  bool operator==(const ConnectionSpec&) const = default;
};

// Throws std::invalid_argument naming the string and what is wrong: unknown scheme (with
// did-you-mean), missing device or port, bad baud, bad format ("8X1"), bad flow, unknown or
// repeated option.
ConnectionSpec parse_connection(std::string_view text);

// Canonical text that parses back to an equal spec. tty/serial always spell out baud and
// format (the record should say how the port was set); sim only writes non-default options.
std::string to_string(const ConnectionSpec& spec);

}  // namespace pumprig
