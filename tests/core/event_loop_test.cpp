#include <boost/test/unit_test.hpp>

#include <vector>

#include "rig/core/event_loop.hpp"

using namespace pumprig;

BOOST_AUTO_TEST_SUITE(event_loop)

BOOST_AUTO_TEST_CASE(timers_at_the_same_instant_fire_in_scheduling_order) {
  EventLoop loop(std::make_unique<VirtualClock>());
  std::vector<int> order;
  loop.schedule_at(seconds(5), [&] { order.push_back(3); });
  loop.schedule_at(seconds(2), [&] { order.push_back(1); });
  loop.schedule_at(seconds(5), [&] { order.push_back(4); });
  loop.schedule_at(seconds(2), [&] { order.push_back(2); });
  loop.run();
  BOOST_TEST(order == (std::vector<int>{1, 2, 3, 4}), boost::test_tools::per_element());
  BOOST_TEST(loop.now() == seconds(5));
}

BOOST_AUTO_TEST_CASE(virtual_clock_jumps_without_waiting) {
  EventLoop loop(std::make_unique<VirtualClock>());
  Nanos seen = -1;
  loop.schedule_after(seconds(7200), [&] { seen = loop.now(); });
  loop.run();
  BOOST_TEST(seen == seconds(7200));
}

BOOST_AUTO_TEST_CASE(cancelled_timer_never_fires_and_run_until_stops_at_limit) {
  EventLoop loop(std::make_unique<VirtualClock>());
  int fired = 0;
  const TimerId a = loop.schedule_at(seconds(1), [&] { ++fired; });
  loop.schedule_at(seconds(3), [&] { fired += 10; });
  loop.cancel(a);
  loop.cancel(a);  // harmless twice
  loop.run_until(seconds(2));
  BOOST_TEST(fired == 0);
  BOOST_TEST(loop.now() == seconds(2));
  loop.run();
  BOOST_TEST(fired == 10);
}

BOOST_AUTO_TEST_CASE(timer_scheduled_from_a_callback_at_now_runs_after_earlier_ones) {
  EventLoop loop(std::make_unique<VirtualClock>());
  std::vector<int> order;
  loop.schedule_at(seconds(1), [&] {
    order.push_back(1);
    loop.schedule_at(seconds(1), [&] { order.push_back(3); });
  });
  loop.schedule_at(seconds(1), [&] { order.push_back(2); });
  loop.run();
  BOOST_TEST(order == (std::vector<int>{1, 2, 3}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(virtual_clock_refuses_file_descriptors) {
  EventLoop loop(std::make_unique<VirtualClock>());
  BOOST_CHECK_THROW(loop.watch_fd(0, 1, [](short) {}), std::logic_error);
}

BOOST_AUTO_TEST_CASE(stop_ends_run_early) {
  EventLoop loop(std::make_unique<VirtualClock>());
  int fired = 0;
  loop.schedule_at(seconds(1), [&] { ++fired; loop.stop(); });
  loop.schedule_at(seconds(2), [&] { ++fired; });
  loop.run();
  BOOST_TEST(fired == 1);
  BOOST_TEST(loop.pending_timers() == 1u);
}

BOOST_AUTO_TEST_CASE(steady_clock_with_speed_runs_faster_than_real_time) {
  EventLoop loop(std::make_unique<SteadyClock>(1000.0));
  bool fired = false;
  loop.schedule_after(seconds(2), [&] { fired = true; });  // 2 ms of real time at 1000x
  loop.run();
  BOOST_TEST(fired);
  BOOST_TEST(loop.now() >= seconds(2));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(paced_clock)

BOOST_AUTO_TEST_CASE(paced_clock_keeps_virtual_event_times_and_waits_for_real_time) {
  EventLoop loop(std::make_unique<PacedClock>(1000.0));
  std::vector<Nanos> seen;
  const auto start = std::chrono::steady_clock::now();
  loop.schedule_at(seconds(5), [&] { seen.push_back(loop.now()); });
  loop.schedule_at(seconds(10), [&] { seen.push_back(loop.now()); });
  loop.run();
  const auto real = std::chrono::steady_clock::now() - start;
  // Event times are exact, as in virtual time...
  BOOST_TEST(seen == (std::vector<Nanos>{seconds(5), seconds(10)}), boost::test_tools::per_element());
  // ...and 10 s at 1000x took at least 10 ms of real time.
  BOOST_TEST(std::chrono::duration_cast<std::chrono::milliseconds>(real).count() >= 10);
  BOOST_CHECK_THROW(loop.watch_fd(0, 1, [](short) {}), std::logic_error);
}

BOOST_AUTO_TEST_SUITE_END()
