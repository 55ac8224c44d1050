#include "hardware/firmware/rigio/avr/avr_hal.hpp"

#include <avr/interrupt.h>
#include <avr/io.h>
#include <util/atomic.h>

#ifndef RIGIO_SERIAL
#define RIGIO_SERIAL "RIO-00000"  // set per board at build time: -DRIGIO_SERIAL=\"RIO-00042\"
#endif

namespace pumprig {
namespace firmware {

namespace {

// Power-of-two rings so that the indices wrap with a mask; one slot stays free.
const uint8_t kRxSize = 64;
const uint8_t kTxSize = 128;
volatile uint8_t rx_buf[kRxSize];
volatile uint8_t rx_head = 0;
volatile uint8_t rx_tail = 0;
volatile bool rx_overflow = false;
volatile uint8_t tx_buf[kTxSize];
volatile uint8_t tx_head = 0;
volatile uint8_t tx_tail = 0;
volatile uint32_t ms_count = 0;

}  // namespace

void AvrHal::init() {
  // Valve first: output low (open) before anything else can go wrong.
  PORTB &= static_cast<uint8_t>(~_BV(PB0));
  DDRB |= _BV(PB0);
  // Alarm input with pull-up.
  DDRD &= static_cast<uint8_t>(~_BV(PD2));
  PORTD |= _BV(PD2);

  // UART0: 115200 baud at 16 MHz with double speed: UBRR = 16 (2.1 % error, within 8N1 tolerance).
  UCSR0A = _BV(U2X0);
  UBRR0H = 0;
  UBRR0L = 16;
  UCSR0C = _BV(UCSZ01) | _BV(UCSZ00);
  UCSR0B = _BV(RXEN0) | _BV(TXEN0) | _BV(RXCIE0);

  // Timer0 CTC, prescaler 64, OCR0A 249: 16 MHz / 64 / 250 = 1 kHz.
  TCCR0A = _BV(WGM01);
  TCCR0B = _BV(CS01) | _BV(CS00);
  OCR0A = 249;
  TIMSK0 = _BV(OCIE0A);

  // ADC: AVcc reference, prescaler 128 (125 kHz, within the 50..200 kHz for full resolution).
  ADMUX = _BV(REFS0);
  ADCSRA = _BV(ADEN) | _BV(ADPS2) | _BV(ADPS1) | _BV(ADPS0);
  DIDR0 = _BV(ADC0D) | _BV(ADC1D) | _BV(ADC2D);
}

uint16_t AvrHal::read_adc(uint8_t channel) {
  ADMUX = static_cast<uint8_t>(_BV(REFS0) | (channel & 0x07));
  ADCSRA |= _BV(ADSC);
  while (ADCSRA & _BV(ADSC)) {
  }
  return ADC;
}

bool AvrHal::read_alarm_input() { return (PIND & _BV(PD2)) == 0; }

void AvrHal::set_valve(bool closed) {
  if (closed) {
    PORTB |= _BV(PB0);
  } else {
    PORTB &= static_cast<uint8_t>(~_BV(PB0));
  }
}

void AvrHal::write(const char* bytes, uint8_t count) {
  for (uint8_t i = 0; i < count; ++i) {
    const uint8_t next = static_cast<uint8_t>((tx_head + 1) & (kTxSize - 1));
    while (next == tx_tail) {
      // Ring full: wait for the transmitter (at 115200 baud a byte takes 87 us).
    }
    tx_buf[tx_head] = static_cast<uint8_t>(bytes[i]);
    tx_head = next;
    UCSR0B |= _BV(UDRIE0);
  }
}

const char* AvrHal::serial_number() { return RIGIO_SERIAL; }

uint32_t AvrHal::millis() const {
  uint32_t ms;
  ATOMIC_BLOCK(ATOMIC_RESTORESTATE) { ms = ms_count; }
  return ms;
}

int16_t AvrHal::read_byte(bool* overflow) {
  ATOMIC_BLOCK(ATOMIC_RESTORESTATE) {
    if (rx_overflow) {
      rx_overflow = false;
      *overflow = true;
    }
  }
  if (rx_head == rx_tail) return -1;
  const uint8_t b = rx_buf[rx_tail];
  rx_tail = static_cast<uint8_t>((rx_tail + 1) & (kRxSize - 1));
  return b;
}

}  // namespace firmware
}  // namespace pumprig

using namespace pumprig::firmware;

ISR(TIMER0_COMPA_vect) { ++ms_count; }

ISR(USART_RX_vect) {
  const uint8_t status = UCSR0A;
  const uint8_t b = UDR0;
  const uint8_t next = static_cast<uint8_t>((rx_head + 1) & (kRxSize - 1));
  // Framing or overrun errors, or no room: the line being received is garbage.
  if ((status & (_BV(FE0) | _BV(DOR0))) || next == rx_tail) {
    rx_overflow = true;
    return;
  }
  rx_buf[rx_head] = b;
  rx_head = next;
}

ISR(USART_UDRE_vect) {
  if (tx_head == tx_tail) {
    UCSR0B &= static_cast<uint8_t>(~_BV(UDRIE0));
    return;
  }
  UDR0 = tx_buf[tx_tail];
  tx_tail = static_cast<uint8_t>((tx_tail + 1) & (kTxSize - 1));
}
