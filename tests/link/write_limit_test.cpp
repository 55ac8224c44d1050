// A link whose other end stops reading (issue 11, item 5): FdLink's outgoing queue used to grow
// without bound. A controller's link now fails, naming the cause; nothing is dropped silently.
#include <boost/test/unit_test.hpp>

#include <pty.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "rig/link/tty_link.hpp"

using namespace pumprig;

BOOST_AUTO_TEST_SUITE(link_write_limit)

BOOST_AUTO_TEST_CASE(a_tty_whose_other_end_does_not_read_fails_the_link_instead_of_growing) {
  int master = -1, slave = -1;
  char name[256];
  BOOST_REQUIRE(::openpty(&master, &slave, name, nullptr, nullptr) == 0);
  ::close(slave);
  EventLoop loop(std::make_unique<SteadyClock>());
  TtyLink link(loop, name, SerialSettings{115200, 8, Parity::none, 1, FlowControl::none});
  link.open();
  std::vector<std::string> errors;
  link.on_error([&](const std::string& m) { errors.push_back(m); });
  const std::string chunk(1024, 'x');
  std::size_t written = 0;
  // The master is never read: the kernel's pty buffer fills, then the link's own queue.
  while (link.is_open() && written < (64u << 20)) {
    link.write(chunk);
    written += chunk.size();
    BOOST_REQUIRE(link.pending_bytes() <= FdLink::kDefaultMaxPending);
  }
  BOOST_TEST(!link.is_open());
  BOOST_TEST(written < (8u << 20));
  BOOST_REQUIRE(errors.size() == 1u);
  BOOST_TEST(errors[0].find("the other end does not read") != std::string::npos);
  BOOST_TEST(errors[0].find(name) != std::string::npos);
  ::close(master);
}

BOOST_AUTO_TEST_SUITE_END()
