#include <boost/test/unit_test.hpp>

#include <pty.h>
#include <unistd.h>

#include <string>

#include "rig/link/serial_port_link.hpp"
#include "rig/link/sim_link.hpp"
#include "rig/link/tty_link.hpp"
#include "rig/link/wire_tap.hpp"

using namespace pumprig;

namespace {
std::string as_text(std::span<const std::uint8_t> b) { return std::string(b.begin(), b.end()); }
}  // namespace

BOOST_AUTO_TEST_SUITE(links)

BOOST_AUTO_TEST_CASE(byte_time_follows_framing) {
  BOOST_TEST(byte_time(SerialSettings{9600, 8, Parity::none, 1, FlowControl::none}) == 10 * kNanosPerSecond / 9600);
  BOOST_TEST(byte_time(SerialSettings{1200, 7, Parity::odd, 1, FlowControl::none}) == 10 * kNanosPerSecond / 1200);
  BOOST_TEST(byte_time(SerialSettings{19200, 8, Parity::even, 2, FlowControl::none}) == 12 * kNanosPerSecond / 19200);
  BOOST_TEST(format_string(SerialSettings{9600, 7, Parity::even, 1, FlowControl::none}) == "7E1");
}

BOOST_AUTO_TEST_CASE(sim_link_delivers_after_transmission_time_and_queues_writes) {
  EventLoop loop(std::make_unique<VirtualClock>());
  SerialSettings s;  // 9600 8N1: 1.0417 ms per byte
  auto pair = make_sim_link_pair(loop, s, "balance");
  std::vector<std::pair<Nanos, std::string>> got;
  pair.instrument->on_receive([&](std::span<const std::uint8_t> b) { got.emplace_back(loop.now(), as_text(b)); });
  pair.host->write(std::string("SI\r\n"));
  pair.host->write(std::string("@\r\n"));
  loop.run();
  BOOST_REQUIRE_EQUAL(got.size(), 2u);
  BOOST_TEST(got[0].second == "SI\r\n");
  BOOST_TEST(got[0].first == 4 * byte_time(s));
  BOOST_TEST(got[1].second == "@\r\n");
  BOOST_TEST(got[1].first == 7 * byte_time(s));  // queued behind the first write on the same wire
}

BOOST_AUTO_TEST_CASE(sim_link_both_directions_and_cut_cable) {
  EventLoop loop(std::make_unique<VirtualClock>());
  auto pair = make_sim_link_pair(loop, SerialSettings{}, "pump");
  std::string at_host;
  pair.host->on_receive([&](std::span<const std::uint8_t> b) { at_host += as_text(b); });
  pair.instrument->on_receive([&](std::span<const std::uint8_t> b) { pair.instrument->write(b); });  // echo
  pair.host->write(std::string("VER\r"));
  loop.run();
  BOOST_TEST(at_host == "VER\r");
  pair.host->set_cut(true);
  pair.host->write(std::string("RUN\r"));
  loop.run();
  BOOST_TEST(at_host == "VER\r");
  BOOST_TEST(pair.host->in_process());
}

BOOST_AUTO_TEST_CASE(sim_link_end_destroyed_with_bytes_in_flight_is_safe) {
  EventLoop loop(std::make_unique<VirtualClock>());
  auto pair = make_sim_link_pair(loop, SerialSettings{}, "x");
  pair.host->write(std::string("hello"));
  pair.instrument.reset();
  loop.run();  // must not touch the destroyed end
  BOOST_TEST(loop.pending_timers() == 0u);
}

BOOST_AUTO_TEST_CASE(wire_tap_sees_both_directions_with_times) {
  EventLoop loop(std::make_unique<VirtualClock>());
  auto pair = make_sim_link_pair(loop, SerialSettings{}, "b");
  std::string log;
  WireTap tap(loop, std::move(pair.host), [&](Nanos t, char dir, std::span<const std::uint8_t> b) {
    log += std::to_string(t) + dir + as_text(b) + "|";
  });
  pair.instrument->on_receive([&](std::span<const std::uint8_t>) { pair.instrument->write(std::string("OK")); });
  tap.on_receive([](std::span<const std::uint8_t>) {});
  tap.write(std::string("Q"));
  loop.run();
  const Nanos b = byte_time(SerialSettings{});
  BOOST_TEST(log == "0>Q|" + std::to_string(3 * b) + "<OK|");
}

BOOST_AUTO_TEST_CASE(tty_link_talks_to_a_pseudo_terminal) {
  int master = -1, slave = -1;
  char name[256];
  BOOST_REQUIRE(::openpty(&master, &slave, name, nullptr, nullptr) == 0);
  ::close(slave);
  EventLoop loop(std::make_unique<SteadyClock>());
  TtyLink link(loop, name, SerialSettings{19200, 8, Parity::none, 1, FlowControl::none});
  link.open();
  BOOST_TEST(!link.in_process());
  std::string got;
  link.on_receive([&](std::span<const std::uint8_t> b) {
    got += as_text(b);
    if (got.find('\n') != std::string::npos) loop.stop();
  });
  link.write(std::string("VER\r"));
  char buf[16] = {};
  // The master side reads what the link wrote (raw mode: no CR translation).
  loop.schedule_after(milliseconds(20), [&] {
    const auto n = ::read(master, buf, sizeof buf);
    BOOST_TEST(std::string(buf, n > 0 ? n : 0) == "VER\r");
    BOOST_TEST(::write(master, "S S 1.0 g\r\n", 11) == 11);
  });
  loop.schedule_after(seconds(5), [&] { loop.stop(); });  // guard
  loop.run();
  BOOST_TEST(got == "S S 1.0 g\r\n");
  link.close();
  ::close(master);
}

BOOST_AUTO_TEST_CASE(tty_link_reports_a_missing_device_by_name) {
  EventLoop loop(std::make_unique<SteadyClock>());
  TtyLink link(loop, "/dev/pts/does-not-exist", SerialSettings{});
  try {
    link.open();
    BOOST_FAIL("open should throw");
  } catch (const std::runtime_error& e) {
    BOOST_TEST(std::string(e.what()).find("tty:/dev/pts/does-not-exist") != std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(serial_port_link_reports_a_missing_port_by_name) {
  EventLoop loop(std::make_unique<SteadyClock>());
  SerialPortLink link(loop, "/dev/ttyUSB-pumprig-missing", SerialSettings{});
  try {
    link.open();
    BOOST_FAIL("open should throw");
  } catch (const std::runtime_error& e) {
    BOOST_TEST(std::string(e.what()).find("serial:/dev/ttyUSB-pumprig-missing") != std::string::npos);
  }
}

BOOST_AUTO_TEST_SUITE_END()
