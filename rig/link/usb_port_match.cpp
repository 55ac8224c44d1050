#include "rig/link/usb_port_match.hpp"

#include <stdexcept>

#include <fmt/format.h>

namespace pumprig {

namespace {

std::string port_list(const std::vector<SerialPortInfo>& ports) {
  if (ports.empty()) return "no serial ports found";
  std::string s = "ports found:";
  for (const auto& p : ports) s += "\n  " + describe(p);
  return s;
}

}  // namespace

std::string match_usb_port(const UsbPortWanted& w, const std::vector<SerialPortInfo>& ports) {
  std::vector<const SerialPortInfo*> hits;
  for (const auto& p : ports)
    if (p.usb_vid == w.vid && p.usb_pid == w.pid && (!w.serial || p.usb_serial == *w.serial)) hits.push_back(&p);
  const std::string wanted =
      fmt::format("USB {:04x}:{:04x}{}", w.vid, w.pid, w.serial ? " with serial number " + *w.serial : std::string());
  if (hits.size() == 1) return hits.front()->name;
  if (hits.empty()) throw std::runtime_error("no port is " + wanted + " (is it plugged in?); " + port_list(ports));
  std::string names;
  for (const auto* p : hits) names += (names.empty() ? "" : ", ") + p->name + (p->usb_serial.empty() ? "" : " (serial " + p->usb_serial + ")");
  throw std::runtime_error(fmt::format("{} ports are {}: {}; add '?serial=...' to the connection to say which; {}", hits.size(),
                                       wanted, names, port_list(ports)));
}

}  // namespace pumprig
