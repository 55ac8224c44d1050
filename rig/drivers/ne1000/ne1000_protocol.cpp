#include "rig/drivers/ne1000/ne1000_protocol.hpp"

#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "rig/drivers/ne1000/crc16_xmodem.hpp"

namespace pumprig {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

int count_digits(std::string_view s) {
  int n = 0;
  for (const char c : s) n += is_digit(c) ? 1 : 0;
  return n;
}

Bytes to_bytes(std::string_view s) { return Bytes(s.begin(), s.end()); }

std::string payload_of(std::optional<int> address, std::string_view command) {
  std::string p = address ? std::to_string(*address) : std::string();
  p.append(command);
  return p;
}

// Relative error of writing `value` as `text`.
double rounding_error(double value, const std::string& text) {
  const auto written = parse_ne1000_number(text);
  if (!written) return INFINITY;
  if (value == 0.0) return *written == 0.0 ? 0.0 : INFINITY;
  return std::fabs(*written - value) / value;
}

}  // namespace

// ---- numbers -------------------------------------------------------------------------------

std::optional<std::string> format_ne1000_number(double value) {
  if (!std::isfinite(value) || value < 0.0) return std::nullopt;
  // -0.0 passes the test above but prints as "-0.000", which no pump (nor our parser) takes.
  if (value == 0.0) value = 0.0;
  for (int decimals = 3; decimals >= 0; --decimals) {
    std::string s = fmt::format("{:.{}f}", value, decimals);
    if (count_digits(s) > 4) continue;
    if (value > 0.0 && s.find_first_of("123456789") == std::string::npos) return std::nullopt;
    return s;
  }
  return std::nullopt;
}

std::optional<double> parse_ne1000_number(std::string_view text) {
  if (text.empty() || text.size() > 16) return std::nullopt;
  for (const char c : text)
    if (!is_digit(c) && c != '.') return std::nullopt;
  if (count_digits(text) == 0) return std::nullopt;
  double v = 0.0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size()) {
    // from_chars rejects ".5"; the pump's own replies never start with a point, operators might.
    if (text.front() == '.') {
      const std::string padded = "0" + std::string(text);
      const auto [p2, e2] = std::from_chars(padded.data(), padded.data() + padded.size(), v);
      if (e2 == std::errc() && p2 == padded.data() + padded.size()) return v;
    }
    return std::nullopt;
  }
  return v;
}

const char* ne1000_rate_unit_code(Ne1000RateUnit u) {
  switch (u) {
    case Ne1000RateUnit::ul_min: return "UM";
    case Ne1000RateUnit::ml_min: return "MM";
    case Ne1000RateUnit::ul_h: return "UH";
    case Ne1000RateUnit::ml_h: return "MH";
  }
  return "MH";
}

std::optional<Ne1000RateUnit> parse_ne1000_rate_unit(std::string_view code) {
  if (code == "UM") return Ne1000RateUnit::ul_min;
  if (code == "MM") return Ne1000RateUnit::ml_min;
  if (code == "UH") return Ne1000RateUnit::ul_h;
  if (code == "MH") return Ne1000RateUnit::ml_h;
  return std::nullopt;
}

double ne1000_rate_to_ml_h(double value, Ne1000RateUnit u) {
  switch (u) {
    case Ne1000RateUnit::ul_min: return value * 60.0 / 1000.0;
    case Ne1000RateUnit::ml_min: return value * 60.0;
    case Ne1000RateUnit::ul_h: return value / 1000.0;
    case Ne1000RateUnit::ml_h: return value;
  }
  return value;
}

double ne1000_rate_from_ml_h(double rate_ml_h, Ne1000RateUnit u) {
  switch (u) {
    case Ne1000RateUnit::ul_min: return rate_ml_h * 1000.0 / 60.0;
    case Ne1000RateUnit::ml_min: return rate_ml_h / 60.0;
    case Ne1000RateUnit::ul_h: return rate_ml_h * 1000.0;
    case Ne1000RateUnit::ml_h: return rate_ml_h;
  }
  return rate_ml_h;
}

std::string Ne1000RateSetting::command() const { return fmt::format("RAT {} {}", number, ne1000_rate_unit_code(unit)); }

std::optional<Ne1000RateSetting> choose_ne1000_rate(double rate_ml_h) {
  if (!std::isfinite(rate_ml_h) || rate_ml_h <= 0.0) return std::nullopt;
  std::optional<Ne1000RateSetting> best;
  double best_error = INFINITY;
  // Preference order for exact ties: the unit a tester would write first.
  for (const Ne1000RateUnit u : {Ne1000RateUnit::ml_h, Ne1000RateUnit::ul_h, Ne1000RateUnit::ml_min,
                                 Ne1000RateUnit::ul_min}) {
    const double v = ne1000_rate_from_ml_h(rate_ml_h, u);
    const auto text = format_ne1000_number(v);
    if (!text) continue;
    const double err = rounding_error(v, *text);
    if (err < best_error * (1.0 - 1e-9)) {
      best_error = err;
      best = Ne1000RateSetting{*text, u};
    }
  }
  return best;
}

std::optional<Ne1000VolumeSetting> choose_ne1000_volume(double volume_ml) {
  if (!std::isfinite(volume_ml) || volume_ml < 0.0) return std::nullopt;
  const auto ml = format_ne1000_number(volume_ml);
  const auto ul = format_ne1000_number(volume_ml * 1000.0);
  const double ml_err = ml ? rounding_error(volume_ml, *ml) : INFINITY;
  const double ul_err = ul ? rounding_error(volume_ml * 1000.0, *ul) : INFINITY;
  if (ml && ml_err <= ul_err) return Ne1000VolumeSetting{*ml, false};
  if (ul) return Ne1000VolumeSetting{*ul, true};
  return std::nullopt;
}

// ---- requests ------------------------------------------------------------------------------

Bytes encode_ne1000_basic_request(std::optional<int> address, std::string_view command) {
  Bytes b = to_bytes(payload_of(address, command));
  b.push_back(kNe1000Cr);
  return b;
}

Bytes encode_ne1000_safe_frame(std::string_view payload) {
  const std::uint16_t crc = crc16_xmodem(payload);
  Bytes b;
  b.reserve(payload.size() + 5);
  b.push_back(kNe1000Stx);
  b.push_back(static_cast<std::uint8_t>(payload.size() + 4));
  b.insert(b.end(), payload.begin(), payload.end());
  b.push_back(static_cast<std::uint8_t>(crc >> 8));
  b.push_back(static_cast<std::uint8_t>(crc & 0xFF));
  b.push_back(kNe1000Etx);
  return b;
}

Bytes encode_ne1000_safe_request(std::optional<int> address, std::string_view command) {
  return encode_ne1000_safe_frame(payload_of(address, command));
}

// ---- replies -------------------------------------------------------------------------------

bool is_ne1000_safe_frame(std::string_view frame) { return frame.size() >= 2 && !is_digit(frame[1]); }

char ne1000_prompt_char(Ne1000Prompt p) {
  switch (p) {
    case Ne1000Prompt::infusing: return 'I';
    case Ne1000Prompt::withdrawing: return 'W';
    case Ne1000Prompt::stopped: return 'S';
    case Ne1000Prompt::paused: return 'P';
    case Ne1000Prompt::timed_pause: return 'T';
    case Ne1000Prompt::user_wait: return 'U';
    case Ne1000Prompt::purging: return 'X';
    case Ne1000Prompt::alarm: return 'A';
  }
  return '?';
}

const char* to_string(Ne1000Prompt p) {
  switch (p) {
    case Ne1000Prompt::infusing: return "infusing";
    case Ne1000Prompt::withdrawing: return "withdrawing";
    case Ne1000Prompt::stopped: return "stopped";
    case Ne1000Prompt::paused: return "paused";
    case Ne1000Prompt::timed_pause: return "timed pause";
    case Ne1000Prompt::user_wait: return "user wait";
    case Ne1000Prompt::purging: return "purging";
    case Ne1000Prompt::alarm: return "alarm";
  }
  return "unknown";
}

const char* ne1000_alarm_text(Ne1000Alarm a) {
  switch (a) {
    case Ne1000Alarm::none: return "";
    case Ne1000Alarm::reset: return "reset";
    case Ne1000Alarm::stall: return "stall";
    case Ne1000Alarm::comms_timeout: return "comms timeout";
    case Ne1000Alarm::program_error: return "program error";
    case Ne1000Alarm::phase_out_of_range: return "program phase out of range";
  }
  return "";
}

const char* ne1000_alarm_code(Ne1000Alarm a) {
  switch (a) {
    case Ne1000Alarm::none: return "";
    case Ne1000Alarm::reset: return "A?R";
    case Ne1000Alarm::stall: return "A?S";
    case Ne1000Alarm::comms_timeout: return "A?T";
    case Ne1000Alarm::program_error: return "A?E";
    case Ne1000Alarm::phase_out_of_range: return "A?O";
  }
  return "";
}

std::string describe(Ne1000Error e) {
  switch (e) {
    case Ne1000Error::none: return "";
    case Ne1000Error::unknown_command: return "? (unknown command)";
    case Ne1000Error::not_applicable: return "?NA (not applicable now)";
    case Ne1000Error::out_of_range: return "?OOR (out of range)";
    case Ne1000Error::bad_packet: return "?COM (invalid packet)";
    case Ne1000Error::ignored: return "?IGN (ignored)";
  }
  return "";
}

namespace {

std::optional<Ne1000Prompt> prompt_from(char c) {
  switch (c) {
    case 'I': return Ne1000Prompt::infusing;
    case 'W': return Ne1000Prompt::withdrawing;
    case 'S': return Ne1000Prompt::stopped;
    case 'P': return Ne1000Prompt::paused;
    case 'T': return Ne1000Prompt::timed_pause;
    case 'U': return Ne1000Prompt::user_wait;
    case 'X': return Ne1000Prompt::purging;
    case 'A': return Ne1000Prompt::alarm;
    default: return std::nullopt;
  }
}

std::optional<Ne1000Alarm> alarm_from(char c) {
  switch (c) {
    case 'R': return Ne1000Alarm::reset;
    case 'S': return Ne1000Alarm::stall;
    case 'T': return Ne1000Alarm::comms_timeout;
    case 'E': return Ne1000Alarm::program_error;
    case 'O': return Ne1000Alarm::phase_out_of_range;
    default: return std::nullopt;
  }
}

std::optional<Ne1000Error> error_from(std::string_view code) {
  if (code.empty()) return Ne1000Error::unknown_command;
  if (code == "NA") return Ne1000Error::not_applicable;
  if (code == "OOR") return Ne1000Error::out_of_range;
  if (code == "COM") return Ne1000Error::bad_packet;
  if (code == "IGN") return Ne1000Error::ignored;
  return std::nullopt;
}

Ne1000Reply malformed(Ne1000Reply r, std::string why) {
  r.kind = Ne1000ReplyKind::malformed;
  r.detail = std::move(why);
  return r;
}

}  // namespace

Ne1000Reply parse_ne1000_reply(std::string_view frame, bool safe_mode) {
  Ne1000Reply r;
  r.safe_frame = safe_mode;
  if (frame.size() < 2 || static_cast<std::uint8_t>(frame.front()) != kNe1000Stx ||
      static_cast<std::uint8_t>(frame.back()) != kNe1000Etx)
    return malformed(r, "not an STX ... ETX frame");

  std::string_view payload;
  if (safe_mode) {
    if (frame.size() < 5) return malformed(r, "safe-mode frame shorter than 5 bytes");
    const std::size_t len = static_cast<std::uint8_t>(frame[1]);
    if (len != frame.size() - 1)
      return malformed(r, fmt::format("length byte says {} but the frame carries {}", len, frame.size() - 1));
    payload = frame.substr(2, frame.size() - 5);
    const std::uint16_t sent = static_cast<std::uint16_t>((static_cast<std::uint8_t>(frame[frame.size() - 3]) << 8) |
                                                          static_cast<std::uint8_t>(frame[frame.size() - 2]));
    const std::uint16_t computed = crc16_xmodem(payload);
    if (sent != computed) {
      r.kind = Ne1000ReplyKind::bad_crc;
      r.detail = fmt::format("CRC {:04X} does not match the payload's {:04X}", sent, computed);
      return r;
    }
  } else {
    payload = frame.substr(1, frame.size() - 2);
  }

  for (const char c : payload)
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7E)
      return malformed(r, "control or non-ASCII byte in the reply");
  if (payload.size() < 3) return malformed(r, "reply shorter than address and prompt");
  if (!is_digit(payload[0]) || !is_digit(payload[1])) return malformed(r, "address is not two digits");
  r.address = (payload[0] - '0') * 10 + (payload[1] - '0');
  const auto prompt = prompt_from(payload[2]);
  if (!prompt) return malformed(r, fmt::format("unknown prompt '{}'", payload[2]));
  r.prompt = *prompt;
  std::string_view rest = payload.substr(3);

  if (r.prompt == Ne1000Prompt::alarm) {
    if (rest.size() < 2 || rest[0] != '?') return malformed(r, "alarm prompt without '?<code>'");
    const auto alarm = alarm_from(rest[1]);
    if (!alarm) return malformed(r, fmt::format("unknown alarm code '{}'", rest[1]));
    r.alarm = *alarm;
    r.data = std::string(rest.substr(2));
  } else if (!rest.empty() && rest[0] == '?') {
    const auto error = error_from(rest.substr(1));
    if (!error) return malformed(r, fmt::format("unknown error code '{}'", rest));
    r.error = *error;
  } else {
    r.data = std::string(rest);
  }
  r.kind = Ne1000ReplyKind::ok;
  return r;
}

std::optional<Ne1000Version> parse_ne1000_version(std::string_view data) {
  // <letters><digits>V<version>: the model's letters and number get the hyphen the catalogue uses.
  std::size_t i = 0;
  while (i < data.size() && data[i] >= 'A' && data[i] <= 'Z') ++i;
  const std::size_t letters = i;
  while (i < data.size() && is_digit(data[i])) ++i;
  if (letters == 0 || i == letters || i >= data.size() || data[i] != 'V' || i + 1 >= data.size())
    return std::nullopt;
  Ne1000Version v;
  v.model = fmt::format("{}-{}", data.substr(0, letters), data.substr(letters, i - letters));
  v.firmware = std::string(data.substr(i + 1));
  return v;
}

std::optional<Ne1000Quantity> parse_ne1000_quantity(std::string_view data) {
  std::size_t i = 0;
  while (i < data.size() && (is_digit(data[i]) || data[i] == '.')) ++i;
  const auto value = parse_ne1000_number(data.substr(0, i));
  if (!value) return std::nullopt;
  for (std::size_t k = i; k < data.size(); ++k)
    if (data[k] < 'A' || data[k] > 'Z') return std::nullopt;
  return Ne1000Quantity{*value, std::string(data.substr(i))};
}

std::optional<Ne1000Dispensed> parse_ne1000_dispensed(std::string_view data) {
  if (data.size() < 6 || data[0] != 'I') return std::nullopt;
  const std::size_t w = data.find('W');
  if (w == std::string_view::npos) return std::nullopt;
  const auto infused = parse_ne1000_number(data.substr(1, w - 1));
  const std::string_view tail = data.substr(w + 1);
  if (tail.size() < 3) return std::nullopt;
  const auto withdrawn = parse_ne1000_number(tail.substr(0, tail.size() - 2));
  const std::string_view unit = tail.substr(tail.size() - 2);
  if (!infused || !withdrawn || (unit != "UL" && unit != "ML")) return std::nullopt;
  return Ne1000Dispensed{*infused, *withdrawn, unit == "UL"};
}

}  // namespace pumprig
