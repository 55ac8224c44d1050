#pragma once
// The pure half of the rig I/O board driver: one line from the board (CR LF already cut off by a
// LineFramer) in, a typed reply, stream record or event out; plus the command formatting. No I/O,
// no clock. The protocol is hardware/firmware/rigio/PROTOCOL.md.
//
// Liberal on input (any run of spaces separates fields, leading and trailing spaces are
// ignored), strict on shape: a line that does not fit a known reply exactly, or a number that
// does not read completely, is `malformed`, never a half-parsed value.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "rig/link/link.hpp"

namespace pumprig {

enum class RigIoKind {
  ready,        // READY <model> <firmware>               power-up or RST
  identity,     // ID PUMPRIG <model> <serial> <firmware>
  version,      // VER <firmware> <protocol>
  pong,         // PONG
  valve,        // VALVE OPEN|CLOSED
  record,       // D <t_ms> <p1> <p2|-> <temp> <flags>    READ reply and stream record
  stream,       // STREAM <ms>
  channels,     // CHAN <1|2>
  limit,        // LIMIT <mmHg>
  trip,         // TRIP 0 | TRIP 1 <mmHg> OVER|FAULT
  watchdog,     // WDOG <ms>
  hold,         // HOLD <ms>
  alarm,        // ALARM 0|1
  calibration,  // CAL P1|P2|T <offset> <gain>
  event_trip,   // EV TRIP 1 <mmHg> OVER|FAULT
  event_watchdog,  // EV WDOG
  event_alarm,  // EV ALARM 0|1
  error,        // ERR <nn> <mnemonic>
  malformed,
};

const char* to_string(RigIoKind k);

struct RigIoRecord {
  std::uint32_t board_ms = 0;
  double pressure_mmhg = 0.0;
  std::optional<double> pressure2_mmhg;  // none when the board reads one channel
  double temperature_c = 0.0;
  bool occluder_closed = false;  // flag C / O
  bool alarm = false;            // A
  bool tripped = false;          // T
  bool watchdog_released = false;  // W
  bool sensor_fault = false;     // E
};

struct RigIoReply {
  RigIoKind kind = RigIoKind::malformed;
  std::string model, serial, firmware, protocol;  // ready, identity, version
  bool on = false;             // valve closed, trip latched, alarm on
  double value = 0.0;          // limit, trip pressure, calibration offset (mmHg or degC)
  double gain = 1.0;           // calibration
  std::uint32_t number = 0;    // stream ms, channels, watchdog ms, hold ms
  std::string channel;         // calibration: "P1", "P2", "T"
  std::string trip_cause;      // "OVER" or "FAULT"
  int error_code = 0;          // ERR
  std::string error_name;      // ERR mnemonic
  RigIoRecord record;
};

RigIoReply parse_rigio_line(std::string_view line);

// "unknown command", "syntax error", ... for the ERR codes of PROTOCOL.md.
std::string describe_rigio_error(int code);

// The reply kind that answers a command word ("READ" -> record, "RST" -> ready).
std::optional<RigIoKind> rigio_reply_kind(std::string_view command_word);

// A command line ready for the wire: the text, then CR LF.
Bytes rigio_command_bytes(std::string_view command);

}  // namespace pumprig
