// The simulated Pump 11 Elite's receive path: any bytes a client sends. The first byte picks the
// pump's address (bits 0-1: 0-3) and whether it starts in poll mode (bit 2). Every reply must be
// a frame the driver's framer cuts and its parser reads, with the pump's own address, and a
// `status` line must parse wherever one is sent.
#include <algorithm>
#include <cctype>
#include <string>

#include "fuzz/sim_client.hpp"
#include "hardware/sim/harvard_sim.hpp"
#include "rig/drivers/harvard/harvard_framer.hpp"
#include "rig/drivers/harvard/harvard_protocol.hpp"
#include "tests/ne1000/fake_mechanism.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pumprig;
  fuzz::Input in(data, size);
  const std::uint8_t flags = in.byte();
  fuzz::SimClient client(SerialSettings{115200});
  test::FakeMechanism mechanism;
  sim::SimHarvardOptions options;
  options.address = flags % 4;
  sim::SimHarvardPump pump(*client.pair.instrument, client.loop, mechanism, options);
  if (flags & 4) {
    const std::string poll = options.address ? std::to_string(options.address) + ":poll on\r" : "poll on\r";
    client.send(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(poll.data()), poll.size()), milliseconds(50));
  }
  client.send(in.rest(), seconds(3));
  HarvardFramer framer;
  framer.feed(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(client.received.data()),
                                            client.received.size()));
  while (auto frame = framer.next()) {
    const auto reply = parse_harvard_reply(*frame);
    fuzz::require(reply.has_value(), "the simulated pump's replies are readable");
    // The input may readdress the pump (address N): any 0-99 is its own then.
    fuzz::require(reply->address.value_or(0) <= 99, "the simulated pump answers with an address 0-99");
    for (const auto& line : reply->lines)
      if (!line.empty() && std::isdigit(static_cast<unsigned char>(line[0])) && line.find(' ') != std::string::npos &&
          std::count(line.begin(), line.end(), ' ') == 3 && (line.back() == '.' || line.back() == 'T'))
        fuzz::require(parse_harvard_status(line).has_value(), "a status line from the simulated pump parses");
  }
  fuzz::require(framer.discarded() == 0, "the simulated pump sends only text (no fault was injected)");
  return 0;
}
