#include "rig/drivers/harvard/harvard_protocol.hpp"

#include <cctype>
#include <charconv>
#include <cmath>

#include <fmt/format.h>

namespace pumprig {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::optional<double> parse_number(std::string_view s) {
  s = trim(s);
  if (s.empty() || s.size() > 32) return std::nullopt;
  // from_chars for double is in GCC 12; it rejects a leading '+', which the pump never sends.
  double v = 0.0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::optional<std::int64_t> parse_int(std::string_view s) {
  std::int64_t v = 0;
  if (s.empty()) return std::nullopt;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || v < 0) return std::nullopt;
  return v;
}

// The prefix of a unit: m, u, µ (UTF-8 or Latin-1), n, p litres; "l" alone is litres.
std::optional<double> litre_prefix_ml(std::string_view u, std::string_view& rest) {
  const std::string l = lower(u);
  struct P {
    const char* text;
    double ml;
  };
  static const P kPrefixes[] = {{"ml", 1.0}, {"ul", 1e-3}, {"\xc2\xb5l", 1e-3}, {"\xb5l", 1e-3},
                                {"nl", 1e-6}, {"pl", 1e-9},  {"l", 1000.0}};
  for (const auto& p : kPrefixes) {
    const std::string_view t(p.text);
    if (l.compare(0, t.size(), t) == 0) {
      rest = u.substr(t.size());
      return p.ml;
    }
  }
  return std::nullopt;
}

// "<number> <unit>" split at the first space.
bool split_value(std::string_view text, std::string_view& number, std::string_view& unit) {
  text = trim(text);
  const auto sp = text.find_first_of(" \t");
  if (sp == std::string_view::npos) {
    number = text;
    unit = {};
  } else {
    number = text.substr(0, sp);
    unit = trim(text.substr(sp));
  }
  return !number.empty();
}

}  // namespace

const char* harvard_prompt_text(HarvardPrompt p) {
  switch (p) {
    case HarvardPrompt::idle: return ":";
    case HarvardPrompt::infusing: return ">";
    case HarvardPrompt::withdrawing: return "<";
    case HarvardPrompt::stalled: return "*";
    case HarvardPrompt::target_reached: return "T*";
  }
  return "?";
}

const char* describe(HarvardError e) {
  switch (e) {
    case HarvardError::none: return "";
    case HarvardError::command_error: return "Command error";
    case HarvardError::unknown_command: return "Unknown command";
    case HarvardError::argument_error: return "Argument error";
    case HarvardError::out_of_range: return "Out of range";
  }
  return "";
}

Bytes encode_harvard_request(int address, std::string_view command) {
  std::string text = address > 0 ? fmt::format("{}:{}\r", address, command) : fmt::format("{}\r", command);
  return Bytes(text.begin(), text.end());
}

std::optional<HarvardPromptToken> parse_harvard_prompt(std::string_view tail) {
  std::size_t digits = 0;
  while (digits < tail.size() && std::isdigit(static_cast<unsigned char>(tail[digits]))) ++digits;
  if (digits > 2) return std::nullopt;
  const std::string_view p = tail.substr(digits);
  HarvardPromptToken token{};
  if (p == ":") token.prompt = HarvardPrompt::idle;
  else if (p == ">") token.prompt = HarvardPrompt::infusing;
  else if (p == "<") token.prompt = HarvardPrompt::withdrawing;
  else if (p == "*") token.prompt = HarvardPrompt::stalled;
  else if (p == "T*") token.prompt = HarvardPrompt::target_reached;
  else return std::nullopt;
  if (digits > 0) token.address = static_cast<int>(*parse_int(tail.substr(0, digits)));
  return token;
}

std::optional<HarvardReply> parse_harvard_reply(std::string_view frame) {
  for (const char c : frame) {
    const auto u = static_cast<unsigned char>(c);
    if (u != '\r' && u != '\n' && u != '\t' && (u < 0x20 || u > 0x7E)) return std::nullopt;
  }
  const auto last_end = frame.find_last_of("\r\n");
  const std::string_view tail = last_end == std::string_view::npos ? frame : frame.substr(last_end + 1);
  const auto token = parse_harvard_prompt(tail);
  if (!token) return std::nullopt;
  HarvardReply r;
  r.address = token->address;
  r.prompt = token->prompt;
  std::string_view body = last_end == std::string_view::npos ? std::string_view() : frame.substr(0, last_end);
  while (!body.empty()) {
    const auto end = body.find_first_of("\r\n");
    const std::string_view line = trim(body.substr(0, end));
    body = end == std::string_view::npos ? std::string_view() : body.substr(end + 1);
    if (line.empty()) continue;
    const std::string l = lower(line);
    if (l == "command error") r.error = HarvardError::command_error;
    else if (l == "unknown command") r.error = HarvardError::unknown_command;
    else if (l == "argument error") r.error = HarvardError::argument_error;
    else if (l == "out of range") r.error = HarvardError::out_of_range;
    else r.lines.emplace_back(line);
  }
  return r;
}

std::optional<HarvardStatus> parse_harvard_status(std::string_view line) {
  std::vector<std::string_view> fields;
  line = trim(line);
  while (!line.empty()) {
    const auto sp = line.find_first_of(" \t");
    fields.push_back(line.substr(0, sp));
    line = sp == std::string_view::npos ? std::string_view() : trim(line.substr(sp));
  }
  if (fields.size() != 4) return std::nullopt;
  const auto rate = parse_int(fields[0]), time = parse_int(fields[1]), volume = parse_int(fields[2]);
  const std::string_view flags = fields[3];
  if (!rate || !time || !volume || flags.size() < 5 || flags.size() > 6) return std::nullopt;
  HarvardStatus s;
  s.rate_fl_s = *rate;
  s.time_ms = *time;
  s.volume_fl = *volume;
  switch (flags[0]) {
    case 'i': break;
    case 'I': s.motor_running = true; break;
    case 'w': s.withdrawing = true; break;
    case 'W': s.withdrawing = s.motor_running = true; break;
    default: return std::nullopt;
  }
  if (flags[2] != 'S' && flags[2] != '.') return std::nullopt;
  s.stalled = flags[2] == 'S';
  s.target_reached = flags.size() == 6 && flags[5] == 'T';
  return s;
}

std::optional<double> harvard_volume_unit_ml(std::string_view unit) {
  std::string_view rest;
  const auto ml = litre_prefix_ml(trim(unit), rest);
  if (!ml || !rest.empty()) return std::nullopt;
  return ml;
}

std::optional<double> harvard_rate_unit_ml_h(std::string_view unit) {
  std::string_view rest;
  const auto ml = litre_prefix_ml(trim(unit), rest);
  if (!ml || rest.empty() || rest.front() != '/') return std::nullopt;
  const std::string per = lower(rest.substr(1));
  if (per == "h" || per == "hr") return *ml;
  if (per == "m" || per == "min") return *ml * 60.0;
  if (per == "s" || per == "sec") return *ml * 3600.0;
  return std::nullopt;
}

std::optional<double> parse_harvard_volume_ml(std::string_view text) {
  std::string_view number, unit;
  if (!split_value(text, number, unit)) return std::nullopt;
  const auto v = parse_number(number);
  const auto u = harvard_volume_unit_ml(unit);
  if (!v || !u) return std::nullopt;
  return *v * *u;
}

std::optional<double> parse_harvard_rate_ml_h(std::string_view text) {
  std::string_view number, unit;
  if (!split_value(text, number, unit)) return std::nullopt;
  const auto v = parse_number(number);
  const auto u = harvard_rate_unit_ml_h(unit);
  if (!v || !u) return std::nullopt;
  return *v * *u;
}

std::optional<double> parse_harvard_diameter_mm(std::string_view text) {
  std::string_view number, unit;
  if (!split_value(text, number, unit)) return std::nullopt;
  if (!unit.empty() && lower(unit) != "mm") return std::nullopt;
  return parse_number(number);
}

std::optional<std::string> format_harvard_number(double v) {
  if (!std::isfinite(v) || v < 0.0 || v >= 1e9) return std::nullopt;
  // Six significant digits in fixed notation, then the zeros after the point trimmed.
  const int int_digits = v >= 1.0 ? static_cast<int>(std::floor(std::log10(v))) + 1 : 1;
  const int decimals = std::max(0, 6 - int_digits);
  std::string s = fmt::format("{:.{}f}", v, decimals);
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  if (s == "0" && v > 0.0) return std::nullopt;  // too small to write
  return s;
}

std::optional<std::string> harvard_rate_argument(double rate_ml_h) {
  if (!(rate_ml_h > 0.0)) return std::nullopt;
  const bool micro = rate_ml_h < 1.0;
  const auto n = format_harvard_number(micro ? rate_ml_h * 1000.0 : rate_ml_h);
  if (!n) return std::nullopt;
  return *n + (micro ? " ul/hr" : " ml/hr");
}

std::optional<std::string> harvard_volume_argument(double volume_ml) {
  if (!(volume_ml > 0.0)) return std::nullopt;
  const bool micro = volume_ml < 1.0;
  const auto n = format_harvard_number(micro ? volume_ml * 1000.0 : volume_ml);
  if (!n) return std::nullopt;
  return *n + (micro ? " ul" : " ml");
}

std::optional<HarvardVersion> parse_harvard_version(std::string_view line) {
  line = trim(line);
  const auto sp = line.find_last_of(" \t");
  if (sp == std::string_view::npos) return std::nullopt;
  HarvardVersion v{std::string(trim(line.substr(0, sp))), std::string(line.substr(sp + 1))};
  bool digit = false;
  for (const char c : v.firmware) digit = digit || std::isdigit(static_cast<unsigned char>(c));
  if (!digit || v.model.empty()) return std::nullopt;
  return v;
}

}  // namespace pumprig
