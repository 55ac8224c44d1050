// The rig I/O board firmware's command parser and logic (the code that runs on the ATmega328P and
// inside the simulated board) on any bytes from the host, with the UART's timing: one byte per
// millisecond (9600 baud), the logic ticked whenever it asks to be. The first four bytes set the
// transducer inputs (two ADC counts, the temperature, the alarm input), so trips, sensor faults
// and the alarm debounce are reached too. Every reply must be a CR LF line within the protocol's
// 72-character output buffer.
#include <cstdint>
#include <string>

#include "fuzz/fuzz_support.hpp"
#include "hardware/firmware/rigio/rigio_logic.hpp"
#include "tests/rigio/fake_hal.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pumprig;
  fuzz::Input in(data, size);
  test::FakeHal hal;
  hal.counts[0] = static_cast<std::uint16_t>(in.byte() * 4u);
  hal.counts[1] = static_cast<std::uint16_t>(in.byte() * 4u);
  hal.counts[2] = static_cast<std::uint16_t>(in.byte() * 4u);
  hal.alarm_input = (in.byte() & 1) != 0;
  firmware::RigIoLogic logic(hal);
  std::uint32_t now = 0;
  logic.begin(now);
  auto run_to = [&](std::uint32_t until) {
    while (static_cast<std::int32_t>(logic.next_wakeup_ms() - until) <= 0) {
      now = logic.next_wakeup_ms();
      logic.tick(now);
    }
    now = until;
  };
  for (std::uint8_t b : in.rest()) {
    run_to(now + 1);
    logic.on_byte(b, now);
  }
  run_to(now + 3000);  // past the watchdog and the alarm hold
  for (const auto& line : hal.take_lines())
    fuzz::require(line.size() <= 72, "a firmware reply fits its output buffer");
  fuzz::require(hal.out.empty(), "every firmware reply ends in CR LF");
  return 0;
}
