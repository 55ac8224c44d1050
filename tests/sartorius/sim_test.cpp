// The simulated Sartorius balance, bytes in and bytes out: every SBI command it answers, the
// commands it acts on silently, auto print, and its fault hooks.
#include <boost/test/unit_test.hpp>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "hardware/sim/sartorius_sim.hpp"
#include "rig/link/sim_link.hpp"
#include "tests/mtsics/fake_balance_physics.hpp"

using namespace pumprig;
using pumprig::sim::SimSartoriusBalance;
using pumprig::sim::SimSartoriusIdentity;
using pumprig::sim::SimSartoriusOptions;

namespace {

const std::string ESC = "\x1b";

// The host end of a cable to a simulated balance: raw bytes in, raw bytes (with arrival times) out.
struct Bench {
  explicit Bench(SimSartoriusOptions options = {}, SimSartoriusIdentity identity = {}) {
    pair.host->on_receive([this](std::span<const std::uint8_t> b) {
      received.append(b.begin(), b.end());
      arrivals.push_back(loop.now());
    });
    physics.set(12.3456);
    balance = std::make_unique<SimSartoriusBalance>(loop, *pair.instrument, physics, identity, options);
  }
  std::string ask(const std::string& request, Nanos wait = seconds(1)) {
    received.clear();
    arrivals.clear();
    pair.host->write(request);
    loop.run_until(loop.now() + wait);
    return received;
  }

  EventLoop loop{std::make_unique<VirtualClock>()};
  SimLinkPair pair = make_sim_link_pair(loop, SerialSettings{}, "balance-1");
  test::FakeBalancePhysics physics;
  std::unique_ptr<SimSartoriusBalance> balance;
  std::string received;
  std::vector<Nanos> arrivals;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(sartorius_simulator)

BOOST_AUTO_TEST_CASE(esc_p_prints_the_16_character_line_byte_exact) {
  Bench b;
  const std::string line = b.ask(ESC + "P");
  BOOST_TEST(line == "+  12.3456 g  \r\n");
  BOOST_TEST(line.size() == 16u);
  b.physics.set(1255.7);
  b.physics.view.decimals = 1;
  BOOST_TEST(b.ask(ESC + "P") == "+   1255.7 g  \r\n");  // the manual's example
}

BOOST_AUTO_TEST_CASE(an_unstable_display_prints_a_blank_unit_field) {
  Bench b;
  b.physics.set(12.3456, false);
  BOOST_TEST(b.ask(ESC + "P") == "+  12.3456    \r\n");
}

BOOST_AUTO_TEST_CASE(negative_zero_overload_and_underload) {
  Bench b;
  b.physics.set(-0.0321);
  BOOST_TEST(b.ask(ESC + "P") == "-   0.0321 g  \r\n");
  b.physics.set(0.0);
  BOOST_TEST(b.ask(ESC + "P") == "    0.0000 g  \r\n");
  b.physics.view.overload = true;
  BOOST_TEST(b.ask(ESC + "P") == "         H    \r\n");
  b.physics.view.overload = false;
  b.physics.view.underload = true;
  BOOST_TEST(b.ask(ESC + "P") == "         L    \r\n");
}

BOOST_AUTO_TEST_CASE(the_22_character_form_shows_gross_then_net_after_a_tare) {
  SimSartoriusOptions o;
  o.id_field = true;
  Bench b(o);
  const std::string gross = b.ask(ESC + "P");
  BOOST_TEST(gross == "G     +  12.3456 g  \r\n");
  BOOST_TEST(gross.size() == 22u);
  BOOST_TEST(b.ask(ESC + "U").empty());  // tare prints nothing
  b.physics.set(12.3456 + 5.0);
  BOOST_TEST(b.ask(ESC + "P") == "N     +   5.0000 g  \r\n");
}

BOOST_AUTO_TEST_CASE(identity_commands_answer_with_their_text) {
  Bench b;
  BOOST_TEST(b.ask(ESC + "x1_") == "MSA225S\r\n");
  BOOST_TEST(b.ask(ESC + "x2_") == "SIM-S0001\r\n");
  BOOST_TEST(b.ask(ESC + "x3_") == "00-37-09-sim\r\n");
  BOOST_TEST(b.balance->count("x2_") == 1u);
}

BOOST_AUTO_TEST_CASE(esc_u_tares_esc_v_zeroes_and_esc_t_does_either_by_the_zero_range) {
  Bench b;
  BOOST_TEST(b.ask(ESC + "U\r\n").empty());  // CR LF after a command is allowed and ignored
  BOOST_TEST(b.balance->tare_g() == 12.3456, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(b.ask(ESC + "P") == "    0.0000 g  \r\n");
  BOOST_TEST(b.ask(ESC + "V").empty());
  BOOST_TEST(b.balance->tare_g() == 0.0);  // a new zero clears the tare memory
  BOOST_TEST(b.balance->zero_offset_g() == 12.3456, boost::test_tools::tolerance(1e-9));
  // ESC T: within 2 % of the 220 g capacity it zeroes ...
  b.physics.set(12.3456 + 1.0);
  BOOST_TEST(b.ask(ESC + "T").empty());
  BOOST_TEST(b.balance->zero_offset_g() == 13.3456, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(b.balance->tare_g() == 0.0);
  // ... above it, it tares.
  b.physics.set(13.3456 + 50.0);
  BOOST_TEST(b.ask(ESC + "T").empty());
  BOOST_TEST(b.balance->tare_g() == 50.0, boost::test_tools::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(a_tare_waits_for_stability_and_holds_the_commands_behind_it) {
  Bench b;
  b.physics.set(20.0, false);
  b.pair.host->write(ESC + "U" + ESC + "P");
  b.loop.run_until(seconds(1));
  BOOST_TEST(b.received.empty());  // ESC P waits behind the tare
  b.physics.set(20.0, true);
  b.loop.run_until(seconds(2));
  BOOST_TEST(b.received == "    0.0000 g  \r\n");
  BOOST_TEST(b.balance->tare_g() == 20.0);
}

BOOST_AUTO_TEST_CASE(a_tare_not_stable_within_the_timeout_is_not_executed) {
  Bench b;
  b.physics.set(20.0, false);
  BOOST_TEST(b.ask(ESC + "U", seconds(6)).empty());
  BOOST_TEST(b.balance->tare_g() == 0.0);
  b.physics.set(20.0, true);
  BOOST_TEST(b.ask(ESC + "P") == "+  20.0000 g  \r\n");
}

BOOST_AUTO_TEST_CASE(stray_bytes_and_unknown_commands_are_ignored_without_reply) {
  Bench b;
  BOOST_TEST(b.ask("hello\r\n" + ESC + "Q" + ESC + "K").empty());
  BOOST_TEST(b.balance->count("?") == 2u);
  BOOST_TEST(b.ask("junk" + ESC + "P").size() == 16u);
}

BOOST_AUTO_TEST_CASE(commands_split_across_reads_are_put_together) {
  Bench b;
  b.pair.host->write(ESC + "x");
  b.loop.run_until(milliseconds(100));
  b.pair.host->write(std::string("2"));
  b.loop.run_until(milliseconds(200));
  b.pair.host->write(std::string("_"));
  b.loop.run_until(seconds(1));
  BOOST_TEST(b.received == "SIM-S0001\r\n");
}

BOOST_AUTO_TEST_CASE(auto_print_streams_at_the_rate_whatever_the_host_sends) {
  SimSartoriusOptions o;
  o.auto_print = true;
  o.print_rate_hz = 5.0;
  Bench b(o);
  b.loop.run_until(seconds(2) + milliseconds(100));
  BOOST_TEST(b.arrivals.size() == 10u);
  BOOST_TEST(b.received.substr(0, 16) == "+  12.3456 g  \r\n");
  b.balance->set_auto_print(false);
  BOOST_TEST(b.ask("", seconds(2)).empty());
}

BOOST_AUTO_TEST_CASE(fault_hooks_silent_garbage_injected_busy) {
  Bench b;
  b.balance->set_silent(true);
  BOOST_TEST(b.ask(ESC + "P").empty());
  b.balance->set_silent(false);
  b.balance->inject_garbage_next_line();
  const std::string garbled = b.ask(ESC + "P");
  BOOST_TEST(garbled.size() == 16u);
  BOOST_TEST((static_cast<unsigned char>(garbled[0]) & 0x80) != 0);
  b.balance->inject_next_line("  Err 54       ");
  BOOST_TEST(b.ask(ESC + "P") == "  Err 54       \r\n");
  b.balance->set_busy(true);
  BOOST_TEST(b.ask(ESC + "U").empty());
  BOOST_TEST(b.balance->tare_g() == 0.0);  // a busy balance ignores tare and zero
}

BOOST_AUTO_TEST_CASE(a_value_wider_than_the_field_loses_decimals_never_widens_the_line) {
  Bench b;
  b.physics.set(123.45678);
  b.physics.view.decimals = 5;
  BOOST_TEST(b.ask(ESC + "P") == "+ 123.4568 g  \r\n");
}

BOOST_AUTO_TEST_CASE(a_serial_without_sim_prefix_is_refused) {
  test::FakeBalancePhysics physics;
  EventLoop loop{std::make_unique<VirtualClock>()};
  auto pair = make_sim_link_pair(loop, SerialSettings{}, "b");
  SimSartoriusIdentity id;
  id.serial = "0034512345";
  BOOST_CHECK_THROW(SimSartoriusBalance(loop, *pair.instrument, physics, id), std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()
