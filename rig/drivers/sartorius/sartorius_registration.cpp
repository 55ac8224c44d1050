#include "rig/drivers/sartorius/sartorius_registration.hpp"

#include <algorithm>
#include <iterator>

#include <fmt/format.h>

#include "rig/drivers/sartorius/sartorius_balance.hpp"

namespace pumprig {

DriverEntry sartorius_driver() {
  DriverEntry d{"sartorius", DriverRole::balance, "a Sartorius SBI balance", {}, {}, {}};
  d.make_balance = [](EventLoop& loop, Link& link, const DriverSettings& s) -> std::unique_ptr<Balance> {
    return std::make_unique<SartoriusBalance>(loop, link, s.name, s.exchange, s.events);
  };
  // The SBI menus offer these bauds, and 7 data bits with odd or even parity or 8
  // data bits without parity (1200 7O1 on older models, up to 19200/115200 8N1 on newer ones).
  // Anything else is a fixture typo that would only show up as silence or garbage on the wire.
  d.check_options = [](const DriverOptions& o) {
    std::vector<OptionProblem> problems;
    if (!o.serial_line) return problems;
    static constexpr int kBauds[] = {150, 300, 600, 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200};
    if (std::find(std::begin(kBauds), std::end(kBauds), o.serial_line->baud) == std::end(kBauds))
      problems.push_back({"connection", fmt::format("Sartorius SBI balances talk at 150 to 115200 baud (150, 300, 600, "
                                                    "1200, 2400, 4800, 9600, 19200, 38400, 57600 or 115200), got {}",
                                                    o.serial_line->baud)});
    const SerialSettings& s = *o.serial_line;
    const bool seven_with_parity = s.data_bits == 7 && s.parity != Parity::none;
    const bool eight_without = s.data_bits == 8 && s.parity == Parity::none;
    if (!(seven_with_parity || eight_without) || (s.stop_bits != 1 && s.stop_bits != 2))
      problems.push_back({"connection", "Sartorius SBI balances talk 7 data bits with parity (7O1, 7E1) or "
                                        "8N1, got " + format_string(s)});
    return problems;
  };
  return d;
}

}  // namespace pumprig
