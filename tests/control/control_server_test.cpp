// The control channel's transport alone: lines in order, the last command before a close, slow
// clients dropped instead of waited for, the socket private and never stolen from a live run.
#include <sys/stat.h>

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <condition_variable>
#include <thread>
#include <mutex>
#include <vector>

#include "rig/control/control_channel.hpp"
#include "rig/control/control_server.hpp"
#include "tests/control/control_client.hpp"
#include "tests/support/temp_files.hpp"

using namespace pumprig;
using namespace pumprig::control;
using namespace std::chrono_literals;

namespace {

// What the server's handlers saw, for the test thread to wait on.
struct Seen {
  std::mutex m;
  std::condition_variable cv;
  std::vector<std::string> lines;
  std::vector<std::string> dropped;
  int connected = 0;
  std::vector<ClientId> ids;
  ServerHandlers handlers() {
    ServerHandlers h;
    h.connected = [this](const Peer& p) { add([&] { ++connected; ids.push_back(p.id); }); };
    h.line = [this](const Peer&, const std::string& l) { add([&] { lines.push_back(l); }); };
    h.disconnected = [this](const Peer&, const std::string& why) { add([&] { dropped.push_back(why); }); };
    return h;
  }
  template <class F>
  void add(F f) {
    std::lock_guard lock(m);
    f();
    cv.notify_all();
  }
  template <class P>
  bool wait(P pred) {
    return wait_for(10s, pred);
  }
  template <class P>
  bool wait_for(std::chrono::milliseconds limit, P pred) {
    std::unique_lock lock(m);
    return cv.wait_for(lock, limit, pred);
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(control_server)

BOOST_AUTO_TEST_CASE(lines_arrive_in_order_and_a_last_command_before_close_is_kept) {
  test::TempDir dir;
  Seen seen;
  ControlServer server(dir.path() / "c.sock", seen.handlers());
  {
    test::ControlClient client(dir.path() / "c.sock");
    client.send_raw("{\"a\":1}\n{\"b\"");
    client.send_raw(":2}\n{\"type\":\"abort\",\"reason\":\"x\"}");  // no newline, then gone
  }
  BOOST_TEST(seen.wait([&] { return seen.lines.size() == 3 && seen.dropped.size() == 1; }));
  BOOST_TEST(seen.lines[0] == "{\"a\":1}");
  BOOST_TEST(seen.lines[1] == "{\"b\":2}");
  BOOST_TEST(seen.lines[2] == "{\"type\":\"abort\",\"reason\":\"x\"}");
  BOOST_TEST(seen.dropped[0] == "closed");
}

// A server made without starting runs no handler until start(): its owner's handlers may use the
// server, which the owner holds only after the constructor returns (a client connecting at once
// once found it null and crashed the run).
BOOST_AUTO_TEST_CASE(a_server_not_started_runs_no_handler_until_it_starts) {
  test::TempDir dir;
  Seen seen;
  ControlServer server(dir.path() / "c.sock", seen.handlers(), std::chrono::milliseconds(200),
                       ControlServer::kDefaultMaxQueueBytes, /*start_now=*/false);
  test::ControlClient client(dir.path() / "c.sock");  // the kernel queues the connection
  client.send_raw("{\"early\":1}\n");
  BOOST_TEST(!seen.wait_for(300ms, [&] { return seen.connected > 0; }));
  server.start();
  BOOST_TEST(seen.wait([&] { return seen.connected == 1 && seen.lines.size() == 1; }));
  BOOST_TEST(seen.lines[0] == "{\"early\":1}");
}

BOOST_AUTO_TEST_CASE(every_client_gets_a_broadcast) {
  test::TempDir dir;
  Seen seen;
  ControlServer server(dir.path() / "c.sock", seen.handlers());
  test::ControlClient a(dir.path() / "c.sock"), b(dir.path() / "c.sock");
  BOOST_TEST(seen.wait([&] { return seen.connected == 2; }));
  server.broadcast("{\"type\":\"event\",\"n\":0}");  // before their greeting: nobody gets it
  for (ClientId id : seen.ids) server.greet(id, "{\"type\":\"hello\"}");
  server.broadcast("{\"type\":\"event\",\"n\":1}");
  for (auto* c : {&a, &b}) {
    auto hello = c->next(5000ms);
    BOOST_REQUIRE(hello);
    BOOST_TEST((*hello)["type"] == "hello");
  }
  for (auto* c : {&a, &b}) {
    auto m = c->next(5000ms);
    BOOST_REQUIRE(m);
    BOOST_TEST((*m)["n"] == 1);
  }
}

BOOST_AUTO_TEST_CASE(a_client_that_does_not_read_is_dropped_not_waited_for) {
  test::TempDir dir;
  Seen seen;
  ControlServer server(dir.path() / "c.sock", seen.handlers(), 200ms, 1u << 20);
  test::ControlClient lazy(dir.path() / "c.sock");
  test::ControlClient reader(dir.path() / "c.sock");
  BOOST_TEST(seen.wait([&] { return seen.connected == 2; }));
  for (ClientId id : seen.ids) server.greet(id, "{}");
  BOOST_REQUIRE(reader.next(5000ms));  // its greeting
  const std::string big(64 * 1024, 'x');
  // The reader reads on its own thread; the test offers the next message only when the reader is
  // at most 8 behind, so it never falls behind by the 1 MiB limit. The lazy client never reads:
  // 32 MiB offered to it, far beyond the socket buffers and its queue. broadcast() never blocks.
  std::atomic<int> read{0};
  std::thread reading([&] {
    while (read < 512 && reader.next(10000ms)) ++read;
  });
  for (int i = 0; i < 512; ++i) {
    const auto until = std::chrono::steady_clock::now() + 10s;
    while (i - read > 8 && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(1ms);
    server.broadcast("{\"p\":\"" + big + "\"}");
  }
  reading.join();
  BOOST_TEST(read == 512);
  BOOST_TEST(seen.wait([&] { return !seen.dropped.empty(); }));
  BOOST_TEST(seen.dropped[0].find("fell behind") != std::string::npos);
  BOOST_TEST(server.client_count() == 1u);  // the reader stays
}

BOOST_AUTO_TEST_CASE(an_endless_line_drops_its_client) {
  test::TempDir dir;
  Seen seen;
  ControlServer server(dir.path() / "c.sock", seen.handlers());
  test::ControlClient c(dir.path() / "c.sock");
  const std::string chunk(256 * 1024, 'y');
  try {
    for (int i = 0; i < 8; ++i) c.send_raw(chunk);
  } catch (const std::exception&) {
    // the server may have closed it already
  }
  BOOST_TEST(seen.wait([&] { return !seen.dropped.empty(); }));
  BOOST_TEST(seen.dropped[0].find("longer than") != std::string::npos);
  BOOST_TEST(seen.lines.empty());
}

BOOST_AUTO_TEST_CASE(the_socket_is_private_and_never_stolen) {
  test::TempDir dir;
  Seen seen;
  const auto path = dir.path() / "c.sock";
  ControlServer server(path, seen.handlers());
  struct stat st {};
  BOOST_REQUIRE(::stat(path.c_str(), &st) == 0);
  BOOST_TEST((st.st_mode & 0777) == 0600u);
  BOOST_CHECK_EXCEPTION(ControlServer(path, ServerHandlers{}), std::runtime_error,
                        [](const std::runtime_error& e) { return std::string(e.what()).find("in use") != std::string::npos; });
  // A path over sun_path's 107 bytes is refused with the numbers.
  const std::string long_path = "/tmp/" + std::string(120, 'p') + ".sock";
  BOOST_TEST(control_path_problem(long_path).has_value());
  BOOST_TEST(control_path_problem(long_path)->find("at most 107") != std::string::npos);
  BOOST_CHECK_THROW(ControlServer(long_path, ServerHandlers{}), std::runtime_error);
}

BOOST_AUTO_TEST_CASE(a_file_that_is_no_socket_is_never_removed) {
  test::TempDir dir;
  const auto path = dir.path() / "results.json";
  test::write_text(path, "{\"keep\": true}");
  BOOST_CHECK_EXCEPTION(ControlServer(path, ServerHandlers{}), std::runtime_error,
                        [](const std::runtime_error& e) { return std::string(e.what()).find("no socket") != std::string::npos; });
  BOOST_TEST(test::read_text(path) == "{\"keep\": true}");
}

BOOST_AUTO_TEST_CASE(a_flood_after_a_newline_is_still_one_line_too_long) {
  test::TempDir dir;
  Seen seen;
  ControlServer server(dir.path() / "c.sock", seen.handlers());
  test::ControlClient c(dir.path() / "c.sock");
  try {
    c.send_raw("{\"type\":\"hello\"}\n");
    const std::string chunk(256 * 1024, 'z');
    for (int i = 0; i < 8; ++i) c.send_raw(chunk);
  } catch (const std::exception&) {
  }
  BOOST_TEST(seen.wait([&] { return !seen.dropped.empty(); }));
  BOOST_TEST(seen.dropped[0].find("longer than") != std::string::npos);
  BOOST_TEST(seen.lines.size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_stale_socket_file_is_replaced) {
  test::TempDir dir;
  const auto path = dir.path() / "c.sock";
  { ControlServer first(path, ServerHandlers{}); }
  // A crashed run leaves its file behind: simulate with a plain socket file nobody listens on.
  const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::strncpy(addr.sun_path, path.c_str(), sizeof addr.sun_path - 1);
  BOOST_REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  ::close(fd);
  BOOST_REQUIRE(std::filesystem::exists(path));
  Seen seen;
  ControlServer second(path, seen.handlers());
  test::ControlClient c(path);
  BOOST_TEST(seen.wait([&] { return seen.connected == 1; }));
}

BOOST_AUTO_TEST_SUITE_END()
