#include <boost/test/unit_test.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "hardware/sim/pty_master_link.hpp"

using namespace pumprig;
using namespace pumprig::sim;

namespace {

int open_slave(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  BOOST_REQUIRE_MESSAGE(fd >= 0, "cannot open " << path);
  return fd;
}

void send(int fd, const std::string& text) {
  BOOST_REQUIRE(::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()));
}

// Runs the loop in short slices, collecting what the client's fd receives, until `want` bytes
// have come or `limit` of loop time has passed.
std::string collect(EventLoop& loop, int fd, std::size_t want, Nanos limit = milliseconds(1000)) {
  std::string got;
  const Nanos end = loop.now() + limit;
  while (loop.now() < end && got.size() < want) {
    loop.run_until(loop.now() + milliseconds(5));
    char buf[256];
    for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;) got.append(buf, static_cast<std::size_t>(n));
  }
  return got;
}

void run_for(EventLoop& loop, Nanos d) { loop.run_until(loop.now() + d); }

struct EchoInstrument {
  explicit EchoInstrument(EventLoop& loop) : link(loop, "echo") {
    link.on_receive([this](std::span<const std::uint8_t> b) {
      const std::string text(b.begin(), b.end());
      received += text;
      link.write("re:" + text);
    });
    link.on_client_change([this](bool c) { changes.push_back(c); });
    link.open();
  }
  PtyMasterLink link;
  std::string received;
  std::vector<bool> changes;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(pty_master_link)

BOOST_AUTO_TEST_CASE(a_client_opens_exchanges_closes_reopens_and_exchanges_again) {
  EventLoop loop(std::make_unique<SteadyClock>());
  EchoInstrument echo(loop);
  const std::string path = echo.link.slave_path();
  BOOST_TEST(path.rfind("/dev/pts/", 0) == 0u);
  BOOST_TEST(std::filesystem::exists(path));
  BOOST_TEST(!echo.link.in_process());
  run_for(loop, milliseconds(50));
  BOOST_TEST(!echo.link.client_connected());
  BOOST_TEST(echo.link.clients_seen() == 0);

  // Raw mode: CR stays CR (no ICRNL), and the client does not get its own bytes echoed.
  int fd = open_slave(path);
  send(fd, "ping\r");
  BOOST_TEST(collect(loop, fd, 8) == "re:ping\r");
  BOOST_TEST(echo.received == "ping\r");
  BOOST_TEST(echo.link.client_connected());

  // The client leaves with a reply unread; the pty stays and the link notices.
  send(fd, "lost\r");
  run_for(loop, milliseconds(50));
  ::close(fd);
  run_for(loop, milliseconds(60));
  BOOST_TEST(!echo.link.client_connected());
  BOOST_TEST(echo.link.is_open());
  BOOST_TEST(std::filesystem::exists(path));
  BOOST_TEST(echo.changes == (std::vector<bool>{true, false}));

  // Sent while nobody listens: dropped, as on an unplugged line.
  echo.link.write(std::string("into the void"));
  run_for(loop, milliseconds(30));

  // The next client gets its own reply only: no stale reply, nothing sent while it was away.
  fd = open_slave(path);
  send(fd, "pong\r");
  const std::string got = collect(loop, fd, 8);
  run_for(loop, milliseconds(30));
  char extra[64];
  const ssize_t more = ::read(fd, extra, sizeof extra);
  BOOST_TEST(got == "re:pong\r");
  BOOST_TEST(more <= 0);
  BOOST_TEST(echo.received == "ping\rlost\rpong\r");
  BOOST_TEST(echo.link.clients_seen() == 2);
  BOOST_TEST(echo.changes == (std::vector<bool>{true, false, true}));
  ::close(fd);

  echo.link.close();
  BOOST_TEST(!echo.link.is_open());
  BOOST_TEST(!std::filesystem::exists(path));
}

BOOST_AUTO_TEST_CASE(what_a_client_wrote_before_leaving_unseen_still_arrives) {
  EventLoop loop(std::make_unique<SteadyClock>());
  EchoInstrument echo(loop);
  run_for(loop, milliseconds(30));
  // `printf 'STP\r' > /dev/pts/N`: open, write, close between two client checks.
  const int fd = open_slave(echo.link.slave_path());
  send(fd, "STP\r");
  ::close(fd);
  run_for(loop, milliseconds(80));
  BOOST_TEST(echo.received == "STP\r");
  BOOST_TEST(!echo.link.client_connected());
  BOOST_TEST(echo.link.is_open());
}

BOOST_AUTO_TEST_CASE(the_client_check_follows_the_clock_speed) {
  // At speed 50 the check interval is given in loop time (20 ms real = 1 s loop time); a client
  // is still seen within a few real milliseconds.
  EventLoop loop(std::make_unique<SteadyClock>(50.0));
  PtyMasterLink link(loop, "fast", milliseconds(20) * 50);
  std::string got;
  link.on_receive([&](std::span<const std::uint8_t> b) { got.append(b.begin(), b.end()); });
  link.open();
  const int fd = open_slave(link.slave_path());
  send(fd, "x");
  const auto t0 = std::chrono::steady_clock::now();
  while (got.empty() && std::chrono::steady_clock::now() - t0 < std::chrono::seconds(1))
    loop.run_until(loop.now() + milliseconds(50));
  const double waited_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  BOOST_TEST(got == "x");
  BOOST_TEST(waited_ms < 500.0);  // 1 s of real time if the interval were taken as real time
  ::close(fd);
}

BOOST_AUTO_TEST_SUITE_END()

// A client that keeps the slave open and never reads (issue 11, item 5): the instrument's output
// queue stays bounded; what does not fit is dropped, counted and reported, and a client that
// reads again gets what was queued, then new output.
BOOST_AUTO_TEST_SUITE(pty_master_link_stalled_client)

BOOST_AUTO_TEST_CASE(output_to_a_client_that_does_not_read_is_bounded_counted_and_reported) {
  EventLoop loop(std::make_unique<SteadyClock>());
  PtyMasterLink link(loop, "streamer");
  std::vector<std::string> notices;
  link.on_notice([&](const std::string& m) { notices.push_back(m); });
  std::string request;
  link.on_receive([&](std::span<const std::uint8_t> b) { request.append(b.begin(), b.end()); });
  link.open();
  const int fd = open_slave(link.slave_path());
  send(fd, "SIR\r");  // asks for the stream, then never reads
  const Nanos deadline = loop.now() + seconds(2);
  while (loop.now() < deadline && !(link.client_connected() && request == "SIR\r")) run_for(loop, milliseconds(5));
  BOOST_REQUIRE(link.client_connected());

  const std::string record(100, 'D');
  std::size_t sent = 0;
  for (int i = 0; i < 20000; ++i) {  // 2 MB, far beyond the kernel's and the link's buffers
    link.write(record);
    sent += record.size();
  }
  BOOST_TEST(link.dropped_bytes() > 0u);
  BOOST_TEST(link.dropped_bytes() % record.size() == 0u);  // whole writes, never a torn record
  BOOST_TEST(link.dropped_bytes() < sent);
  // The kernel moves bytes from the pty's master to the slave's line discipline in its own time,
  // so on a loaded machine the queue can have room again briefly: more than one episode of
  // dropping may be reported, each opened by "does not read".
  BOOST_REQUIRE(!notices.empty());
  BOOST_TEST(notices[0].find("does not read") != std::string::npos);

  // The client reads again: everything that was queued arrives, then new output.
  std::size_t got = 0;
  const Nanos read_deadline = loop.now() + seconds(5);
  while (loop.now() < read_deadline) {
    run_for(loop, milliseconds(2));
    char buf[65536];
    for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;) got += static_cast<std::size_t>(n);
    if (got == sent - link.dropped_bytes()) break;
  }
  BOOST_TEST(got == sent - link.dropped_bytes());
  link.write(std::string("tail\r\n"));
  BOOST_TEST(collect(loop, fd, 6) == "tail\r\n");
  BOOST_REQUIRE(notices.size() >= 2u);
  BOOST_TEST(notices.size() % 2 == 0u);  // every episode is closed by the client reading again
  BOOST_TEST(notices.back().find("reads again") != std::string::npos);
  if (notices.size() == 2u)
    BOOST_TEST(notices[1].find("reads again; " + std::to_string(link.dropped_bytes()) + " bytes") != std::string::npos);
  ::close(fd);
}

BOOST_AUTO_TEST_SUITE_END()
