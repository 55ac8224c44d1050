// The simulated MT-SICS balance's receive path: any bytes a client sends. The first byte sets the
// load's stability (bit 0: an unstable load keeps S, T and Z waiting, so commands queue up behind
// them, and SR and SNR waiting for a stable weight), the busy flag (bit 1), the display unit (bits
// 2-3), an older balance without I0, I1 and I5 (bit 4), a model without C (bit 5) and the update
// rate of SIR, SR and SNR (bits 6-7: 5, 2, 10 or 50 per second). Everything the balance answers
// must be lines the driver's framer cuts and its parser reads (a malformed reply is only allowed
// when garbage was asked for).
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
  options.level0_identity = (flags & 0x10) == 0;
  options.supports_cancel = (flags & 0x20) == 0;
  static const double kRates[] = {5.0, 2.0, 10.0, 50.0};
  options.update_rate_hz = kRates[(flags >> 6) & 3];
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
