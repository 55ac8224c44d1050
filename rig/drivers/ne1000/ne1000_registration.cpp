#include "rig/drivers/ne1000/ne1000_registration.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>

#include <fmt/format.h>

#include "rig/drivers/ne1000/ne1000_pump.hpp"

namespace pumprig {

DriverEntry ne1000_driver() {
  DriverEntry d{"ne1000", DriverRole::pump, "an NE-1000 pump", {}, {}, {}};
  d.make_pump = [](EventLoop& loop, Link& link, const DriverSettings& s) -> std::unique_ptr<Pump> {
    Ne1000Options opts;
    opts.address = s.address;
    opts.safe_mode_timeout_s = s.safe_mode_timeout_s;
    opts.exchange = s.exchange;
    opts.events = s.events;
    return std::make_unique<Ne1000Pump>(loop, link, s.name, opts);
  };
  d.check_options = [](const DriverOptions& o) {
    std::vector<OptionProblem> problems;
    if (o.serial_line) {
      static constexpr int kBauds[] = {300, 1200, 2400, 9600, 19200};
      if (std::find(std::begin(kBauds), std::end(kBauds), o.serial_line->baud) == std::end(kBauds))
        problems.push_back({"connection", fmt::format("NE-1000 pumps talk at 300, 1200, 2400, 9600 or 19200 baud, got {}",
                                                      o.serial_line->baud)});
      if (format_string(*o.serial_line) != "8N1")
        problems.push_back({"connection", "NE-1000 pumps talk 8N1, got " + format_string(*o.serial_line)});
    }
    // The pump's safe mode takes whole seconds up to 255; 0 is basic mode (no watchdog).
    if (const auto t = o.safe_mode_timeout_s; t && (*t < 0 || *t > 255 || *t != std::floor(*t)))
      problems.push_back({"safe_mode_timeout",
                          fmt::format("NE-1000 safe mode timeout must be whole seconds from 0 s (basic mode) to 255 s, got '{:g} s'", *t)});
    return problems;
  };
  return d;
}

}  // namespace pumprig
