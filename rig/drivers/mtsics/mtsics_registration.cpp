#include "rig/drivers/mtsics/mtsics_registration.hpp"

#include "rig/drivers/mtsics/mtsics_balance.hpp"

namespace pumprig {

DriverEntry mtsics_driver() {
  DriverEntry d{"mtsics", DriverRole::balance, "an MT-SICS balance", {}, {}, {}};
  d.make_balance = [](EventLoop& loop, Link& link, const DriverSettings& s) -> std::unique_ptr<Balance> {
    return std::make_unique<MtsicsBalance>(loop, link, s.name, s.exchange, s.events);
  };
  return d;
}

}  // namespace pumprig
