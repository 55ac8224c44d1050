#pragma once
// The firmware logic's hardware, scripted by a test: ADC counts per channel, the alarm input, the
// valve output and every byte written.
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "hardware/firmware/rigio/rigio_logic.hpp"

namespace pumprig::test {

struct FakeHal final : firmware::RigIoHal {
  std::uint16_t counts[3] = {103, 103, 512};
  bool alarm_input = false;
  bool valve = false;
  int valve_writes = 0;
  std::string out;

  virtual ~FakeHal() = default;
  std::uint16_t read_adc(std::uint8_t channel) override { return counts[channel]; }
  bool read_alarm_input() override { return alarm_input; }
  void set_valve(bool closed) override {
    valve = closed;
    ++valve_writes;
  }
  void write(const char* bytes, std::uint8_t count) override { out.append(bytes, count); }
  const char* serial_number() override { return "RIO-T0001"; }

  // Counts for a pressure on the 0..2000 mmHg over 0.5..4.5 V transducer.
  static std::uint16_t pressure_counts(double mmhg) {
    return static_cast<std::uint16_t>(std::floor((0.5 + mmhg / 500.0) / 5.0 * 1024.0));
  }
  // Lines written since the last call, without CR LF.
  std::vector<std::string> take_lines() {
    std::vector<std::string> lines;
    std::size_t start = 0;
    for (std::size_t i = 0; i + 1 < out.size(); ++i) {
      if (out[i] == '\r' && out[i + 1] == '\n') {
        lines.push_back(out.substr(start, i - start));
        start = i + 2;
      }
    }
    out.erase(0, start);
    return lines;
  }
};

// A logic instance on a FakeHal with a clock the test moves.
struct Board {
  FakeHal hal;
  firmware::RigIoLogic logic{hal};
  std::uint32_t now = 0;

  explicit Board(std::uint32_t start_ms = 0) : now(start_ms) {
    logic.begin(now);
    hal.take_lines();
  }
  // Sends a command line at the current time; returns every line written in reply.
  std::vector<std::string> cmd(const std::string& line) {
    for (const char c : line + "\r\n") logic.on_byte(static_cast<std::uint8_t>(c), now);
    return hal.take_lines();
  }
  std::string ask(const std::string& line) {
    const auto lines = cmd(line);
    return lines.size() == 1 ? lines[0] : "<" + std::to_string(lines.size()) + " lines>";
  }
  // Advances time by `ms`, ticking at every wakeup the logic asks for; returns what was written.
  std::vector<std::string> run(std::uint32_t ms) {
    const std::uint32_t end = now + ms;
    while (static_cast<std::int32_t>(logic.next_wakeup_ms() - end) <= 0) {
      now = logic.next_wakeup_ms();
      logic.tick(now);
    }
    now = end;
    return hal.take_lines();
  }
};

}  // namespace pumprig::test
