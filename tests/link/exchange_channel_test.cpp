// The ExchangeChannel's per-request reply timeout, its dropping of queued polls and what it owes
// a one-shot caller when it goes away: what lets a driver (MT-SICS with its slow S, T and Z) keep
// no queue of its own.
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "rig/drivers/exchange_channel.hpp"
#include "rig/drivers/framer.hpp"
#include "rig/link/sim_link.hpp"

using namespace pumprig;

namespace {

struct Bench {
  EventLoop loop{std::make_unique<VirtualClock>()};
  SimLinkPair pair = make_sim_link_pair(loop, SerialSettings{115200, 8, Parity::none, 1, FlowControl::none}, "dev");
  std::vector<RigEvent> events;
  std::vector<std::string> sent;  // what reached the instrument end, line by line
  std::unique_ptr<ExchangeChannel> channel = std::make_unique<ExchangeChannel>(
      loop, *pair.host, std::make_unique<LineFramer>(), "dev", ExchangeOptions{milliseconds(500), 2},
      [this](RigEvent e) { events.push_back(std::move(e)); });
  Bench() {
    pair.instrument->on_receive([this](std::span<const std::uint8_t> b) {
      std::string s(b.begin(), b.end());
      sent.push_back(s);
    });
  }
  // A request for `what` that a line equal to `what` answers.
  ExchangeChannel::Request request(const std::string& what, std::vector<std::string>& log) {
    ExchangeChannel::Request r;
    r.label = what;
    const std::string line = what + "\r\n";
    r.bytes = Bytes(line.begin(), line.end());
    r.classify = [what](const std::string& f) { return f == what ? FrameVerdict::reply : FrameVerdict::ignore; };
    r.done = [&log, what](Outcome<std::string> o) { log.push_back(what + ": " + (o ? *o : o.error().message)); };
    return r;
  }
  void answer_at(Nanos t, const std::string& line) {
    loop.schedule_at(t, [this, line] { pair.instrument->write(line + "\r\n"); });
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(exchange_channel)

BOOST_AUTO_TEST_CASE(a_request_with_its_own_timeout_waits_longer_than_the_channel_would) {
  Bench b;
  std::vector<std::string> log;
  auto slow = b.request("T", log);
  slow.reply_timeout = seconds(5);
  b.channel->exchange(std::move(slow));
  b.channel->exchange(b.request("SI", log));
  b.answer_at(seconds(3), "T");   // after the channel's 500 ms, within the request's 5 s
  b.answer_at(milliseconds(3200), "SI");  // SI waited in the queue: the wire stayed half-duplex
  b.loop.run();
  BOOST_TEST(log == (std::vector<std::string>{"T: T", "SI: SI"}), boost::test_tools::per_element());
  BOOST_TEST(b.channel->retries() == 0u);
}

BOOST_AUTO_TEST_CASE(the_timeout_in_the_retry_message_is_the_request_s_own) {
  Bench b;
  std::vector<std::string> log;
  auto slow = b.request("Z", log);
  slow.reply_timeout = seconds(2);
  b.channel->exchange(std::move(slow));
  b.loop.run();
  BOOST_TEST_REQUIRE(log.size() == 1u);
  BOOST_TEST(log[0] == "Z: no reply to Z within 2000 ms; gave up after 2 attempts");
  BOOST_TEST_REQUIRE(b.events.size() == 1u);
  BOOST_TEST(b.events[0].message == "no reply to Z within 2000 ms (attempt 2 of 2)");
  BOOST_TEST(b.loop.now() == seconds(4));
}

BOOST_AUTO_TEST_CASE(queued_polls_are_dropped_and_the_rest_kept) {
  Bench b;
  std::vector<std::string> log;
  b.channel->exchange(b.request("SI", log));  // on the wire at once: it finishes
  auto poll = b.request("SI", log);
  poll.poll = true;
  b.channel->exchange(std::move(poll));
  b.channel->exchange(b.request("I2", log));
  b.channel->drop_polls();
  b.answer_at(milliseconds(100), "SI");
  b.answer_at(milliseconds(200), "I2");
  b.loop.run();
  BOOST_TEST(log == (std::vector<std::string>{"SI: SI", "I2: I2"}), boost::test_tools::per_element());
  BOOST_TEST(b.sent.size() == 2u);
}

BOOST_AUTO_TEST_CASE(a_destroyed_channel_owes_each_one_shot_caller_one_answer_later_on_the_loop) {
  Bench b;
  std::vector<std::string> log, abandoned;
  for (const char* what : {"T", "I2", "SI"}) {
    auto r = b.request(what, log);
    if (std::string(what) != "SI") r.abandon = [&abandoned, what](const DeviceError& e) { abandoned.push_back(std::string(what) + ": " + e.what()); };
    b.channel->exchange(std::move(r));
  }
  b.channel.reset();
  BOOST_TEST(abandoned.empty());  // not inside the destructor
  b.loop.run();
  BOOST_TEST(log.empty());  // `done` belongs to the driver that went away
  BOOST_TEST(abandoned == (std::vector<std::string>{"T: dev: cancelled: driver shut down", "I2: dev: cancelled: driver shut down"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
