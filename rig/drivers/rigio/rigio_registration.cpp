#include "rig/drivers/rigio/rigio_registration.hpp"

#include "rig/drivers/rigio/rigio_board.hpp"

namespace pumprig {

DriverEntry rigio_driver() {
  DriverEntry d{"rigio", DriverRole::io_board, "a rig I/O board", {}, {}, {}};
  d.make_io_board = [](EventLoop& loop, Link& link, const DriverSettings& s) -> std::unique_ptr<IoBoard> {
    return std::make_unique<RigIoBoard>(loop, link, s.name, s.exchange, s.events);
  };
  return d;
}

}  // namespace pumprig
