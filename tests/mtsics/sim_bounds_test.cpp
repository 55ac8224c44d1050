// What a hostile client can make the simulated balance hold (issue 11, item 5): one counter per
// distinct word it sends, and a command queue that grows while S, T or Z waits for stability.
// Both are bounded; the excess is counted and reported through the notice callback.
#include <boost/test/unit_test.hpp>

#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "hardware/sim/mtsics_sim.hpp"
#include "rig/link/sim_link.hpp"
#include "tests/mtsics/fake_balance_physics.hpp"

using namespace pumprig;
using pumprig::sim::SimMtsicsBalance;
using pumprig::sim::SimMtsicsOptions;

namespace {

struct BoundsBench {
  BoundsBench() {
    pair.host->on_receive([this](std::span<const std::uint8_t> b) { received.append(b.begin(), b.end()); });
    balance = std::make_unique<SimMtsicsBalance>(loop, *pair.instrument, physics);
    balance->set_notice([this](const std::string& m) { notices.push_back(m); });
    physics.set(12.3456);
  }
  // Delivered straight to the balance's end, as one read: no wire time for megabytes of input.
  void inject(const std::string& bytes) { pair.host->write(bytes); }

  EventLoop loop{std::make_unique<VirtualClock>()};
  SerialSettings settings{115200, 8, Parity::none, 1, FlowControl::none};
  SimLinkPair pair = make_sim_link_pair(loop, settings, "balance-1");
  test::FakeBalancePhysics physics;
  std::unique_ptr<SimMtsicsBalance> balance;
  std::string received;
  std::vector<std::string> notices;
};

std::size_t count_of(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (auto pos = haystack.find(needle); pos != std::string::npos; pos = haystack.find(needle, pos + 1)) ++n;
  return n;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(mtsics_simulator_bounds)

BOOST_AUTO_TEST_CASE(distinct_words_do_not_grow_the_counter_map_without_bound) {
  BoundsBench b;
  const SimMtsicsOptions defaults;
  std::string flood;
  for (int i = 0; i < 10000; ++i) flood += "W" + std::to_string(i) + "\r\n";
  b.inject(flood);  // about 7 s on the wire at 115200 baud, delivered as one read
  b.loop.run_until(b.loop.now() + seconds(10));
  b.inject("SI\r\n");
  b.loop.run_until(b.loop.now() + seconds(2));
  BOOST_TEST(b.balance->commands_received() == 10001u);
  BOOST_TEST(b.balance->count("W0") == 1u);
  BOOST_TEST(b.balance->count("W" + std::to_string(defaults.max_counted_words - 1)) == 1u);
  BOOST_TEST(b.balance->count("W" + std::to_string(defaults.max_counted_words)) == 0u);
  BOOST_TEST(b.balance->uncounted_words() == 10000u - defaults.max_counted_words);
  BOOST_TEST(b.balance->count("SI") == 1u);  // a word the balance answers is always counted
  // Once, not once per word (the flood, arriving in one read, also overran the command queue).
  BOOST_TEST(count_of(fmt::format("{}", fmt::join(b.notices, "\n")), "distinct command words") == 1u);
}

BOOST_AUTO_TEST_CASE(a_client_that_keeps_sending_while_s_waits_cannot_grow_the_queue) {
  BoundsBench b;
  const SimMtsicsOptions defaults;
  b.physics.script = [](Nanos t) { return sim::BalanceView{20.0, 4, t >= seconds(3), false, false}; };
  b.inject("S\r\n");
  b.loop.run_until(b.loop.now() + milliseconds(100));  // S is waiting for stability
  std::string flood;
  for (int i = 0; i < 5000; ++i) flood += "SI\r\n";
  b.inject(flood);
  b.loop.run_until(milliseconds(2500));  // the flood has arrived (1.8 s on the wire), S still waits
  BOOST_TEST(b.balance->queued_commands() == defaults.max_queued_commands);
  BOOST_TEST(b.balance->dropped_commands() == 5000u - defaults.max_queued_commands);
  BOOST_REQUIRE(b.notices.size() == 1u);
  BOOST_TEST(b.notices[0].find("dropped until the queue drains") != std::string::npos);

  // Once stable, S and the queued SIs are answered in order; then the queue takes commands again
  // and says how many it dropped.
  b.loop.run_until(seconds(5));
  BOOST_TEST(b.balance->queued_commands() == 0u);
  BOOST_TEST(count_of(b.received, "S S    20.0000 g\r\n") == 1u + defaults.max_queued_commands);
  b.received.clear();
  b.inject("SI\r\n");
  b.loop.run_until(b.loop.now() + seconds(1));
  BOOST_TEST(b.received == "S S    20.0000 g\r\n");
  BOOST_REQUIRE(b.notices.size() == 2u);
  BOOST_TEST(b.notices[1].find(std::to_string(5000u - defaults.max_queued_commands) + " command(s) were dropped") !=
             std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
