#include "rig/record/wire_log.hpp"

#include <charconv>
#include <stdexcept>

#include "rig/record/recorded_lines.hpp"

namespace pumprig {
namespace {

constexpr char kHex[] = "0123456789abcdef";

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Nanos as seconds with exactly nine decimals, computed in integers so nothing is rounded.
void append_seconds(std::string& out, Nanos t_ns) {
  std::uint64_t mag = t_ns < 0 ? 0 - static_cast<std::uint64_t>(t_ns) : static_cast<std::uint64_t>(t_ns);
  if (t_ns < 0) out.push_back('-');
  out += std::to_string(mag / 1'000'000'000ULL);
  out.push_back('.');
  const std::string frac = std::to_string(mag % 1'000'000'000ULL);
  out.append(9 - frac.size(), '0');
  out += frac;
}

std::optional<Nanos> parse_seconds(std::string_view s) {
  bool negative = false;
  if (!s.empty() && s.front() == '-') {
    negative = true;
    s.remove_prefix(1);
  }
  const auto dot = s.find('.');
  const std::string_view whole = s.substr(0, dot);
  const std::string_view frac = dot == std::string_view::npos ? std::string_view{} : s.substr(dot + 1);
  if (whole.empty() || frac.size() > 9 || (dot != std::string_view::npos && frac.empty())) return std::nullopt;
  std::int64_t secs = 0;
  auto [p, ec] = std::from_chars(whole.data(), whole.data() + whole.size(), secs);
  if (ec != std::errc{} || p != whole.data() + whole.size()) return std::nullopt;
  std::int64_t ns = 0;
  for (const char c : frac) {
    if (c < '0' || c > '9') return std::nullopt;
    ns = ns * 10 + (c - '0');
  }
  for (std::size_t i = frac.size(); i < 9; ++i) ns *= 10;
  const Nanos t = secs * kNanosPerSecond + ns;
  return negative ? -t : t;
}

}  // namespace

std::string escape_wire_bytes(std::span<const std::uint8_t> bytes) {
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 4);
  for (const std::uint8_t b : bytes) {
    if (b == '\\') {
      out += "\\\\";
    } else if (b == '\r') {
      out += "\\r";
    } else if (b == '\n') {
      out += "\\n";
    } else if (b >= 0x20 && b < 0x7F) {
      out.push_back(static_cast<char>(b));
    } else {
      out += "\\x";
      out.push_back(kHex[b >> 4]);
      out.push_back(kHex[b & 0xF]);
    }
  }
  return out;
}

std::vector<std::uint8_t> unescape_wire_bytes(std::string_view text) {
  std::vector<std::uint8_t> out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c != '\\') {
      out.push_back(static_cast<std::uint8_t>(c));
      continue;
    }
    if (i + 1 >= text.size()) throw std::invalid_argument("wire log: lone '\\' at end of line");
    const char e = text[++i];
    if (e == '\\') {
      out.push_back('\\');
    } else if (e == 'r') {
      out.push_back('\r');
    } else if (e == 'n') {
      out.push_back('\n');
    } else if (e == 'x') {
      if (i + 2 >= text.size()) throw std::invalid_argument("wire log: truncated \\x escape");
      const int hi = hex_value(text[i + 1]);
      const int lo = hex_value(text[i + 2]);
      if (hi < 0 || lo < 0) throw std::invalid_argument("wire log: bad \\x escape");
      out.push_back(static_cast<std::uint8_t>(hi * 16 + lo));
      i += 2;
    } else {
      throw std::invalid_argument(std::string("wire log: unknown escape '\\") + e + "'");
    }
  }
  return out;
}

std::string format_wire_line(Nanos t_ns, char direction, std::span<const std::uint8_t> bytes) {
  if (direction != '>' && direction != '<')
    throw std::invalid_argument(std::string("wire direction must be '>' or '<', not '") + direction + "'");
  std::string line;
  line.reserve(24 + bytes.size() + bytes.size() / 4);
  append_seconds(line, t_ns);
  line.push_back(' ');
  line.push_back(direction);
  line.push_back(' ');
  line += escape_wire_bytes(bytes);
  return line;
}

std::optional<WireChunk> parse_wire_line(std::string_view line) {
  const auto sp = line.find(' ');
  if (sp == std::string_view::npos || sp + 2 > line.size()) return std::nullopt;
  const auto t = parse_seconds(line.substr(0, sp));
  const char dir = line[sp + 1];
  if (!t || (dir != '>' && dir != '<')) return std::nullopt;
  std::string_view rest = line.substr(sp + 2);
  if (!rest.empty()) {
    if (rest.front() != ' ') return std::nullopt;
    rest.remove_prefix(1);
  }
  try {
    return WireChunk{*t, dir, unescape_wire_bytes(rest)};
  } catch (const std::invalid_argument&) {
    return std::nullopt;
  }
}

WireLogReadResult read_wire_log(const std::filesystem::path& path) {
  WireLogReadResult result;
  RecordedLines lines(path);
  std::string line;
  while (lines.next(line)) {
    if (lines.torn()) {
      result.notes.push_back(lines.torn_note());
      break;
    }
    auto chunk = parse_wire_line(line);
    if (!chunk) {
      if (lines.last()) {
        result.notes.push_back(lines.unreadable_last_note());
        break;
      }
      throw std::runtime_error(lines.where() + ": not a wire log line");
    }
    result.chunks.push_back(std::move(*chunk));
  }
  return result;
}

}  // namespace pumprig
