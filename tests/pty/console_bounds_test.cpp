// pumprig-sim's console buffer grew until a newline (issue 11, item 5): 10 MB typed or pasted
// without one were all kept. A line longer than any command is now discarded as it arrives,
// counted and answered once; the console goes on working.
#include <boost/test/unit_test.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <sstream>
#include <string>

#include "hardware/sim/pty_bench.hpp"
#include "hardware/sim/sim_console.hpp"
#include "tests/pty/pty_test_support.hpp"

using namespace pumprig;
using namespace pumprig::sim;

BOOST_AUTO_TEST_SUITE(sim_console_bounds)

BOOST_AUTO_TEST_CASE(a_10_mb_line_without_a_newline_is_discarded_counted_and_answered_once) {
  EventLoop loop(std::make_unique<SteadyClock>());
  PtyBench bench(loop, test::default_fixture(), 1);
  int fds[2];
  BOOST_REQUIRE(::pipe2(fds, O_CLOEXEC | O_NONBLOCK) == 0);
  std::ostringstream out;
  SimConsole console(loop, bench, out, fds[0]);

  const auto send_all = [&](const std::string& text) {
    std::size_t off = 0;
    while (off < text.size()) {
      const ssize_t n = ::write(fds[1], text.data() + off, text.size() - off);
      if (n > 0) off += static_cast<std::size_t>(n);
      loop.run_until(loop.now() + milliseconds(1));  // the console reads what the pipe holds
    }
    for (int i = 0; i < 20; ++i) loop.run_until(loop.now() + milliseconds(1));
  };
  const std::size_t flood = 10u << 20;
  send_all(std::string(flood, 'x'));
  BOOST_TEST(out.str().empty());  // nothing to answer before the newline
  send_all("\nplace 50 g\n");
  const std::string expected_first =
      "line too long (" + std::to_string(flood) + " characters, at most " + std::to_string(SimConsole::kMaxLine) +
      "): ignored\n";
  BOOST_TEST(out.str() == expected_first + "station-1: placed 50 g on the balance\n");
  BOOST_TEST(console.discarded_chars() == flood);
  BOOST_TEST(bench.station("station-1").world().extra_load_g() == 50.0);

  // A line of exactly the limit is still a line (and an unknown command here).
  out.str("");
  send_all(std::string(SimConsole::kMaxLine, 'y') + "\n");
  BOOST_TEST(out.str().rfind("unknown command", 0) == 0u);
  ::close(fds[0]);
  ::close(fds[1]);
}

BOOST_AUTO_TEST_SUITE_END()
