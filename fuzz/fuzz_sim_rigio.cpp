// The simulated rig I/O board's receive path (the firmware logic on simulated hardware): any bytes
// a client sends. The first byte sets the line pressure's rise while occluded and the alarm lamp,
// so trips and alarm events happen. Every line the board sends must parse.
#include "fuzz/sim_client.hpp"
#include "hardware/sim/rigio_sim.hpp"
#include "rig/drivers/framer.hpp"
#include "rig/drivers/rigio/rigio_parser.hpp"
#include "tests/rigio/fake_rigio_physics.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pumprig;
  fuzz::Input in(data, size);
  const std::uint8_t flags = in.byte();
  fuzz::SimClient client;
  test::FakeRigIoPhysics physics;
  physics.rise_mmhg_per_s = (flags & 7) * 100.0;
  physics.alarm = (flags & 8) != 0;
  sim::SimRigIoBoard board(client.loop, *client.pair.instrument, physics);
  client.send(in.rest(), seconds(3));
  LineFramer framer;
  framer.feed(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(client.received.data()),
                                            client.received.size()));
  while (auto line = framer.next())
    fuzz::require(parse_rigio_line(*line).kind != RigIoKind::malformed, "every line the board sends parses");
  return 0;
}
