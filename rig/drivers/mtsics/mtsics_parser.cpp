#include "rig/drivers/mtsics/mtsics_parser.hpp"

#include <charconv>
#include <cmath>

namespace pumprig {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }
bool is_upper_alnum(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
bool is_letter(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return s;
}

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

// Control bytes in a reply mean line noise or a wrong baud rate: nothing in such a line can be
// trusted. Bytes >= 0x80 are only legal inside quoted text (MT-SICS text is 8-bit).
bool has_control_bytes(std::string_view s) {
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c < 0x20 && c != '\t') || c == 0x7f) return true;
  }
  return false;
}

bool valid_id(std::string_view id) {
  if (id.empty() || id.size() > 8 || !(id[0] >= 'A' && id[0] <= 'Z')) return false;
  for (const char c : id)
    if (!is_upper_alnum(c)) return false;
  return true;
}

bool valid_status(char c) {
  switch (c) {
    case 'A': case 'B': case 'S': case 'D': case 'I': case 'L': case '+': case '-':
      return true;
    default:
      return false;
  }
}

// [+-]digits[.digits] with at least one digit; no exponent, no inf/nan, no hex.
std::optional<double> parse_number(std::string_view s) {
  if (s.empty()) return std::nullopt;
  bool negative = false;
  if (s[0] == '+' || s[0] == '-') {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s.empty() || s.size() > 32) return std::nullopt;
  std::size_t digits = 0, points = 0;
  for (const char c : s) {
    if (is_digit(c)) {
      ++digits;
    } else if (c == '.') {
      ++points;
    } else {
      return std::nullopt;
    }
  }
  if (digits == 0 || points > 1) return std::nullopt;
  double v = 0.0;
  // from_chars does not take "12." or ".5" in every library version: give it a canonical form.
  std::string canonical(s);
  if (canonical.front() == '.') canonical.insert(canonical.begin(), '0');
  if (canonical.back() == '.') canonical.pop_back();
  const auto res = std::from_chars(canonical.data(), canonical.data() + canonical.size(), v);
  if (res.ec != std::errc() || res.ptr != canonical.data() + canonical.size() || !std::isfinite(v))
    return std::nullopt;
  return negative ? -v : v;
}

bool valid_unit(std::string_view u) {
  if (u.empty() || u.size() > 6) return false;
  if (!is_letter(u[0]) && u[0] != '%') return false;
  for (const char c : u)
    if (!is_letter(c) && !is_digit(c) && c != '%' && c != '/') return false;
  return true;
}

// A sequence of quoted strings separated by blanks. Falls back to "everything between the first
// and the last quote" so a stray quote inside a model name does not lose the reply.
bool parse_texts(std::string_view s, std::vector<std::string>& out) {
  std::vector<std::string> texts;
  std::size_t i = 0;
  bool ok = true;
  while (i < s.size()) {
    if (s[i] != '"') {
      ok = false;
      break;
    }
    const std::size_t close = s.find('"', i + 1);
    if (close == std::string_view::npos) {
      ok = false;
      break;
    }
    texts.emplace_back(s.substr(i + 1, close - i - 1));
    i = close + 1;
    if (i < s.size() && !is_blank(s[i])) {
      ok = false;
      break;
    }
    while (i < s.size() && is_blank(s[i])) ++i;
  }
  if (ok) {
    out = std::move(texts);
    return true;
  }
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') {
    out = {std::string(s.substr(1, s.size() - 2))};
    return true;
  }
  return false;
}

// Outside quotes only printable ASCII makes sense.
bool ascii_only(std::string_view s) {
  for (const char c : s)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

MtsicsReply malformed() { return MtsicsReply{}; }

}  // namespace

const char* to_string(MtsicsKind k) {
  switch (k) {
    case MtsicsKind::weight: return "weight";
    case MtsicsKind::text: return "text";
    case MtsicsKind::ack: return "ack";
    case MtsicsKind::general_error: return "general_error";
    case MtsicsKind::hardware_error: return "hardware_error";
    case MtsicsKind::malformed: return "malformed";
  }
  return "?";
}

MtsicsReply parse_mtsics_line(std::string_view line) {
  // Power-up NULs and flow-control bytes that leak through carry no meaning at a line start.
  while (!line.empty() && (line.front() == '\0' || line.front() == '\x11' || line.front() == '\x13'))
    line.remove_prefix(1);
  if (has_control_bytes(line)) return malformed();
  line = trim(line);
  if (line.empty()) return malformed();

  std::size_t id_end = 0;
  while (id_end < line.size() && !is_blank(line[id_end])) ++id_end;
  const std::string_view id = line.substr(0, id_end);
  if (!valid_id(id)) return malformed();
  const std::string_view rest = trim(line.substr(id_end));

  if (id == "ES" || id == "ET" || id == "EL") {
    if (!rest.empty()) return malformed();
    MtsicsReply r;
    r.kind = MtsicsKind::general_error;
    r.id = std::string(id);
    r.error = r.id;
    return r;
  }

  if (rest.empty() || !valid_status(rest[0]) || (rest.size() > 1 && !is_blank(rest[1]))) return malformed();
  MtsicsReply r;
  r.id = std::string(id);
  r.status = rest[0];
  const std::string_view params = trim(rest.substr(1));

  if (params.empty()) {
    r.kind = MtsicsKind::ack;
    return r;
  }
  if (params.front() == '"') {
    if (!parse_texts(params, r.texts) || r.texts.empty()) return malformed();
    r.text = r.texts.front();
    r.kind = MtsicsKind::text;
    return r;
  }
  if (!ascii_only(params)) return malformed();

  auto tokens = split_blanks(params);
  if (tokens.size() == 2 && tokens[0] == "Error") {
    for (const char c : tokens[1])
      if (!is_letter(c) && !is_digit(c)) return malformed();
    r.kind = MtsicsKind::hardware_error;
    r.error = std::string(tokens[1]);
    return r;
  }

  // Weight: [sign] value unit. A sign standing alone is glued back onto its number.
  std::string value_text;
  std::size_t next = 0;
  if (tokens.size() >= 2 && (tokens[0] == "+" || tokens[0] == "-")) {
    value_text = std::string(tokens[0]) + std::string(tokens[1]);
    next = 2;
  } else if (!tokens.empty()) {
    value_text = std::string(tokens[0]);
    next = 1;
  }
  std::string unit;
  if (tokens.size() == next + 1) {
    unit = std::string(tokens[next]);
  } else if (tokens.size() == next) {
    // "12.5g": split where the number ends.
    std::size_t cut = 0;
    while (cut < value_text.size() &&
           (is_digit(value_text[cut]) || value_text[cut] == '.' || (cut == 0 && (value_text[0] == '+' || value_text[0] == '-'))))
      ++cut;
    if (cut == 0 || cut == value_text.size()) return malformed();
    unit = value_text.substr(cut);
    value_text.resize(cut);
  } else {
    return malformed();
  }
  const auto value = parse_number(value_text);
  if (!value || !valid_unit(unit)) return malformed();
  r.kind = MtsicsKind::weight;
  r.value = *value;
  r.unit = std::move(unit);
  return r;
}

std::string describe_mtsics_error(std::string_view code) {
  if (code == "ES") return "syntax error";
  if (code == "ET") return "transmission error";
  if (code == "EL") return "logical error";
  return "error";
}

std::string mtsics_reply_id(std::string_view command) {
  const std::string_view word = command.substr(0, command.find(' '));
  if (word == "@") return "I4";
  if (word == "SI" || word == "SIR" || word == "SR" || word == "SNR") return "S";
  return std::string(word);
}

std::string format_mtsics_command(std::string_view command, const std::vector<std::string>& params) {
  std::string out(command);
  for (const auto& p : params) {
    out.push_back(' ');
    out += p;
  }
  out += "\r\n";
  return out;
}

Bytes mtsics_command_bytes(std::string_view command, const std::vector<std::string>& params) {
  const std::string s = format_mtsics_command(command, params);
  return Bytes(s.begin(), s.end());
}

std::string mtsics_quote(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out.push_back('"');
  out += text;
  out.push_back('"');
  return out;
}

std::optional<std::string> MtsicsLineFramer::next() {
  auto line = lines_.next();
  if (!line) return line;
  bool clean = true;
  for (const char c : *line) clean = clean && static_cast<unsigned char>(c) < 0x80;
  if (clean) return line;
  std::string out;
  out.reserve(line->size() + 16);
  for (const char c : *line) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x80) {
      out.push_back(c);
    } else {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 0xf]);
    }
  }
  return out;
}

std::optional<double> mtsics_to_grams(double value, std::string_view unit) {
  if (unit == "g") return value;
  if (unit == "mg") return value * 1e-3;
  if (unit == "kg") return value * 1e3;
  if (unit == "ug") return value * 1e-6;
  return std::nullopt;
}

}  // namespace pumprig
