#include "hardware/sim/rigio_sim.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace pumprig::sim {

// The simulated board's electronics: world values to volts to ADC counts, and the valve driver.
class SimRigIoBoard::Hal final : public firmware::RigIoHal {
 public:
  explicit Hal(SimRigIoBoard& board) : b_(board) {}
  virtual ~Hal() = default;

  std::uint16_t read_adc(std::uint8_t channel) override {
    const Nanos t = b_.loop_.now();
    double volts = 0.0;
    if (channel < 3 && !b_.open_wire_[channel]) {
      if (channel == firmware::kAdcTemperature) {
        volts = 0.5 + 4.0 * b_.physics_.water_temperature_c(t) / b_.options_.temperature_span_c;
      } else {
        const auto port = channel == firmware::kAdcPressure1 ? PressurePort::upstream : PressurePort::downstream;
        volts = 0.5 + 4.0 * b_.physics_.transducer_pressure_mmhg(t, port) / b_.options_.pressure_span_mmhg;
      }
    }
    volts = std::clamp(volts, 0.0, 5.0);  // the transmitters' supply rails
    double counts = volts / 5.0 * 1024.0;
    if (b_.options_.adc_noise_counts > 0.0) counts += b_.random_.normal(0.0, b_.options_.adc_noise_counts);
    return static_cast<std::uint16_t>(std::clamp(std::floor(counts), 0.0, 1023.0));
  }

  bool read_alarm_input() override {
    const Nanos t = b_.loop_.now();
    if (!b_.physics_.pump_alarm_indicator(t)) return false;
    const double hz = b_.options_.alarm_blink_hz;
    if (hz <= 0.0) return true;
    const double phase = std::fmod(to_seconds(t) * hz, 1.0);
    return phase < 0.5;
  }

  void set_valve(bool closed) override { b_.physics_.set_occluder_closed(b_.loop_.now(), closed); }
  void write(const char* bytes, std::uint8_t count) override { b_.send(bytes, count); }
  const char* serial_number() override { return b_.options_.serial.c_str(); }

 private:
  SimRigIoBoard& b_;
};

SimRigIoBoard::SimRigIoBoard(EventLoop& loop, Link& link, RigIoPhysics& physics, SimRigIoOptions options)
    : loop_(loop), link_(link), physics_(physics), options_(std::move(options)), random_(options_.seed) {
  if (options_.serial.rfind("SIM-", 0) != 0)
    throw std::invalid_argument("simulated I/O board serial number '" + options_.serial +
                                "' must start with SIM- so a simulated run can never pass for a real one");
  if (options_.serial.find(' ') != std::string::npos)
    throw std::invalid_argument("simulated I/O board serial number must not contain spaces");
  if (!(options_.pressure_span_mmhg > 0.0) || !(options_.temperature_span_c > 0.0))
    throw std::invalid_argument("simulated I/O board: transducer spans must be positive");
  hal_ = std::make_unique<Hal>(*this);
  logic_ = std::make_unique<firmware::RigIoLogic>(*hal_);
  link_.on_receive([this](std::span<const std::uint8_t> b) { on_bytes(b); });
  power_cycle();
}

SimRigIoBoard::~SimRigIoBoard() {
  loop_.cancel(wake_timer_);
  link_.on_receive({});
}

void SimRigIoBoard::power_cycle() {
  boot_t_ = loop_.now();
  logic_->begin(0);
  schedule();
}

std::uint32_t SimRigIoBoard::board_ms() const {
  return static_cast<std::uint32_t>((loop_.now() - boot_t_) / kNanosPerMilli);
}

void SimRigIoBoard::on_bytes(std::span<const std::uint8_t> bytes) {
  const std::uint32_t now = board_ms();
  for (const std::uint8_t b : bytes) logic_->on_byte(b, now);
  schedule();
}

void SimRigIoBoard::run_due() {
  wake_timer_ = 0;
  wake_at_ = -1;
  ++wakeups_;
  logic_->tick(board_ms());
  schedule();
}

// One timer, at the firmware's next wakeup, moved only when that changes.
void SimRigIoBoard::schedule() {
  const Nanos since_boot_ms = (loop_.now() - boot_t_) / kNanosPerMilli;
  const auto ahead = static_cast<std::int32_t>(logic_->next_wakeup_ms() - static_cast<std::uint32_t>(since_boot_ms));
  const Nanos at = boot_t_ + (since_boot_ms + std::max<std::int32_t>(ahead, 0)) * kNanosPerMilli;
  if (wake_timer_ != 0 && at == wake_at_) return;
  loop_.cancel(wake_timer_);
  wake_at_ = at;
  wake_timer_ = loop_.schedule_at(std::max(at, loop_.now()), [this] { run_due(); });
}

void SimRigIoBoard::send(const char* bytes, std::uint8_t count) {
  if (silent_) return;
  std::string out(bytes, count);
  if (garbage_next_) {
    garbage_next_ = false;
    for (char& c : out) c = static_cast<char>(static_cast<unsigned char>(c) | 0x80);
  }
  link_.write(out);
  ++lines_sent_;
}

}  // namespace pumprig::sim
