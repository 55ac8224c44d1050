#pragma once
// The pure half of the Sartorius SBI driver: one output line (CR LF already cut off by the
// framer) in, a typed reading out; plus the command bytes. No I/O, no clock.
//
// SBI prints a 16-character line (sign, space, 8-character value with its decimal point and
// leading blanks, space, 3-character unit, CR LF) or a 22-character one with a 6-character ID
// field in front ("N     " net, "G     " gross). There is no stability flag: the unit field is
// blank while the reading is unstable. "H" is overload, "L" underload, "Err ###" an error.
//
// Liberal on input: lines are split on whitespace (never by columns), so missing or extra
// blanks, a missing CR and trailing blanks do not matter; a sign glued to the digits is
// accepted; leading NUL/XON/XOFF bytes are skipped. Anything else is `malformed`: never a
// crash, never a made-up number.
#include <optional>
#include <string>
#include <string_view>

#include "rig/drivers/mtsics/mtsics_parser.hpp"
#include "rig/link/link.hpp"

namespace pumprig {

enum class SbiKind {
  weight,     // [ID] sign value [unit]; no unit: unstable
  overload,   // [ID] [sign] H
  underload,  // [ID] [sign] L
  error,      // [ID] Err ###
  malformed,  // anything else (identity text lines are "malformed" weights: see sbi_text)
};

const char* to_string(SbiKind k);

struct SbiReading {
  SbiKind kind = SbiKind::malformed;
  std::string id;      // the 22-character form's ID ("N", "G"); empty in the 16-character form
  double value = 0.0;  // weight: the number as printed, sign applied, in `unit`
  std::string unit;    // weight: "g", "mg", "kg"...; empty while unstable
  bool stable = false; // weight: the unit field was filled in
  std::string error;   // error: the code ("54")
};

SbiReading parse_sbi_line(std::string_view line);

// An identity reply (ESC x1_, x2_, x3_): the line's text without surrounding blanks; none when
// the line is empty, carries control or escaped 8-bit bytes (line noise), or reads as a weight.
std::optional<std::string> sbi_text(std::string_view line);

// The command on the wire: ESC and its letters ("P", "T", "U", "V", "x1_"...). SBI needs no
// terminator; the driver sends none, so a balance that does not expect CR LF sees no stray bytes.
Bytes sbi_command_bytes(std::string_view command);

// Grams from a weight in g, mg or kg (other units need a table we do not want to guess).
std::optional<double> sbi_to_grams(double value, std::string_view unit);

// SBI lines end in CR LF like MT-SICS lines: the same framer, with bytes >= 0x80 escaped as \xNN.
using SbiLineFramer = MtsicsLineFramer;

}  // namespace pumprig
