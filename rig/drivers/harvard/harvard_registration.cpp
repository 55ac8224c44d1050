#include "rig/drivers/harvard/harvard_registration.hpp"

#include <algorithm>
#include <iterator>

#include <fmt/format.h>

#include "rig/drivers/harvard/harvard_pump.hpp"

namespace pumprig {

DriverEntry harvard_driver() {
  DriverEntry d{"harvard", DriverRole::pump, "a Harvard Apparatus Pump 11 Elite / PHD ULTRA pump", {}, {}, {}};
  d.make_pump = [](EventLoop& loop, Link& link, const DriverSettings& s) -> std::unique_ptr<Pump> {
    HarvardOptions opts;
    opts.address = s.address;
    opts.exchange = s.exchange;
    opts.events = s.events;
    return std::make_unique<HarvardPump>(loop, link, s.name, opts);
  };
  d.check_options = [](const DriverOptions& o) {
    std::vector<OptionProblem> problems;
    if (o.serial_line) {
      // The manual's baud command: 9600, 19200, 38400, 57600, 115200 (the default).
      static constexpr int kBauds[] = {9600, 19200, 38400, 57600, 115200};
      if (std::find(std::begin(kBauds), std::end(kBauds), o.serial_line->baud) == std::end(kBauds))
        problems.push_back({"connection", fmt::format("Harvard Ultra pumps talk at 9600, 19200, 38400, 57600 or 115200 baud, got {}",
                                                      o.serial_line->baud)});
      if (format_string(*o.serial_line) != "8N1")
        problems.push_back({"connection", "Harvard Ultra pumps talk 8N1, got " + format_string(*o.serial_line)});
    }
    // No comms watchdog to set: a timeout in the fixture would promise a safety the pump lacks.
    if (const auto t = o.safe_mode_timeout_s; t && *t != 0)
      problems.push_back({"safe_mode_timeout",
                          fmt::format("Harvard Ultra pumps have no comms watchdog (safe mode); leave safe_mode_timeout out or 0 s, got '{:g} s'", *t)});
    return problems;
  };
  return d;
}

}  // namespace pumprig
