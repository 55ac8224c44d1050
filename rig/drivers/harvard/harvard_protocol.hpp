#pragma once
// Pure protocol of the Harvard Apparatus Pump 11 Elite / PHD ULTRA ("Ultra" command set): request
// encoding, the reply parser, the `status` line, and numbers with units as the pump reads and
// writes them. No I/O. Liberal in what it accepts (CR, LF or CR LF anywhere, an address before the
// prompt, unit spellings ml/h, ml/hr, mL/min, ul, µl ...), strict in what it sends.
//
// A reply is everything up to and including the prompt: text lines (each ended by CR LF, or by
// either alone) and then `[<addr>]<prompt>`, prompt one of `:` idle, `>` infusing, `<`
// withdrawing, `*` stalled, `T*` target reached. An error is a text line of its own: "Command
// error", "Unknown command", "Argument error", "Out of range".
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rig/link/link.hpp"

namespace pumprig {

enum class HarvardPrompt { idle, infusing, withdrawing, stalled, target_reached };
enum class HarvardError { none, command_error, unknown_command, argument_error, out_of_range };

const char* harvard_prompt_text(HarvardPrompt p);  // ":", ">", "<", "*", "T*"
const char* describe(HarvardError e);               // the pump's own words, "" for none

struct HarvardReply {
  std::optional<int> address;      // the digits before the prompt, when the pump sent them
  HarvardPrompt prompt = HarvardPrompt::idle;
  std::vector<std::string> lines;  // text lines before the prompt, error lines excluded
  HarvardError error = HarvardError::none;
};

// `[<addr>:]<command>\r`; the address is left out for 0 (the manual: only a nonzero address
// precedes the command, separated by a colon).
Bytes encode_harvard_request(int address, std::string_view command);

// The prompt at the end of `tail` (the text after the last line end), with its address; none when
// `tail` is not a whole prompt (more bytes to come, or not a reply).
struct HarvardPromptToken {
  std::optional<int> address;
  HarvardPrompt prompt;
};
std::optional<HarvardPromptToken> parse_harvard_prompt(std::string_view tail);

// A whole reply frame (as the framer cuts it); none when it does not end in a prompt or holds
// bytes that are not printable text.
std::optional<HarvardReply> parse_harvard_reply(std::string_view frame);

// The `status` line: "<rate fl/s> <time ms> <volume fl> <flags>", flags (5 or 6 characters):
// direction (upper case while the motor runs), limit switch, stall `S`, trigger `T`, direction
// port, target reached `T` (the sixth, where the firmware sends it).
struct HarvardStatus {
  std::int64_t rate_fl_s = 0;
  std::int64_t time_ms = 0;
  std::int64_t volume_fl = 0;
  bool withdrawing = false;
  bool motor_running = false;
  bool stalled = false;
  bool target_reached = false;
  double volume_ml() const { return static_cast<double>(volume_fl) * 1e-12; }
  double rate_ml_h() const { return static_cast<double>(rate_fl_s) * 1e-12 * 3600.0; }
};
std::optional<HarvardStatus> parse_harvard_status(std::string_view line);

// Volume units and rate units, as factors to ml and ml/h. Accepts m/u/µ/n/p litres, l or L,
// per h/hr/min/m/s/sec: "ml/h", "ml/hr", "uL/min", "µl/s", "nl/min".
std::optional<double> harvard_volume_unit_ml(std::string_view unit);
std::optional<double> harvard_rate_unit_ml_h(std::string_view unit);

// "<number> <unit>" as the pump answers irate, tvolume, diameter, ivolume: the value converted to
// ml (volumes), ml/h (rates) or mm (diameter, unit "mm" or none).
std::optional<double> parse_harvard_volume_ml(std::string_view text);
std::optional<double> parse_harvard_rate_ml_h(std::string_view text);
std::optional<double> parse_harvard_diameter_mm(std::string_view text);

// A number as sent to the pump: at most 6 significant digits, no exponent, trailing zeros
// trimmed ("25", "0.5", "26.59"); none for a negative, non-finite or unwritable value.
std::optional<std::string> format_harvard_number(double v);

// The argument of irate for a rate: ml/hr, or ul/hr below 1 ml/h so the digits are kept
// ("25 ml/hr", "500 ul/hr"); none when it cannot be written.
std::optional<std::string> harvard_rate_argument(double rate_ml_h);
// The argument of tvolume: ml, or ul below 1 ml ("10 ml", "250 ul").
std::optional<std::string> harvard_volume_argument(double volume_ml);

// The `ver` line split into model and firmware (the last word with a digit in it):
// "11 ELITE I/W Single 3.0.7" -> {"11 ELITE I/W Single", "3.0.7"}.
struct HarvardVersion {
  std::string model;
  std::string firmware;
};
std::optional<HarvardVersion> parse_harvard_version(std::string_view line);

}  // namespace pumprig
