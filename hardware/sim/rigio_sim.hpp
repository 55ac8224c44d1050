#pragma once
// A simulated rig I/O board: the firmware's own portable logic (hardware/firmware/rigio) on a
// simulated hardware layer that reads a RigIoPhysics view of the station's world. Pressures and
// the water temperature become transducer voltages and 10-bit ADC counts as on the ATmega328P
// (0.5..4.5 V over the span, 5 V reference, quantised, optional noise); the pump's alarm
// indicator becomes the sensor input, optionally blinking to exercise the debounce; the valve
// output drives the world's occluder. The loop is only woken when the firmware says something is
// due (next_wakeup_ms) or bytes arrive, so an idle board costs one timer per sample period.
#include <array>
#include <cstdint>
#include <memory>
#include <string>

#include "hardware/firmware/rigio/rigio_logic.hpp"
#include "hardware/sim/random.hpp"
#include "hardware/sim/world_views.hpp"
#include "rig/core/event_loop.hpp"
#include "rig/link/link.hpp"

namespace pumprig::sim {

struct SimRigIoOptions {
  std::string serial = "SIM-IO0001";  // simulated instruments identify as such: must start with SIM-
  double pressure_span_mmhg = 2000.0;  // transducer span over 0.5..4.5 V (the firmware assumes 2000)
  double temperature_span_c = 50.0;    // temperature transmitter span over 0.5..4.5 V (firmware: 50)
  double adc_noise_counts = 0.0;       // standard deviation of the ADC noise, counts (0: none)
  std::uint64_t seed = 1;
  // 0: the alarm indicator is steady while the world's alarm is on; > 0: it blinks at this rate,
  // lit for the first half of each period (as a pump's alarm lamp does).
  double alarm_blink_hz = 0.0;
};

class SimRigIoBoard {
 public:
  // `link` and `physics` must outlive the simulator. The board powers up at construction (valve
  // open, READY banner). Throws std::invalid_argument for a serial without the SIM- prefix.
  SimRigIoBoard(EventLoop& loop, Link& link, RigIoPhysics& physics, SimRigIoOptions options = {});
  ~SimRigIoBoard();
  SimRigIoBoard(const SimRigIoBoard&) = delete;
  SimRigIoBoard& operator=(const SimRigIoBoard&) = delete;

  // Fault injection.
  void set_silent(bool silent) { silent_ = silent; }          // the board works, nothing is sent
  void inject_garbage_next_line() { garbage_next_ = true; }  // bit 7 set on every byte of the next line
  // A broken transducer wire: the ADC input reads 0 V (channel 0 P1, 1 P2, 2 temperature).
  void set_open_wire(int adc_channel, bool open) { open_wire_.at(static_cast<std::size_t>(adc_channel)) = open; }
  // Power loss and return: the board restarts with its defaults (valve open) and its clock at 0.
  void power_cycle();

  const firmware::RigIoLogic& logic() const { return *logic_; }
  const std::string& serial() const { return options_.serial; }
  std::uint64_t lines_sent() const { return lines_sent_; }
  std::uint64_t wakeups() const { return wakeups_; }

 private:
  class Hal;
  void on_bytes(std::span<const std::uint8_t> bytes);
  std::uint32_t board_ms() const;
  void run_due();
  void schedule();
  void send(const char* bytes, std::uint8_t count);

  EventLoop& loop_;
  Link& link_;
  RigIoPhysics& physics_;
  SimRigIoOptions options_;
  Random random_;
  std::unique_ptr<Hal> hal_;
  std::unique_ptr<firmware::RigIoLogic> logic_;
  Nanos boot_t_ = 0;
  Nanos wake_at_ = -1;
  TimerId wake_timer_ = 0;
  std::array<bool, 3> open_wire_{};
  bool silent_ = false;
  bool garbage_next_ = false;
  std::uint64_t lines_sent_ = 0;
  std::uint64_t wakeups_ = 0;
};

}  // namespace pumprig::sim
