#pragma once
// A typed result for exchanges that can fail: drivers never throw across the event loop, they
// hand back either a value or an error that names the device and says what went wrong.
#include <string>
#include <utility>
#include <variant>

namespace pumprig {

struct DeviceError {
  std::string device;   // instrument name from the fixture, e.g. "balance-1"
  std::string message;  // what a tester can act on, e.g. "no reply to SI after 3 attempts"
  std::string what() const { return device.empty() ? message : device + ": " + message; }
};

struct Unit {
  bool operator==(const Unit&) const = default;
};

template <class T>
class Outcome {
 public:
  Outcome(T value) : v_(std::move(value)) {}                 // NOLINT: implicit by design
  Outcome(DeviceError error) : v_(std::move(error)) {}       // NOLINT: implicit by design
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  const T& value() const { return std::get<0>(v_); }
  T& value() { return std::get<0>(v_); }
  const T& operator*() const { return value(); }
  const T* operator->() const { return &value(); }
  const DeviceError& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, DeviceError> v_;
};

using Done = Outcome<Unit>;

}  // namespace pumprig
