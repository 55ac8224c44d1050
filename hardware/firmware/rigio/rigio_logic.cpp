#include "hardware/firmware/rigio/rigio_logic.hpp"

#include <string.h>

namespace pumprig {
namespace firmware {

namespace {

// Error codes of PROTOCOL.md; the mnemonic follows the code on the wire.
enum ErrorCode : uint8_t {
  kErrUnknown = 1,
  kErrSyntax = 2,
  kErrRange = 3,
  kErrOverlong = 4,
  kErrChars = 5,
  kErrTripped = 6,
  kErrPressure = 7,
};

const char* error_mnemonic(uint8_t code) {
  switch (code) {
    case kErrUnknown: return "UNKNOWN";
    case kErrSyntax: return "SYNTAX";
    case kErrRange: return "RANGE";
    case kErrOverlong: return "OVERLONG";
    case kErrChars: return "CHARS";
    case kErrTripped: return "TRIPPED";
    case kErrPressure: return "PRESSURE";
    default: return "?";
  }
}

// Signed difference of wrapping millisecond stamps: >= 0 once `now` has reached `when`.
bool reached(uint32_t now, uint32_t when) { return static_cast<int32_t>(now - when) >= 0; }

int32_t div_round(int32_t a, int32_t b) { return a >= 0 ? (a + b / 2) / b : -((-a + b / 2) / b); }

// A transducer's output is 0.5..4.5 V over its span; outside 0.2..4.8 V the wire is open or
// shorted (a real transmitter never goes there), so the channel is faulty, not at a pressure.
const uint16_t kFaultLowSum = 41 * kOversample;    // 0.2 V
const uint16_t kFaultHighSum = 983 * kOversample;  // 4.8 V

// Span: pressure 0..2000 mmHg and temperature 0..50 degC over 0.5..4.5 V.
int32_t uv_to_deci_mmhg(int32_t uv) { return div_round(uv - 500000, 200); }
int32_t uv_to_centi_c(int32_t uv) { return div_round(uv - 500000, 800); }

bool equals(const char* a, const char* b) { return strcmp(a, b) == 0; }

int8_t channel_from_name(const char* s) {
  if (equals(s, "P1")) return kChP1;
  if (equals(s, "P2")) return kChP2;
  if (equals(s, "T")) return kChT;
  return -1;
}

const char* channel_name(uint8_t ch) { return ch == kChP1 ? "P1" : ch == kChP2 ? "P2" : "T"; }

}  // namespace

namespace {

// Adds one decimal digit to a magnitude that saturates at kNumberCap instead of overflowing: a
// number with more digits than any setting needs stays a number (a range error for the caller),
// never wraps into a plausible value. v < kNumberCap keeps v * 10 + 9 below 2^32.
uint32_t push_digit(uint32_t v, uint8_t digit) {
  if (v >= kNumberCap) return kNumberCap;
  v = v * 10u + digit;
  return v > kNumberCap ? kNumberCap : v;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

bool parse_uint(const char* s, uint32_t* out) {
  uint32_t v = 0;
  if (!*s) return false;
  for (; *s; ++s) {
    if (!is_digit(*s)) return false;
    v = push_digit(v, static_cast<uint8_t>(*s - '0'));
  }
  *out = v;
  return true;
}

bool parse_fixed(const char* s, uint8_t decimals, int32_t* out) {
  bool negative = false;
  if (*s == '+' || *s == '-') negative = *s++ == '-';
  uint32_t v = 0;
  bool any_digit = false;
  uint8_t frac_digits = 0;
  bool point = false;
  for (; *s; ++s) {
    if (*s == '.') {
      if (point) return false;
      point = true;
      continue;
    }
    if (!is_digit(*s)) return false;
    if (point && ++frac_digits > decimals) return false;  // the board does not round input
    v = push_digit(v, static_cast<uint8_t>(*s - '0'));
    any_digit = true;
  }
  if (!any_digit) return false;
  for (; frac_digits < decimals; ++frac_digits) v = push_digit(v, 0);
  const int32_t magnitude = static_cast<int32_t>(v);  // v <= kNumberCap < 2^31
  *out = negative ? -magnitude : magnitude;
  return true;
}

int32_t adc_sum_to_microvolts(uint16_t sum) {
  // 5 V / (1024 * 4) per count = 78125/64 uV; the product stays below 2^32 for any 4-sample sum.
  static_assert(kOversample == 4, "the scale factor below assumes four conversions per sample");
  return static_cast<int32_t>((static_cast<uint32_t>(sum) * 78125u + 32u) / 64u);
}

RigIoLogic::RigIoLogic(RigIoHal& hal) : hal_(hal), lines_received_(0) { reset_state(0); }

void RigIoLogic::reset_state(uint32_t now_ms) {
  line_len_ = 0;
  overlong_ = false;
  bad_chars_ = false;
  out_len_ = 0;
  channels_ = 1;
  limit_deci_ = kDefaultLimitDeciMmhg;
  watchdog_ms_ = kDefaultWatchdogMs;
  alarm_hold_ms_ = kDefaultAlarmHoldMs;
  stream_ms_ = 0;
  for (uint8_t c = 0; c < kChannelCount; ++c) {
    cal_offset_[c] = 0;
    cal_gain_[c] = 10000;
    channel_fault_[c] = false;
    value_[c] = 0;
  }
  trip_cause_ = kTripNone;
  trip_value_ = 0;
  watchdog_released_ = false;
  watchdog_expired_ = false;
  alarm_ = false;
  alarm_on_count_ = 0;
  last_alarm_seen_ms_ = now_ms;
  sensor_fault_ = false;
  next_sample_ms_ = now_ms;
  next_stream_ms_ = now_ms;
  last_host_ms_ = now_ms;
  valve_closed_ = true;  // forces the output write below
  set_valve(false);
}

void RigIoLogic::begin(uint32_t now_ms) {
  reset_state(now_ms);
  lines_received_ = 0;
  sample(now_ms);
  next_sample_ms_ = now_ms + kSamplePeriodMs;
  send_banner();
}

// ---------------------------------------------------------------------------------------------
// Sampling

void RigIoLogic::tick(uint32_t now_ms) {
  if (!reached(now_ms, next_sample_ms_)) return;
  sample(now_ms);
  next_sample_ms_ += kSamplePeriodMs;
  // Late by more than a period (a stalled main loop): skip the missed samples, keep the phase.
  if (reached(now_ms, next_sample_ms_)) next_sample_ms_ = now_ms + kSamplePeriodMs;
  if (stream_ms_ != 0 && reached(now_ms, next_stream_ms_)) {
    send_record(now_ms);
    next_stream_ms_ += stream_ms_;
    if (reached(now_ms, next_stream_ms_)) next_stream_ms_ = now_ms + stream_ms_;
  }
}

void RigIoLogic::sample(uint32_t now_ms) {
  sensor_fault_ = false;
  for (uint8_t c = 0; c < kChannelCount; ++c) {
    if (c == kChP2 && channels_ < 2) {
      channel_fault_[c] = false;
      value_[c] = 0;
      continue;
    }
    uint16_t sum = 0;
    for (uint8_t i = 0; i < kOversample; ++i) sum = static_cast<uint16_t>(sum + (hal_.read_adc(c) & 0x3FF));
    channel_fault_[c] = sum < kFaultLowSum || sum > kFaultHighSum;
    sensor_fault_ = sensor_fault_ || channel_fault_[c];
    const int32_t uv = adc_sum_to_microvolts(sum);
    const int32_t raw = c == kChT ? uv_to_centi_c(uv) : uv_to_deci_mmhg(uv);
    value_[c] = div_round(raw * cal_gain_[c], 10000) + cal_offset_[c];
  }
  check_trip();
  debounce_alarm(now_ms, hal_.read_alarm_input());
  check_watchdog(now_ms);
}

bool RigIoLogic::over_limit() const {
  for (uint8_t c = 0; c < channels_; ++c)
    if (!channel_fault_[c] && value_[c] > limit_deci_) return true;
  return false;
}

void RigIoLogic::check_trip() {
  if (trip_cause_ != kTripNone) return;  // latched until TRIP CLEAR
  for (uint8_t c = 0; c < channels_; ++c) {
    if (!channel_fault_[c] && value_[c] > limit_deci_) return trip(kTripOverPressure, value_[c]);
  }
  // A pressure channel that cannot be read while the line is occluded: nobody can see the
  // pressure rise, so the valve opens as for an over-pressure.
  for (uint8_t c = 0; c < channels_; ++c) {
    if (channel_fault_[c] && valve_closed_) return trip(kTripSensorFault, value_[c]);
  }
}

void RigIoLogic::trip(uint8_t cause, int32_t deci_mmhg) {
  set_valve(false);
  trip_cause_ = cause;
  trip_value_ = deci_mmhg;
  begin_line();
  put("EV ");
  send_trip();
}

// A lamp blinking at 1 Hz is dark for half a second at a time: the alarm reads on after
// kAlarmOnSamples consecutive lit samples and off only after alarm_hold_ms_ without one.
void RigIoLogic::debounce_alarm(uint32_t now_ms, bool active) {
  bool changed = false;
  if (active) {
    if (alarm_on_count_ < 255) ++alarm_on_count_;
    last_alarm_seen_ms_ = now_ms;
    if (!alarm_ && alarm_on_count_ >= kAlarmOnSamples) changed = alarm_ = true;
  } else {
    alarm_on_count_ = 0;
    if (alarm_ && reached(now_ms, last_alarm_seen_ms_ + alarm_hold_ms_)) {
      alarm_ = false;
      changed = true;
    }
  }
  if (changed) {
    begin_line();
    put(alarm_ ? "EV ALARM 1" : "EV ALARM 0");
    send_line();
  }
}

void RigIoLogic::check_watchdog(uint32_t now_ms) {
  if (watchdog_ms_ == 0 || watchdog_expired_) return;
  if (!reached(now_ms, last_host_ms_ + watchdog_ms_)) return;
  watchdog_expired_ = true;
  if (!valve_closed_) return;  // nothing to make safe; the host may come back later
  set_valve(false);
  watchdog_released_ = true;
  begin_line();
  put("EV WDOG");
  send_line();
}

void RigIoLogic::set_valve(bool closed) {
  if (closed == valve_closed_) return;
  valve_closed_ = closed;
  hal_.set_valve(closed);
}

// ---------------------------------------------------------------------------------------------
// Receiving

void RigIoLogic::on_byte(uint8_t byte, uint32_t now_ms) {
  if (byte == '\n') return end_line(now_ms);
  if (byte == '\r') return;  // CR LF or a bare LF both end a line
  if (overlong_) return;
  if (byte < 0x20 || byte >= 0x7F) {
    bad_chars_ = true;  // line noise, a wrong baud rate or parity
    return;
  }
  if (line_len_ >= kMaxLineLength) {
    overlong_ = true;
    return;
  }
  // Commands are upper case; lower case is accepted for people typing on a terminal.
  line_[line_len_++] = (byte >= 'a' && byte <= 'z') ? static_cast<char>(byte - 'a' + 'A') : static_cast<char>(byte);
}

void RigIoLogic::end_line(uint32_t now_ms) {
  const bool overlong = overlong_;
  const bool bad = bad_chars_;
  const uint8_t len = line_len_;
  line_len_ = 0;
  overlong_ = false;
  bad_chars_ = false;
  if (overlong) return send_error(kErrOverlong);
  if (bad) return send_error(kErrChars);
  if (len == 0) return;  // an empty line (a host flushing) is not a command
  line_[len] = 0;
  ++lines_received_;
  char* argv[5];
  uint8_t argc = 0;
  char* p = line_;
  while (*p) {
    while (*p == ' ') *p++ = 0;
    if (!*p) break;
    if (argc == 5) return send_error(kErrSyntax);
    argv[argc++] = p;
    while (*p && *p != ' ') ++p;
  }
  if (argc == 0) return;  // only spaces
  execute(now_ms, argv, argc);
}

// ---------------------------------------------------------------------------------------------
// Commands

void RigIoLogic::execute(uint32_t now_ms, char** argv, uint8_t argc) {
  const char* word = argv[0];
  static const char* const kKnown[] = {"ID",   "VER",  "RST",  "PING", "VALVE", "READ", "STREAM",
                                       "CHAN", "LIMIT", "TRIP", "WDOG", "HOLD", "ALARM", "CAL"};
  bool known = false;
  for (uint8_t i = 0; i < sizeof(kKnown) / sizeof(kKnown[0]); ++i) known = known || equals(word, kKnown[i]);
  if (!known) return send_error(kErrUnknown);
  // Any command the board understands (even with a bad argument) proves the host is alive.
  last_host_ms_ = now_ms;
  watchdog_expired_ = false;

  uint32_t u = 0;
  int32_t v = 0;
  if (equals(word, "ID")) {
    if (argc != 1) return send_error(kErrSyntax);
    begin_line();
    put("ID PUMPRIG ");
    put(kModel);
    put_char(' ');
    put(hal_.serial_number());
    put_char(' ');
    put(kFirmwareVersion);
    return send_line();
  }
  if (equals(word, "VER")) {
    if (argc != 1) return send_error(kErrSyntax);
    begin_line();
    put("VER ");
    put(kFirmwareVersion);
    put_char(' ');
    put(kProtocolVersion);
    return send_line();
  }
  if (equals(word, "RST")) {
    if (argc != 1) return send_error(kErrSyntax);
    reset_state(now_ms);
    sample(now_ms);
    next_sample_ms_ = now_ms + kSamplePeriodMs;
    return send_banner();
  }
  if (equals(word, "PING")) {
    if (argc != 1) return send_error(kErrSyntax);
    begin_line();
    put("PONG");
    return send_line();
  }
  if (equals(word, "VALVE")) {
    if (argc > 2) return send_error(kErrSyntax);
    if (argc == 2) {
      if (equals(argv[1], "OPEN")) {
        set_valve(false);
      } else if (equals(argv[1], "CLOSE")) {
        if (trip_cause_ != kTripNone) return send_error(kErrTripped);
        set_valve(true);
        watchdog_released_ = false;
      } else {
        return send_error(kErrRange);
      }
    }
    begin_line();
    put(valve_closed_ ? "VALVE CLOSED" : "VALVE OPEN");
    return send_line();
  }
  if (equals(word, "READ")) {
    if (argc != 1) return send_error(kErrSyntax);
    return send_record(now_ms);
  }
  if (equals(word, "STREAM")) {
    if (argc > 2) return send_error(kErrSyntax);
    if (argc == 2) {
      if (!parse_uint(argv[1], &u)) return send_error(kErrSyntax);
      if (u != 0 && (u < kSamplePeriodMs || u > 60000 || u % kSamplePeriodMs != 0)) return send_error(kErrRange);
      stream_ms_ = static_cast<uint16_t>(u);
      next_stream_ms_ = now_ms + stream_ms_;
    }
    begin_line();
    put("STREAM ");
    put_uint(stream_ms_);
    return send_line();
  }
  if (equals(word, "CHAN")) {
    if (argc > 2) return send_error(kErrSyntax);
    if (argc == 2) {
      if (!parse_uint(argv[1], &u)) return send_error(kErrSyntax);
      if (u != 1 && u != 2) return send_error(kErrRange);
      channels_ = static_cast<uint8_t>(u);
    }
    begin_line();
    put("CHAN ");
    put_uint(channels_);
    return send_line();
  }
  if (equals(word, "LIMIT")) {
    if (argc > 2) return send_error(kErrSyntax);
    if (argc == 2) {
      if (!parse_fixed(argv[1], 1, &v)) return send_error(kErrSyntax);
      if (v < 100 || v > 25000) return send_error(kErrRange);
      limit_deci_ = v;
    }
    begin_line();
    put("LIMIT ");
    put_fixed(limit_deci_, 1);
    return send_line();
  }
  if (equals(word, "TRIP")) {
    if (argc > 2) return send_error(kErrSyntax);
    if (argc == 2) {
      if (!equals(argv[1], "CLEAR")) return send_error(kErrRange);
      if (over_limit()) return send_error(kErrPressure);
      trip_cause_ = kTripNone;
      trip_value_ = 0;
    }
    begin_line();
    return send_trip();
  }
  if (equals(word, "WDOG")) {
    if (argc > 2) return send_error(kErrSyntax);
    if (argc == 2) {
      if (!parse_uint(argv[1], &u)) return send_error(kErrSyntax);
      if (u != 0 && (u < 100 || u > 60000)) return send_error(kErrRange);
      watchdog_ms_ = static_cast<uint16_t>(u);
    }
    begin_line();
    put("WDOG ");
    put_uint(watchdog_ms_);
    return send_line();
  }
  if (equals(word, "HOLD")) {
    if (argc > 2) return send_error(kErrSyntax);
    if (argc == 2) {
      if (!parse_uint(argv[1], &u)) return send_error(kErrSyntax);
      if (u > 10000) return send_error(kErrRange);
      alarm_hold_ms_ = static_cast<uint16_t>(u);
    }
    begin_line();
    put("HOLD ");
    put_uint(alarm_hold_ms_);
    return send_line();
  }
  if (equals(word, "ALARM")) {
    if (argc != 1) return send_error(kErrSyntax);
    begin_line();
    put(alarm_ ? "ALARM 1" : "ALARM 0");
    return send_line();
  }
  // CAL <P1|P2|T> [<offset> <gain>]
  if (argc != 2 && argc != 4) return send_error(kErrSyntax);
  const int8_t ch = channel_from_name(argv[1]);
  if (ch < 0) return send_error(kErrRange);
  if (argc == 4) {
    int32_t offset = 0;
    int32_t gain = 0;
    const uint8_t decimals = ch == kChT ? 2 : 1;
    if (!parse_fixed(argv[2], decimals, &offset) || !parse_fixed(argv[3], 4, &gain)) return send_error(kErrSyntax);
    const int32_t max_offset = ch == kChT ? 1000 : 5000;  // 10.00 degC, 500.0 mmHg
    if (offset < -max_offset || offset > max_offset || gain < 5000 || gain > 20000) return send_error(kErrRange);
    cal_offset_[ch] = offset;
    cal_gain_[ch] = gain;
  }
  send_cal(static_cast<uint8_t>(ch));
}

// ---------------------------------------------------------------------------------------------
// Sending

void RigIoLogic::begin_line() { out_len_ = 0; }

void RigIoLogic::put_char(char c) {
  if (out_len_ < sizeof(out_) - 2) out_[out_len_++] = c;  // room for CR LF is kept
}

void RigIoLogic::put(const char* s) {
  while (*s) put_char(*s++);
}

void RigIoLogic::put_uint(uint32_t v) {
  char digits[10];
  uint8_t n = 0;
  do {
    digits[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v);
  while (n) put_char(digits[--n]);
}

void RigIoLogic::put_fixed(int32_t v, uint8_t decimals) {
  uint32_t mag = v < 0 ? static_cast<uint32_t>(-v) : static_cast<uint32_t>(v);
  if (v < 0) put_char('-');
  uint32_t scale = 1;
  for (uint8_t i = 0; i < decimals; ++i) scale *= 10;
  put_uint(mag / scale);
  if (decimals == 0) return;
  put_char('.');
  uint32_t frac = mag % scale;
  for (uint32_t s = scale / 10; s > 0; s /= 10) {
    put_char(static_cast<char>('0' + frac / s));
    frac %= s;
  }
}

void RigIoLogic::send_line() {
  out_[out_len_++] = '\r';
  out_[out_len_++] = '\n';
  hal_.write(out_, out_len_);
  out_len_ = 0;
}

void RigIoLogic::send_error(uint8_t code) {
  begin_line();
  put("ERR 0");
  put_uint(code);
  put_char(' ');
  put(error_mnemonic(code));
  send_line();
}

// D <t_ms> <p1> <p2|-> <temp> <flags>
void RigIoLogic::send_record(uint32_t now_ms) {
  begin_line();
  put("D ");
  put_uint(now_ms);
  put_char(' ');
  put_fixed(value_[kChP1], 1);
  put_char(' ');
  if (channels_ >= 2) {
    put_fixed(value_[kChP2], 1);
  } else {
    put_char('-');
  }
  put_char(' ');
  put_fixed(value_[kChT], 2);
  put_char(' ');
  put_char(valve_closed_ ? 'C' : 'O');
  put_char(alarm_ ? 'A' : '-');
  put_char(trip_cause_ != kTripNone ? 'T' : '-');
  put_char(watchdog_released_ ? 'W' : '-');
  put_char(sensor_fault_ ? 'E' : '-');
  send_line();
}

void RigIoLogic::send_banner() {
  begin_line();
  put("READY ");
  put(kModel);
  put_char(' ');
  put(kFirmwareVersion);
  send_line();
}

void RigIoLogic::send_cal(uint8_t channel) {
  begin_line();
  put("CAL ");
  put(channel_name(channel));
  put_char(' ');
  put_fixed(cal_offset_[channel], channel == kChT ? 2 : 1);
  put_char(' ');
  put_fixed(cal_gain_[channel], 4);
  send_line();
}

// "TRIP 0" or "TRIP 1 <p> OVER|FAULT"; the caller has begun the line (maybe with "EV ").
void RigIoLogic::send_trip() {
  put("TRIP ");
  if (trip_cause_ == kTripNone) {
    put_char('0');
  } else {
    put("1 ");
    put_fixed(trip_value_, 1);
    put(trip_cause_ == kTripOverPressure ? " OVER" : " FAULT");
  }
  send_line();
}

}  // namespace firmware
}  // namespace pumprig
