#pragma once
// The raw wire log: every chunk of bytes that crossed a link, both ways, one text line each:
//   "12.345678901 > S S      12.3456 g\r\n"
// time (run seconds, exactly 9 decimals so the Nanos round-trip), direction ('>' host to
// instrument, '<' instrument to host), a space, then the bytes. Printable ASCII stays as is;
// '\\' is written "\\\\", CR "\\r", LF "\\n" and every other byte "\\xNN" (lowercase hex), so the
// file is plain text yet the exact bytes can be recovered.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "rig/core/time.hpp"

namespace pumprig {

struct WireChunk {
  Nanos t_ns = 0;
  char direction = '>';  // '>' host to instrument, '<' instrument to host
  std::vector<std::uint8_t> bytes;
  bool operator==(const WireChunk&) const = default;
};

std::string escape_wire_bytes(std::span<const std::uint8_t> bytes);
// Throws std::invalid_argument on a malformed escape (lone '\\', bad hex, unknown letter).
std::vector<std::uint8_t> unescape_wire_bytes(std::string_view text);

// One line without its '\n'. Throws std::invalid_argument unless direction is '>' or '<'.
std::string format_wire_line(Nanos t_ns, char direction, std::span<const std::uint8_t> bytes);
// Parses a line (without '\n'); std::nullopt if it is not a well-formed wire line.
std::optional<WireChunk> parse_wire_line(std::string_view line);

struct WireLogReadResult {
  std::vector<WireChunk> chunks;
  std::vector<std::string> notes;  // e.g. a torn last line that was dropped
};
// Reads a wire-<instrument>.log. A torn or malformed last line is dropped with a note; a
// malformed line elsewhere throws std::runtime_error naming file:line.
WireLogReadResult read_wire_log(const std::filesystem::path& path);

}  // namespace pumprig
