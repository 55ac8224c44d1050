#pragma once
// The pure half of the New Era NE-1000 driver: number formatting, request encoders and the reply
// parser. No I/O, no clock: everything here is tested on byte vectors.
//
// Requests: basic mode `[addr]CMD[ data] CR`; safe mode `STX LEN [addr]CMD[ data] CRC_hi CRC_lo
// ETX` with LEN = len(payload) + 4 and CRC-16/XMODEM over the payload (no CR inside the frame).
// Replies: `STX <addr 2 digits> <prompt> [data] ETX`, or in safe mode the same payload framed like
// a request. Alarms replace the prompt (`A?S`); errors follow it (`S?OOR`).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "rig/link/link.hpp"

namespace pumprig {

inline constexpr std::uint8_t kNe1000Stx = 0x02;
inline constexpr std::uint8_t kNe1000Etx = 0x03;
inline constexpr std::uint8_t kNe1000Cr = 0x0D;

// ---- numbers -------------------------------------------------------------------------------
// The pump reads at most 4 digits plus a decimal point, at most 3 of them after the point. Picks
// the form with the most decimals that fits (1 -> "1.000", 25 -> "25.00", 150 -> "150.0",
// 1500 -> "1500"). Nothing for negative, non-finite, >= 9999.5, or a non-zero value that would
// be written as zero.
std::optional<std::string> format_ne1000_number(double value);
// Liberal reader for numbers in replies ("26.59", "0.000", "1500", ".5").
std::optional<double> parse_ne1000_number(std::string_view text);

enum class Ne1000RateUnit { ul_min, ml_min, ul_h, ml_h };
const char* ne1000_rate_unit_code(Ne1000RateUnit u);  // "UM", "MM", "UH", "MH"
std::optional<Ne1000RateUnit> parse_ne1000_rate_unit(std::string_view code);
double ne1000_rate_to_ml_h(double value, Ne1000RateUnit u);
double ne1000_rate_from_ml_h(double rate_ml_h, Ne1000RateUnit u);

struct Ne1000RateSetting {
  std::string number;  // as it goes on the wire, e.g. "25.00"
  Ne1000RateUnit unit = Ne1000RateUnit::ml_h;
  std::string command() const;  // "RAT 25.00 MH"
};
// The unit whose 4-digit form loses least (smallest relative rounding error); exact ties go to
// MH, then UH, MM, UM. Nothing for a rate that is not positive or cannot be written in any unit.
std::optional<Ne1000RateSetting> choose_ne1000_rate(double rate_ml_h);

struct Ne1000VolumeSetting {
  std::string number;
  bool microlitres = false;     // UL instead of ML
  const char* unit_code() const { return microlitres ? "UL" : "ML"; }
};
// ML unless UL writes the volume more exactly (tiny volumes). Zero is "0.000 ML" (no limit).
std::optional<Ne1000VolumeSetting> choose_ne1000_volume(double volume_ml);

// ---- requests ------------------------------------------------------------------------------
// `command` is the command with its data, e.g. "RAT 25.00 MH"; "" is the status poll. The address
// (0-99) is written in decimal without padding; nullopt sends none (every pump on the bus answers).
Bytes encode_ne1000_basic_request(std::optional<int> address, std::string_view command);
Bytes encode_ne1000_safe_request(std::optional<int> address, std::string_view command);
// STX LEN payload CRC_hi CRC_lo ETX: the safe-mode frame around any payload (requests and replies).
Bytes encode_ne1000_safe_frame(std::string_view payload);

// ---- replies -------------------------------------------------------------------------------
enum class Ne1000ReplyKind { ok, bad_crc, malformed };
enum class Ne1000Prompt { infusing, withdrawing, stopped, paused, timed_pause, user_wait, purging, alarm };
enum class Ne1000Alarm { none, reset, stall, comms_timeout, program_error, phase_out_of_range };
enum class Ne1000Error { none, unknown_command, not_applicable, out_of_range, bad_packet, ignored };

struct Ne1000Reply {
  Ne1000ReplyKind kind = Ne1000ReplyKind::malformed;
  bool safe_frame = false;  // the framing it was parsed as
  int address = -1;
  Ne1000Prompt prompt = Ne1000Prompt::stopped;
  Ne1000Alarm alarm = Ne1000Alarm::none;  // set when prompt == alarm
  Ne1000Error error = Ne1000Error::none;
  std::string data;    // what follows the prompt when it is not an error: "NE1000V3.928", "25.00MH"
  std::string detail;  // why a frame is malformed or its CRC bad, for the log
  bool ok() const { return kind == Ne1000ReplyKind::ok; }
};

// `frame` is a whole frame from STX to ETX as Ne1000Framer returns it.
Ne1000Reply parse_ne1000_reply(std::string_view frame, bool safe_mode);
// True when the byte after STX is not a digit, i.e. the frame is safe-mode framed (see the framer).
bool is_ne1000_safe_frame(std::string_view frame);

char ne1000_prompt_char(Ne1000Prompt p);  // 'I', 'W', ... 'A'
const char* to_string(Ne1000Prompt p);    // "infusing", ...
const char* ne1000_alarm_text(Ne1000Alarm a);  // "stall", "reset", "comms timeout", ...
const char* ne1000_alarm_code(Ne1000Alarm a);  // "A?S", ...
std::string describe(Ne1000Error e);      // "?OOR (out of range)"

struct Ne1000Version {
  std::string model;     // "NE-1000"
  std::string firmware;  // "3.928"
};
// "NE1000V3.928" -> {"NE-1000", "3.928"}.
std::optional<Ne1000Version> parse_ne1000_version(std::string_view data);

struct Ne1000Quantity {
  double value = 0.0;
  std::string unit;  // "MH", "ML", ... possibly empty ("26.59")
};
// "25.00MH" -> {25.0, "MH"}; "26.59" -> {26.59, ""}.
std::optional<Ne1000Quantity> parse_ne1000_quantity(std::string_view data);

struct Ne1000Dispensed {
  double infused = 0.0;
  double withdrawn = 0.0;
  bool microlitres = false;
  double infused_ml() const { return microlitres ? infused / 1000.0 : infused; }
  double withdrawn_ml() const { return microlitres ? withdrawn / 1000.0 : withdrawn; }
};
// "I1.234W0.000ML" -> {1.234, 0.0, ml}.
std::optional<Ne1000Dispensed> parse_ne1000_dispensed(std::string_view data);

}  // namespace pumprig
