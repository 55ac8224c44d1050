#pragma once
// The rig I/O board's firmware logic, portable C++14 (no heap, no exceptions, no STL, integer
// arithmetic only so that every reply is the same on the AVR and on the host). It runs the line
// protocol of PROTOCOL.md, samples the transducers every kSamplePeriodMs, trips the occluder open
// above the over-pressure limit, debounces the pump alarm input and releases the occluder when the
// host falls silent.
//
// Cooperative: the owner feeds received bytes with on_byte(), calls tick() whenever now_ms reaches
// next_wakeup_ms(), and nothing happens in between. Time is a wrapping 32-bit millisecond count.
#include <stdint.h>

#include "hardware/firmware/rigio/rigio_hal.hpp"

namespace pumprig {
namespace firmware {

const char kFirmwareVersion[] = "1.0.0";
const char kProtocolVersion[] = "1";
const char kModel[] = "RIGIO-328";

const uint8_t kMaxLineLength = 48;      // characters before CR LF; longer lines are ERR 04
const uint16_t kSamplePeriodMs = 20;    // ADC sampling, trip check, alarm debounce, watchdog
const uint8_t kOversample = 4;          // conversions summed per channel and sample
const uint8_t kAlarmOnSamples = 2;      // consecutive active samples before the alarm reads on

// Channel indices for calibration and readings.
enum Channel : uint8_t { kChP1 = 0, kChP2 = 1, kChT = 2, kChannelCount = 3 };

// Trip causes.
enum TripCause : uint8_t { kTripNone = 0, kTripOverPressure = 1, kTripSensorFault = 2 };

// Defaults after power-up and RST.
const int32_t kDefaultLimitDeciMmhg = 10000;  // 1000.0 mmHg
const uint16_t kDefaultWatchdogMs = 2000;
const uint16_t kDefaultAlarmHoldMs = 1500;    // longer than the dark half of a 1 Hz blinking lamp

class RigIoLogic {
 public:
  explicit RigIoLogic(RigIoHal& hal);

  // Power-up: defaults, valve open, a first sample, the READY banner.
  void begin(uint32_t now_ms);
  void on_byte(uint8_t byte, uint32_t now_ms);
  // The UART lost bytes (overrun, full receive buffer): the line being received is garbage.
  void on_rx_overflow() { bad_chars_ = true; }
  void tick(uint32_t now_ms);
  uint32_t next_wakeup_ms() const { return next_sample_ms_; }

  // State, for the simulator's display and the host tests.
  bool valve_closed() const { return valve_closed_; }
  bool tripped() const { return trip_cause_ != kTripNone; }
  uint8_t trip_cause() const { return trip_cause_; }
  bool alarm() const { return alarm_; }
  bool watchdog_released() const { return watchdog_released_; }
  bool sensor_fault() const { return sensor_fault_; }
  uint16_t stream_period_ms() const { return stream_ms_; }
  uint16_t watchdog_ms() const { return watchdog_ms_; }
  int32_t limit_deci_mmhg() const { return limit_deci_; }
  uint8_t channels() const { return channels_; }
  // Calibrated values of the last sample: pressure in 0.1 mmHg, temperature in 0.01 degC.
  int32_t value(uint8_t channel) const { return value_[channel]; }
  uint32_t lines_received() const { return lines_received_; }

 private:
  void reset_state(uint32_t now_ms);
  void sample(uint32_t now_ms);
  void check_trip();
  void debounce_alarm(uint32_t now_ms, bool active);
  void check_watchdog(uint32_t now_ms);
  void end_line(uint32_t now_ms);
  void execute(uint32_t now_ms, char** argv, uint8_t argc);
  void set_valve(bool closed);
  void trip(uint8_t cause, int32_t deci_mmhg);
  bool over_limit() const;

  // Replies. Each builds one line in out_ and sends it with CR LF.
  void begin_line();
  void put(const char* s);
  void put_char(char c);
  void put_uint(uint32_t v);
  void put_fixed(int32_t v, uint8_t decimals);
  void send_line();
  void send_error(uint8_t code);
  void send_record(uint32_t now_ms);
  void send_banner();
  void send_cal(uint8_t channel);
  void send_trip();

  RigIoHal& hal_;

  char line_[kMaxLineLength + 1];
  uint8_t line_len_;
  bool overlong_;
  bool bad_chars_;

  char out_[72];
  uint8_t out_len_;

  // Configuration (host-set, back to defaults on RST).
  uint8_t channels_;
  int32_t limit_deci_;
  uint16_t watchdog_ms_;
  uint16_t alarm_hold_ms_;
  uint16_t stream_ms_;
  int32_t cal_offset_[kChannelCount];  // P: 0.1 mmHg, T: 0.01 degC
  int32_t cal_gain_[kChannelCount];    // 1/10000

  // State.
  bool valve_closed_;
  uint8_t trip_cause_;
  int32_t trip_value_;
  bool watchdog_released_;
  bool watchdog_expired_;  // fired once per silent spell
  bool alarm_;
  uint8_t alarm_on_count_;
  uint32_t last_alarm_seen_ms_;
  bool sensor_fault_;
  bool channel_fault_[kChannelCount];
  int32_t value_[kChannelCount];

  uint32_t next_sample_ms_;
  uint32_t next_stream_ms_;
  uint32_t last_host_ms_;
  uint32_t lines_received_;
};

// Pure helpers, exposed for the host tests.
// Numbers saturate at this magnitude (in the caller's scaled units) instead of overflowing, so
// every accepted range must lie below it; the widest today is 60000 (ms).
const uint32_t kNumberCap = 100000000UL;
// Decimal with optional sign and at most `decimals` digits after the point, scaled by 10^decimals.
// Any number of digits (leading zeros too); a magnitude beyond kNumberCap reads as +-kNumberCap,
// which every caller's range check refuses. False (a syntax error) for anything but that form.
bool parse_fixed(const char* s, uint8_t decimals, int32_t* out);
// Unsigned decimal digits only, saturating at kNumberCap like parse_fixed.
bool parse_uint(const char* s, uint32_t* out);
// Oversampled ADC sum (kOversample conversions) to microvolts at the 5 V reference.
int32_t adc_sum_to_microvolts(uint16_t sum);

}  // namespace firmware
}  // namespace pumprig
