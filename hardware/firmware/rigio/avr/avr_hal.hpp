#pragma once
// The ATmega328P (16 MHz, Arduino Uno/Nano wiring) under the portable firmware logic:
//   UART0 115200 8N1 (U2X), interrupt-driven receive and transmit rings
//   Timer0 CTC at 1 kHz: the millisecond clock
//   ADC0 pressure 1, ADC1 pressure 2, ADC2 water temperature; AVcc (5 V) reference
//   PB0 (D8) occluder valve driver, high = energised = line closed; a pull-down on the driver
//     input keeps the normally-open valve open while the pin floats (reset, brown-out, no firmware)
//   PD2 (D2) pump alarm sensor, open-collector, active low, internal pull-up
#include <stdint.h>

#include "hardware/firmware/rigio/rigio_hal.hpp"

namespace pumprig {
namespace firmware {

class AvrHal final : public RigIoHal {
 public:
  void init();
  uint16_t read_adc(uint8_t channel) override;
  bool read_alarm_input() override;
  void set_valve(bool closed) override;
  void write(const char* bytes, uint8_t count) override;
  const char* serial_number() override;

  uint32_t millis() const;
  // Next received byte, or -1. Sets `overflow` when bytes were lost since the last call.
  int16_t read_byte(bool* overflow);
};

}  // namespace firmware
}  // namespace pumprig
