// The simulated bench on its own: what the CLI plugs into the controller's Bench.
#include <boost/test/unit_test.hpp>

#include <memory>
#include <string>

#include "hardware/sim/simulated_bench.hpp"
#include "rig/config/embedded_fixture.hpp"
#include "rig/config/fixture.hpp"
#include "rig/core/clock.hpp"
#include "rig/core/event_loop.hpp"

using namespace pumprig;

BOOST_AUTO_TEST_SUITE(simulated_bench)

BOOST_AUTO_TEST_CASE(connecting_again_replaces_the_instrument_and_the_new_one_answers) {
  const Fixture fixture = load_fixture_text(std::string(embedded_default_fixture()), kEmbeddedFixtureName);
  const StationConfig& station = fixture.stations.at(0);
  EventLoop loop(std::make_unique<VirtualClock>());
  sim::SimulatedBench bench(fixture, 1);
  BOOST_TEST(bench.balance(station.id) == nullptr);

  auto first = bench.connect(loop, station, InstrumentRole::balance, station.balance.connection.serial);
  first->open();
  const sim::SimMtsicsBalance* first_balance = bench.balance(station.id);
  BOOST_REQUIRE(first_balance);
  // The old instrument (and its end of the link) go; the controller's old end hears nothing more.
  auto second = bench.connect(loop, station, InstrumentRole::balance, station.balance.connection.serial);
  second->open();
  BOOST_REQUIRE(bench.balance(station.id));

  std::string heard_first, heard_second;
  first->on_receive([&](std::span<const std::uint8_t> b) { heard_first.append(b.begin(), b.end()); });
  second->on_receive([&](std::span<const std::uint8_t> b) { heard_second.append(b.begin(), b.end()); });
  first->write(std::string("I4\r\n"));
  second->write(std::string("I4\r\n"));
  loop.run_until(seconds(1));
  BOOST_TEST(heard_first.empty());
  BOOST_TEST(heard_second == "I4 A \"SIM-B0001\"\r\n");
  BOOST_TEST(bench.balance(station.id)->commands_received() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
