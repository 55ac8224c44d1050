// The rig I/O board firmware for the ATmega328P: the portable logic on the AVR hardware layer,
// with the hardware watchdog as the last resort (a hung main loop resets the chip, and the reset
// leaves the valve pin floating, which the board's pull-down turns into "open").
#include <avr/interrupt.h>
#include <avr/io.h>
#include <avr/sleep.h>
#include <avr/wdt.h>

#include "hardware/firmware/rigio/avr/avr_hal.hpp"
#include "hardware/firmware/rigio/rigio_logic.hpp"

using pumprig::firmware::AvrHal;
using pumprig::firmware::RigIoLogic;

// No C++ runtime on the AVR: a pure virtual call can only be a bug, so stop (the WDT resets us).
extern "C" void __cxa_pure_virtual() {
  for (;;) {
  }
}

namespace {
AvrHal hal;
RigIoLogic logic(hal);
}  // namespace

// The WDT stays enabled across a watchdog reset on this chip: switch it off before anything else.
extern "C" void early_wdt_off() __attribute__((naked, used, section(".init3")));
extern "C" void early_wdt_off() {
  MCUSR = 0;
  wdt_disable();
}

int main() {
  hal.init();
  sei();
  wdt_enable(WDTO_250MS);
  logic.begin(hal.millis());
  set_sleep_mode(SLEEP_MODE_IDLE);
  for (;;) {
    bool overflow = false;
    for (int16_t b = hal.read_byte(&overflow); b >= 0 || overflow; b = hal.read_byte(&overflow)) {
      if (overflow) {
        logic.on_rx_overflow();
        overflow = false;
      }
      if (b >= 0) logic.on_byte(static_cast<uint8_t>(b), hal.millis());
    }
    const uint32_t now = hal.millis();
    if (static_cast<int32_t>(now - logic.next_wakeup_ms()) >= 0) logic.tick(now);
    wdt_reset();
    sleep_mode();  // the 1 kHz timer or a received byte wakes us
  }
}
