#pragma once
// Links are byte streams. Drivers talk to a Link and never learn which transport they got
// (in-memory simulation, pseudo-terminal, real serial port).
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "rig/core/time.hpp"

namespace pumprig {

using Bytes = std::vector<std::uint8_t>;

enum class Parity { none, even, odd };
enum class FlowControl { none, xonxoff, rtscts };

struct SerialSettings {
  int baud = 9600;
  int data_bits = 8;
  Parity parity = Parity::none;
  int stop_bits = 1;
  FlowControl flow = FlowControl::none;
  bool operator==(const SerialSettings&) const = default;
};

// Time to transmit one character: start bit, data bits, parity bit, stop bits at `baud`.
Nanos byte_time(const SerialSettings& s);
// "8N1", "7E1"... and back.
std::string format_string(const SerialSettings& s);

class Link {
 public:
  using ReceiveFn = std::function<void(std::span<const std::uint8_t>)>;
  using ErrorFn = std::function<void(const std::string& message)>;

  virtual ~Link() = default;
  // Throws std::runtime_error naming the port when it cannot be opened.
  virtual void open() = 0;
  virtual void close() = 0;
  virtual bool is_open() const = 0;
  virtual void write(std::span<const std::uint8_t> bytes) = 0;
  // Bytes are delivered from the event loop, in order, in chunks of any size.
  virtual void on_receive(ReceiveFn fn) = 0;
  // A lost port (USB unplugged, pty closed) is reported here, never thrown across the loop.
  virtual void on_error(ErrorFn fn) = 0;
  // True when the other end lives in this process, which is what allows a virtual clock.
  virtual bool in_process() const = 0;
  virtual std::string describe() const = 0;

  void write(const std::string& text) {
    write(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
  }
};

}  // namespace pumprig
