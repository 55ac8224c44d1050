#pragma once
// Text that came from outside (fixture and scenario files, CSV cells, command-line values) is
// echoed in error messages and shown to the operator. A terminal acts on control characters and
// escape sequences in it, and invalid UTF-8 garbles the line, so input is checked where it is
// loaded and made printable wherever it is echoed.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace pumprig {

// ASCII letters upper-cased, other bytes as they are: "pass" -> "PASS" for verdicts as printed.
std::string ascii_upper(std::string_view s);

// `s` with control characters (C0, DEL, C1), and bytes that are not valid UTF-8, written as
// escapes: "\x1b", "\n", "\t", "\r", "\x9b"; backslashes stay as they are. Valid UTF-8 text
// without control characters comes back unchanged.
std::string printable(std::string_view s);

// The byte offset of the first byte that does not belong to a valid UTF-8 sequence (overlong
// forms, surrogates and code points above U+10FFFF are invalid), or nullopt.
std::optional<std::size_t> first_invalid_utf8(std::string_view s);

// The byte offset of the first control character (C0 other than tab and newline, DEL, C1), or
// nullopt. `s` must be valid UTF-8.
std::optional<std::size_t> first_control_character(std::string_view s);

// Number of code points in valid UTF-8 text.
std::size_t utf8_length(std::string_view s);

// 1-based line and column (in bytes) of byte `offset` in `text`.
struct LineCol {
  int line = 1, col = 1;
};
LineCol line_col_of(std::string_view text, std::size_t offset);

// Checks one value from outside: valid UTF-8, no control characters, at most `max_chars` code
// points. Returns what is wrong ("is longer than 256 characters (100000)", "has invalid UTF-8
// at byte 3", "has the control character \x1b at character 5"), or nullopt when it is fine.
std::optional<std::string> text_problem(std::string_view s, std::size_t max_chars);

}  // namespace pumprig
