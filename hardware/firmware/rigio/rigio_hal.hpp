#pragma once
// The rig I/O board's hardware, as the portable firmware logic sees it. The AVR build implements
// it on ATmega328P registers (avr/), the simulator on a simulated world (hardware/sim/rigio_sim.*),
// the host tests on a scripted fake. C++14, no heap: implementations are static objects, never
// deleted through this interface (hence the protected, non-virtual destructor: a virtual one
// would drag operator delete into the AVR image).
#include <stdint.h>

namespace pumprig {
namespace firmware {

// ADC inputs in the board's wiring order.
enum AdcChannel : uint8_t { kAdcPressure1 = 0, kAdcPressure2 = 1, kAdcTemperature = 2 };

class RigIoHal {
 public:
  // One 10-bit conversion (0..1023) against the 5 V reference.
  virtual uint16_t read_adc(uint8_t channel) = 0;
  // The pump alarm sensor's digital input, already inverted to "true = indicator seen".
  virtual bool read_alarm_input() = 0;
  // Occluder valve drive: true energises the normally-open pinch valve, closing the line.
  virtual void set_valve(bool closed) = 0;
  // Queue bytes for the UART. May block briefly on a full transmit buffer; never drops.
  virtual void write(const char* bytes, uint8_t count) = 0;
  // The board's serial number (no spaces), e.g. from EEPROM or "SIM-IO0001" in the simulator.
  virtual const char* serial_number() = 0;

 protected:
  ~RigIoHal() {}
};

}  // namespace firmware
}  // namespace pumprig
