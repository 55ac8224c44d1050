#include "rig/drivers/rigio/rigio_parser.hpp"

#include <charconv>
#include <vector>

namespace pumprig {

namespace {

std::vector<std::string_view> split(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    if (i == s.size()) break;
    const std::size_t start = i;
    while (i < s.size() && s[i] != ' ') ++i;
    out.push_back(s.substr(start, i - start));
  }
  return out;
}

// The whole field must be a decimal number: digits, optional sign and point; no exponent, no
// inf/nan (a firmware never sends them, line noise might).
std::optional<double> number(std::string_view s) {
  if (s.empty()) return std::nullopt;
  bool digit = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c >= '0' && c <= '9') {
      digit = true;
    } else if (!(c == '.' || ((c == '-' || c == '+') && i == 0))) {
      return std::nullopt;
    }
  }
  if (!digit) return std::nullopt;
  if (s.front() == '+') s.remove_prefix(1);
  double v = 0.0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || p != s.data() + s.size()) return std::nullopt;
  return v;
}

std::optional<std::uint32_t> unsigned_number(std::string_view s) {
  if (s.empty() || s.size() > 10) return std::nullopt;
  std::uint32_t v = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || p != s.data() + s.size()) return std::nullopt;
  return v;
}

bool printable(std::string_view s) {
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7F) return false;
  }
  return true;
}

// "1 <p> OVER|FAULT" or "0" after "TRIP".
bool parse_trip(const std::vector<std::string_view>& f, std::size_t at, RigIoReply& r) {
  if (f.size() == at + 1 && f[at] == "0") {
    r.on = false;
    return true;
  }
  if (f.size() != at + 3 || f[at] != "1") return false;
  const auto p = number(f[at + 1]);
  if (!p || (f[at + 2] != "OVER" && f[at + 2] != "FAULT")) return false;
  r.on = true;
  r.value = *p;
  r.trip_cause = std::string(f[at + 2]);
  return true;
}

bool parse_record(const std::vector<std::string_view>& f, RigIoRecord& rec) {
  if (f.size() != 6) return false;
  const auto t = unsigned_number(f[1]);
  const auto p1 = number(f[2]);
  const auto temp = number(f[4]);
  if (!t || !p1 || !temp) return false;
  std::optional<double> p2;
  if (f[3] != "-") {
    p2 = number(f[3]);
    if (!p2) return false;
  }
  const std::string_view flags = f[5];
  if (flags.size() != 5) return false;
  if ((flags[0] != 'C' && flags[0] != 'O') || (flags[1] != 'A' && flags[1] != '-') ||
      (flags[2] != 'T' && flags[2] != '-') || (flags[3] != 'W' && flags[3] != '-') ||
      (flags[4] != 'E' && flags[4] != '-'))
    return false;
  rec.board_ms = *t;
  rec.pressure_mmhg = *p1;
  rec.pressure2_mmhg = p2;
  rec.temperature_c = *temp;
  rec.occluder_closed = flags[0] == 'C';
  rec.alarm = flags[1] == 'A';
  rec.tripped = flags[2] == 'T';
  rec.watchdog_released = flags[3] == 'W';
  rec.sensor_fault = flags[4] == 'E';
  return true;
}

std::optional<bool> zero_one(std::string_view s) {
  if (s == "0") return false;
  if (s == "1") return true;
  return std::nullopt;
}

RigIoReply parse(const std::vector<std::string_view>& f) {
  RigIoReply r;
  const std::string_view w = f[0];
  const std::size_t n = f.size();
  auto ok = [&r](RigIoKind k) {
    r.kind = k;
    return r;
  };
  if (w == "D") {
    if (parse_record(f, r.record)) return ok(RigIoKind::record);
  } else if (w == "READY" && n == 3) {
    r.model = std::string(f[1]);
    r.firmware = std::string(f[2]);
    return ok(RigIoKind::ready);
  } else if (w == "ID" && n == 5 && f[1] == "PUMPRIG") {
    r.model = std::string(f[2]);
    r.serial = std::string(f[3]);
    r.firmware = std::string(f[4]);
    return ok(RigIoKind::identity);
  } else if (w == "VER" && n == 3) {
    r.firmware = std::string(f[1]);
    r.protocol = std::string(f[2]);
    return ok(RigIoKind::version);
  } else if (w == "PONG" && n == 1) {
    return ok(RigIoKind::pong);
  } else if (w == "VALVE" && n == 2 && (f[1] == "OPEN" || f[1] == "CLOSED")) {
    r.on = f[1] == "CLOSED";
    return ok(RigIoKind::valve);
  } else if ((w == "STREAM" || w == "CHAN" || w == "WDOG" || w == "HOLD") && n == 2) {
    if (const auto v = unsigned_number(f[1])) {
      r.number = *v;
      return ok(w == "STREAM" ? RigIoKind::stream
                : w == "CHAN" ? RigIoKind::channels
                : w == "WDOG" ? RigIoKind::watchdog
                              : RigIoKind::hold);
    }
  } else if (w == "LIMIT" && n == 2) {
    if (const auto v = number(f[1])) {
      r.value = *v;
      return ok(RigIoKind::limit);
    }
  } else if (w == "TRIP") {
    if (parse_trip(f, 1, r)) return ok(RigIoKind::trip);
  } else if (w == "ALARM" && n == 2) {
    if (const auto b = zero_one(f[1])) {
      r.on = *b;
      return ok(RigIoKind::alarm);
    }
  } else if (w == "CAL" && n == 4 && (f[1] == "P1" || f[1] == "P2" || f[1] == "T")) {
    const auto offset = number(f[2]);
    const auto gain = number(f[3]);
    if (offset && gain) {
      r.channel = std::string(f[1]);
      r.value = *offset;
      r.gain = *gain;
      return ok(RigIoKind::calibration);
    }
  } else if (w == "EV" && n >= 2) {
    if (f[1] == "WDOG" && n == 2) return ok(RigIoKind::event_watchdog);
    if (f[1] == "ALARM" && n == 3) {
      if (const auto b = zero_one(f[2])) {
        r.on = *b;
        return ok(RigIoKind::event_alarm);
      }
    }
    if (f[1] == "TRIP" && parse_trip(f, 2, r) && r.on) return ok(RigIoKind::event_trip);
  } else if (w == "ERR" && n == 3 && f[1].size() == 2) {
    if (const auto code = unsigned_number(f[1])) {
      r.error_code = static_cast<int>(*code);
      r.error_name = std::string(f[2]);
      return ok(RigIoKind::error);
    }
  }
  return RigIoReply{};
}

}  // namespace

const char* to_string(RigIoKind k) {
  switch (k) {
    case RigIoKind::ready: return "ready";
    case RigIoKind::identity: return "identity";
    case RigIoKind::version: return "version";
    case RigIoKind::pong: return "pong";
    case RigIoKind::valve: return "valve";
    case RigIoKind::record: return "record";
    case RigIoKind::stream: return "stream";
    case RigIoKind::channels: return "channels";
    case RigIoKind::limit: return "limit";
    case RigIoKind::trip: return "trip";
    case RigIoKind::watchdog: return "watchdog";
    case RigIoKind::hold: return "hold";
    case RigIoKind::alarm: return "alarm";
    case RigIoKind::calibration: return "calibration";
    case RigIoKind::event_trip: return "event_trip";
    case RigIoKind::event_watchdog: return "event_watchdog";
    case RigIoKind::event_alarm: return "event_alarm";
    case RigIoKind::error: return "error";
    case RigIoKind::malformed: return "malformed";
  }
  return "?";
}

RigIoReply parse_rigio_line(std::string_view line) {
  if (!printable(line)) return RigIoReply{};
  const auto fields = split(line);
  if (fields.empty()) return RigIoReply{};
  return parse(fields);
}

std::string describe_rigio_error(int code) {
  switch (code) {
    case 1: return "unknown command";
    case 2: return "syntax error (argument count or number format)";
    case 3: return "argument out of range";
    case 4: return "line too long";
    case 5: return "unreadable characters in the line (noise, baud rate or parity)";
    case 6: return "valve cannot close while the over-pressure trip is latched";
    case 7: return "trip cannot be cleared while the pressure is above the limit";
    default: return "unknown error code " + std::to_string(code);
  }
}

std::optional<RigIoKind> rigio_reply_kind(std::string_view w) {
  if (w == "ID") return RigIoKind::identity;
  if (w == "VER") return RigIoKind::version;
  if (w == "RST") return RigIoKind::ready;
  if (w == "PING") return RigIoKind::pong;
  if (w == "VALVE") return RigIoKind::valve;
  if (w == "READ") return RigIoKind::record;
  if (w == "STREAM") return RigIoKind::stream;
  if (w == "CHAN") return RigIoKind::channels;
  if (w == "LIMIT") return RigIoKind::limit;
  if (w == "TRIP") return RigIoKind::trip;
  if (w == "WDOG") return RigIoKind::watchdog;
  if (w == "HOLD") return RigIoKind::hold;
  if (w == "ALARM") return RigIoKind::alarm;
  if (w == "CAL") return RigIoKind::calibration;
  return std::nullopt;
}

Bytes rigio_command_bytes(std::string_view command) {
  Bytes b(command.begin(), command.end());
  b.push_back('\r');
  b.push_back('\n');
  return b;
}

}  // namespace pumprig
