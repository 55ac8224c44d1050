#include "rig/drivers/ne1000/ne1000_registration.hpp"

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
  return d;
}

}  // namespace pumprig
