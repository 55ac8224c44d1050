// The simulated MT-SICS balance's receive path: any bytes a client sends. The first byte sets the
// load's stability (an unstable load keeps S, T and Z waiting, so commands queue up behind them),
// the busy flag and the display unit. Everything the balance answers must be lines the driver's
// framer cuts and its parser reads (a malformed reply is only allowed when garbage was asked for).
#include "fuzz/sim_client.hpp"
#include "hardware/sim/mtsics_sim.hpp"
#include "rig/drivers/mtsics/mtsics_parser.hpp"
#include "tests/mtsics/fake_balance_physics.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pumprig;
  fuzz::Input in(data, size);
  const std::uint8_t flags = in.byte();
  fuzz::SimClient client;
  test::FakeBalancePhysics physics;
  physics.set(12.3456, (flags & 1) == 0);
  sim::SimMtsicsOptions options;
  static const char* const kUnits[] = {"g", "mg", "kg", "g"};
  options.unit = kUnits[(flags >> 2) & 3];
  sim::SimMtsicsBalance balance(client.loop, *client.pair.instrument, physics, {}, options);
  balance.set_busy((flags & 2) != 0);
  client.send(in.rest(), seconds(6));
  MtsicsLineFramer framer;
  framer.feed(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(client.received.data()),
                                            client.received.size()));
  while (auto line = framer.next()) (void)parse_mtsics_line(*line);
  fuzz::require(framer.discarded() == 0, "the simulated balance sends only whole, short lines");
  return 0;
}
