// The simulated Sartorius balance's receive path: any bytes a client sends. The first byte sets
// the load's stability (an unstable load keeps ESC T/U/V waiting, so commands queue behind them),
// the busy flag, auto print, the 22-character form and the display unit. Everything the balance
// sends must be whole lines of 16 or 22 characters the driver's parser reads, or identity text.
#include "fuzz/sim_client.hpp"
#include "hardware/sim/sartorius_sim.hpp"
#include "rig/drivers/sartorius/sartorius_parser.hpp"
#include "tests/mtsics/fake_balance_physics.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pumprig;
  fuzz::Input in(data, size);
  const std::uint8_t flags = in.byte();
  fuzz::SimClient client;
  test::FakeBalancePhysics physics;
  physics.set(12.3456, (flags & 1) == 0);
  sim::SimSartoriusOptions options;
  options.auto_print = (flags & 4) != 0;
  options.id_field = (flags & 8) != 0;
  static const char* const kUnits[] = {"g", "mg", "kg", "g"};
  options.unit = kUnits[(flags >> 4) & 3];
  sim::SimSartoriusIdentity identity;
  sim::SimSartoriusBalance balance(client.loop, *client.pair.instrument, physics, identity, options);
  balance.set_busy((flags & 2) != 0);
  client.send(in.rest(), seconds(6));
  SbiLineFramer framer;
  framer.feed(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(client.received.data()),
                                            client.received.size()));
  const std::size_t width = options.id_field ? 20 : 14;  // without CR LF
  while (auto line = framer.next()) {
    const bool identity_line = *line == identity.model || *line == identity.serial || *line == identity.firmware;
    if (identity_line) continue;
    fuzz::require(line->size() == width, "SBI lines are 16 or 22 characters with CR LF");
    fuzz::require(parse_sbi_line(*line).kind != SbiKind::malformed, "every printed line reads");
  }
  fuzz::require(framer.discarded() == 0, "the simulated balance sends only whole, short lines");
  return 0;
}
