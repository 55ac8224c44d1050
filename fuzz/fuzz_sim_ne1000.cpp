// The simulated NE-1000 pump's receive path: any bytes a client sends, in basic and (after a
// `SAF` the input may contain) safe mode. The first byte picks the pump's address (bits 0-1) and
// whether it powers up in safe mode (bit 2). Every reply must be a frame the driver's framer cuts
// and its parser reads with a good CRC.
#include "fuzz/sim_client.hpp"
#include "hardware/sim/ne1000_sim.hpp"
#include "rig/drivers/ne1000/ne1000_framer.hpp"
#include "rig/drivers/ne1000/ne1000_protocol.hpp"
#include "tests/ne1000/fake_mechanism.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pumprig;
  fuzz::Input in(data, size);
  const std::uint8_t flags = in.byte();
  fuzz::SimClient client(SerialSettings{19200});
  test::FakeMechanism mechanism;
  sim::SimNe1000Options options;
  options.address = flags % 4;  // 0 answers requests without an address too
  if (flags & 4) options.safe_timeout_s_at_power_up = 2;
  sim::SimNe1000Pump pump(*client.pair.instrument, client.loop, mechanism, options);
  client.send(in.rest(), seconds(3));
  Ne1000Framer framer(Ne1000Framing::auto_detect);
  framer.feed(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(client.received.data()),
                                            client.received.size()));
  while (auto frame = framer.next()) {
    const auto reply = parse_ne1000_reply(*frame, is_ne1000_safe_frame(*frame));
    fuzz::require(reply.kind != Ne1000ReplyKind::bad_crc, "the simulated pump's safe frames carry a good CRC");
  }
  return 0;
}
