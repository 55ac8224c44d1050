#pragma once
// Framers cut a byte stream into protocol frames. They are pure (no I/O) so that split and
// concatenated reads and garbage can be tested on byte vectors.
#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <string>

namespace pumprig {

// A frame for messages and logs: quoted, printable ASCII as is, everything else as \xNN, so line
// noise can never break a message (or a formatter).
std::string printable_frame(std::string_view frame);

class Framer {
 public:
  virtual ~Framer() = default;
  virtual void feed(std::span<const std::uint8_t> bytes) = 0;
  // The next complete frame, or nothing until more bytes arrive.
  virtual std::optional<std::string> next() = 0;
  // Bytes thrown away because they could not belong to a frame (counted for the record).
  virtual std::size_t discarded() const = 0;
  virtual void reset() = 0;
};

// CR LF terminated lines (MT-SICS, the rig I/O board). The frame excludes the terminator; a bare
// LF also ends a line (drivers are liberal in what they accept), and a stray CR is dropped.
// A line longer than `max_line` is garbage and discarded.
class LineFramer final : public Framer {
 public:
  explicit LineFramer(std::size_t max_line = 256) : max_line_(max_line) {}
  void feed(std::span<const std::uint8_t> bytes) override;
  std::optional<std::string> next() override;
  std::size_t discarded() const override { return discarded_; }
  void reset() override {
    partial_.clear();
    lines_.clear();
  }

 private:
  std::size_t max_line_;
  std::string partial_;
  std::deque<std::string> lines_;
  std::size_t discarded_ = 0;
  bool overlong_ = false;
};

}  // namespace pumprig
