#pragma once
// The pure half of the MT-SICS driver: one reply line (CR LF already cut off by a LineFramer) in,
// a typed reply out; plus the command formatting the host needs. No I/O, no clock, so every
// oddity a balance or a noisy cable can produce is testable on byte vectors.
//
// Liberal on input: weights are split on whitespace (never by columns), signs may be detached
// from the digits, the decimal point is optional, a number glued to its unit ("12.5g") is
// accepted, leading NUL/XON/XOFF bytes (power-up, software flow control) are skipped. Anything
// that does not fit a known reply shape is `malformed`: never a crash, never a made-up number.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rig/drivers/framer.hpp"
#include "rig/link/link.hpp"

namespace pumprig {

enum class MtsicsKind {
  weight,          // <ID> <status> <value> <unit>           e.g. S S      12.3456 g
  text,            // <ID> <status> "<text>" ["<text>"...]   e.g. I4 A "B123456789"
  ack,             // <ID> <status>                           e.g. Z A, S I, S +, C B
  general_error,   // ES / ET / EL (no status)
  hardware_error,  // <ID> <status> Error <code>             e.g. S S Error 3t
  malformed,       // anything else
};

const char* to_string(MtsicsKind k);

struct MtsicsReply {
  MtsicsKind kind = MtsicsKind::malformed;
  std::string id;      // "S", "I2", "Z", "TI", "TA", "C", "I4"...; "ES"/"ET"/"EL" for general errors
  char status = 0;     // 'A','B','S','D','I','L','+','-'; 0 for general errors and malformed lines
  double value = 0.0;  // weight replies: the number as sent, in `unit`
  std::string unit;    // weight replies: "g", "mg", "kg"...
  std::string text;    // text replies: the first quoted string, without quotes
  std::vector<std::string> texts;  // text replies: every quoted string
  std::string error;   // "ES"/"ET"/"EL" for general errors; the code ("3t") for hardware errors
};

MtsicsReply parse_mtsics_line(std::string_view line);

// "syntax error" for ES, "transmission error" for ET, "logical error" for EL.
std::string describe_mtsics_error(std::string_view code);

// The reply ID that answers `command` ("SI" and "SIR" are answered by "S", "@" by "I4").
std::string mtsics_reply_id(std::string_view command);

// A command line ready for the wire: the command and its parameters separated by single
// spaces, then CR LF. Text parameters must be quoted by the caller (see mtsics_quote).
std::string format_mtsics_command(std::string_view command, const std::vector<std::string>& params = {});
Bytes mtsics_command_bytes(std::string_view command, const std::vector<std::string>& params = {});
std::string mtsics_quote(std::string_view text);

// CR LF lines as LineFramer cuts them, with every byte >= 0x80 written as the four characters
// \xNN. Such bytes are only legal inside quoted text; elsewhere they are line noise, and the line
// stays malformed either way. Escaping keeps every frame 7-bit clean for messages and records:
// a formatter can abort on them (fmt "{:?}" bound to the copy inside libspdlog did), depending on
// which shared library's copy of fmt the process binds, and JSON refuses invalid UTF-8.
class MtsicsLineFramer final : public Framer {
 public:
  explicit MtsicsLineFramer(std::size_t max_line = 256) : lines_(max_line) {}
  void feed(std::span<const std::uint8_t> bytes) override { lines_.feed(bytes); }
  std::optional<std::string> next() override;
  std::size_t discarded() const override { return lines_.discarded(); }
  void reset() override { lines_.reset(); }

 private:
  LineFramer lines_;
};


// Grams from a weight in a mass unit the driver supports ("g", "mg", "kg", "ug"); nothing for
// units that are not plain mass (ct, lb, oz... would need a table we do not want to guess).
std::optional<double> mtsics_to_grams(double value, std::string_view unit);

}  // namespace pumprig
