#include "rig/drivers/sartorius/sartorius_parser.hpp"

#include <charconv>
#include <vector>

namespace pumprig {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }
bool is_letter(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::vector<std::string_view> split_blanks(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && is_blank(s[i])) ++i;
    const std::size_t start = i;
    while (i < s.size() && !is_blank(s[i])) ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

// Power-up bytes and software flow control a balance may put before its first line.
std::string_view skip_leading_noise(std::string_view s) {
  while (!s.empty() && (s.front() == '\0' || s.front() == 0x11 || s.front() == 0x13)) s.remove_prefix(1);
  return s;
}

bool has_control_bytes(std::string_view s) {
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7f) return true;
  }
  return false;
}

bool all_letters(std::string_view s) {
  if (s.empty()) return false;
  for (const char c : s)
    if (!is_letter(c)) return false;
  return true;
}

// digits[.digits] or .digits, at least one digit; no sign, exponent, inf/nan or hex.
std::optional<double> parse_unsigned(std::string_view s) {
  bool digit = false, point = false;
  for (const char c : s) {
    if (is_digit(c)) digit = true;
    else if (c == '.' && !point) point = true;
    else return std::nullopt;
  }
  if (!digit) return std::nullopt;
  double v = 0.0;
  std::string copy(s);  // from_chars wants a leading digit for ".5"
  if (copy.front() == '.') copy.insert(copy.begin(), '0');
  const auto [end, ec] = std::from_chars(copy.data(), copy.data() + copy.size(), v);
  if (ec != std::errc() || end != copy.data() + copy.size()) return std::nullopt;
  return v;
}

bool is_special(std::string_view t) { return t == "H" || t == "L" || t == "Err" || t.rfind("Err", 0) == 0; }

}  // namespace

const char* to_string(SbiKind k) {
  switch (k) {
    case SbiKind::weight: return "weight";
    case SbiKind::overload: return "overload";
    case SbiKind::underload: return "underload";
    case SbiKind::error: return "error";
    case SbiKind::malformed: return "malformed";
  }
  return "?";
}

SbiReading parse_sbi_line(std::string_view line) {
  SbiReading r;
  line = skip_leading_noise(line);
  if (has_control_bytes(line) || line.size() > 64) return r;
  auto t = split_blanks(line);
  std::size_t i = 0;
  // The 22-character form: an alphabetic ID before the sign or value. "H", "L" and "Err" are
  // values, not IDs; a letter token followed by nothing is a unit-less special or garbage.
  if (t.size() >= 2 && all_letters(t[0]) && t[0].size() <= 6 && !is_special(t[0])) {
    r.id = std::string(t[0]);
    i = 1;
  }
  if (i >= t.size()) return SbiReading{};
  // The sign: a token of its own ("+", "-") or glued to the digits ("-12.5").
  double sign = 1.0;
  std::string_view value = t[i];
  if (value == "+" || value == "-") {
    sign = value == "-" ? -1.0 : 1.0;
    if (++i >= t.size()) return SbiReading{};
    value = t[i];
  } else if (value.size() > 1 && (value.front() == '+' || value.front() == '-')) {
    sign = value.front() == '-' ? -1.0 : 1.0;
    value.remove_prefix(1);
  }
  ++i;
  if (value == "H" || value == "L") {
    if (i != t.size()) return SbiReading{};
    r.kind = value == "H" ? SbiKind::overload : SbiKind::underload;
    return r;
  }
  if (value.rfind("Err", 0) == 0) {
    std::string_view code = value.substr(3);
    if (code.empty() && i < t.size()) code = t[i++];
    if (i != t.size() || code.empty() || code.size() > 4) return SbiReading{};
    for (const char c : code)
      if (!is_digit(c)) return SbiReading{};
    r.kind = SbiKind::error;
    r.error = std::string(code);
    return r;
  }
  const auto number = parse_unsigned(value);
  if (!number) return SbiReading{};
  if (i < t.size()) {
    if (i + 1 != t.size() || t[i].size() > 3 || !all_letters(t[i])) return SbiReading{};
    r.unit = std::string(t[i]);
  }
  r.kind = SbiKind::weight;
  r.value = sign * *number;
  if (r.value == 0.0) r.value = 0.0;  // no -0
  r.stable = !r.unit.empty();
  return r;
}

std::optional<std::string> sbi_text(std::string_view line) {
  line = skip_leading_noise(line);
  if (has_control_bytes(line) || line.find("\\x") != std::string_view::npos) return std::nullopt;
  while (!line.empty() && is_blank(line.front())) line.remove_prefix(1);
  while (!line.empty() && is_blank(line.back())) line.remove_suffix(1);
  if (line.empty() || parse_sbi_line(line).kind != SbiKind::malformed) return std::nullopt;
  return std::string(line);
}

Bytes sbi_command_bytes(std::string_view command) {
  Bytes out;
  out.push_back(0x1b);
  for (const char c : command) out.push_back(static_cast<std::uint8_t>(c));
  return out;
}

std::optional<double> sbi_to_grams(double value, std::string_view unit) {
  if (unit == "g") return value;
  if (unit == "mg") return value * 1e-3;
  if (unit == "kg") return value * 1e3;
  return std::nullopt;
}

}  // namespace pumprig
