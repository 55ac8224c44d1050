// Line noise in bulk (issue 11, item 5): a NUL flood between valid NE-1000 frames, and a flood of
// false STX bytes, each dropped one at a time. The framer used to erase them from the front of
// its buffer one by one (quadratic in a read chunk); it now skips them in linear time, counts
// them, keeps at most one incomplete frame between reads, and never loses a valid frame.
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "rig/drivers/exchange_channel.hpp"
#include "rig/drivers/ne1000/ne1000_framer.hpp"
#include "rig/link/sim_link.hpp"

using namespace pumprig;

namespace {

std::vector<std::string> drain(Ne1000Framer& f) {
  std::vector<std::string> out;
  while (auto frame = f.next()) out.push_back(*frame);
  return out;
}

void feed(Ne1000Framer& f, const std::string& s) {
  f.feed(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(s.data()), s.size()));
}

const std::string kFrameA = "\x02" "00S" "\x03";
const std::string kFrameB = "\x02" "00I" "25.00MH" "\x03";
constexpr std::size_t kFlood = 8u << 20;  // 8 MB: hours of erase(0, 1), milliseconds now

}  // namespace

BOOST_AUTO_TEST_SUITE(ne1000_noise_flood)

BOOST_AUTO_TEST_CASE(a_nul_flood_in_one_read_is_skipped_and_counted) {
  for (const Ne1000Framing framing : {Ne1000Framing::basic, Ne1000Framing::auto_detect}) {
    Ne1000Framer f(framing);
    feed(f, kFrameA + std::string(kFlood, '\0') + kFrameB);
    BOOST_TEST(drain(f) == (std::vector<std::string>{kFrameA, kFrameB}), boost::test_tools::per_element());
    BOOST_TEST(f.discarded() == kFlood);
    BOOST_TEST(f.buffered() == 0u);
  }
}

BOOST_AUTO_TEST_CASE(a_nul_flood_in_read_sized_chunks_keeps_the_buffer_bounded) {
  Ne1000Framer f;
  feed(f, kFrameA);
  const std::string chunk(4096, '\0');
  for (std::size_t sent = 0; sent < kFlood; sent += chunk.size()) {
    feed(f, chunk);
    BOOST_REQUIRE(f.buffered() == 0u);
  }
  feed(f, kFrameB.substr(0, 4));  // a frame split across reads survives the flood before it
  BOOST_TEST(f.buffered() == 4u);
  feed(f, kFrameB.substr(4));
  BOOST_TEST(drain(f) == (std::vector<std::string>{kFrameA, kFrameB}), boost::test_tools::per_element());
  BOOST_TEST(f.discarded() == kFlood);
}

BOOST_AUTO_TEST_CASE(false_stx_bytes_dropped_one_at_a_time_cost_linear_time) {
  // STX followed by a byte that cannot be a LEN: each STX is noise on its own, the worst case for
  // a framer that drops one byte per step.
  for (const Ne1000Framing framing : {Ne1000Framing::safe, Ne1000Framing::auto_detect}) {
    Ne1000Framer f(framing);
    std::string flood;
    flood.reserve(kFlood);
    while (flood.size() < kFlood) flood += "\x02\x01";
    const std::string safe_frame = std::string("\x02\x07") + "00S" + "\xAA\xA6\x03";  // LEN 7, CRC of "00S"
    feed(f, flood + safe_frame);
    BOOST_TEST(drain(f) == (std::vector<std::string>{safe_frame}), boost::test_tools::per_element());
    BOOST_TEST(f.discarded() == kFlood);
    BOOST_TEST(f.buffered() == 0u);
  }
}

BOOST_AUTO_TEST_CASE(a_flood_of_stx_without_an_end_is_bounded_by_the_frame_length) {
  Ne1000Framer f(Ne1000Framing::basic, 64);
  feed(f, "\x02" + std::string(kFlood, '0'));
  BOOST_TEST(f.buffered() < 64u);
  BOOST_TEST(drain(f).empty());
  feed(f, kFrameA);
  BOOST_TEST(drain(f) == (std::vector<std::string>{kFrameA}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()

// The line carries noise: one `line_noise` event with the byte count, at most one per channel
// per 10 s of loop time; noise in between is counted into the next event, which a timer sends
// when the line went quiet meanwhile.
BOOST_AUTO_TEST_SUITE(line_noise_events)

BOOST_AUTO_TEST_CASE(noise_is_reported_rate_limited_and_every_byte_is_counted) {
  EventLoop loop(std::make_unique<VirtualClock>());
  auto pair = make_sim_link_pair(loop, SerialSettings{115200, 8, Parity::none, 1, FlowControl::none}, "pump-1");
  std::vector<RigEvent> events;
  ExchangeChannel channel(loop, *pair.host, std::make_unique<Ne1000Framer>(), "pump-1", {},
                          [&](RigEvent e) { events.push_back(std::move(e)); });
  std::vector<std::string> frames;
  channel.on_unsolicited([&](const std::string& f) { frames.push_back(f); });
  const auto at = [&](Nanos t, std::string bytes) {
    loop.schedule_at(t, [&, bytes = std::move(bytes)] { pair.instrument->write(bytes); });
  };
  at(0, std::string(1000, '\0') + kFrameA);  // the NUL flood between valid frames
  at(seconds(2), std::string(50, '\0') + kFrameB);
  at(seconds(4), std::string(30, '\0'));
  at(seconds(30), kFrameA + std::string(7, '\0'));
  loop.run();

  BOOST_TEST(frames == (std::vector<std::string>{kFrameA, kFrameB, kFrameA}), boost::test_tools::per_element());
  std::vector<RigEvent> noise;
  for (const auto& e : events)
    if (e.kind == EventKind::line_noise) noise.push_back(e);
  BOOST_REQUIRE(noise.size() == 3u);
  BOOST_TEST(noise[0].source == "pump-1");
  BOOST_TEST(noise[0].data["bytes"] == 1000);
  BOOST_TEST(noise[0].message.find("1000 byte(s)") != std::string::npos);
  BOOST_TEST(noise[1].t_ns == noise[0].t_ns + ExchangeChannel::kNoiseEventInterval);  // sent by the timer
  BOOST_TEST(noise[1].data["bytes"] == 80);
  BOOST_TEST(noise[2].t_ns > seconds(30));
  BOOST_TEST(noise[2].data["bytes"] == 7);
  BOOST_TEST(noise[2].data["total_bytes"] == 1087);
}

BOOST_AUTO_TEST_CASE(a_clean_line_logs_no_noise) {
  EventLoop loop(std::make_unique<VirtualClock>());
  auto pair = make_sim_link_pair(loop, SerialSettings{}, "pump-1");
  std::vector<RigEvent> events;
  ExchangeChannel channel(loop, *pair.host, std::make_unique<Ne1000Framer>(), "pump-1", {},
                          [&](RigEvent e) { events.push_back(std::move(e)); });
  pair.instrument->write(kFrameA + kFrameB);
  loop.run();
  BOOST_TEST(events.empty());
}

BOOST_AUTO_TEST_SUITE_END()
