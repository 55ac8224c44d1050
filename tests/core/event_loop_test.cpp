#include <boost/test/unit_test.hpp>

#include <chrono>
#include <thread>
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

BOOST_AUTO_TEST_SUITE(event_loop_post)

BOOST_AUTO_TEST_CASE(posted_tasks_run_in_order_before_due_timers) {
  EventLoop loop(std::make_unique<VirtualClock>());
  std::vector<int> order;
  loop.schedule_at(0, [&] { order.push_back(3); });
  loop.post([&] { order.push_back(1); });
  loop.post([&] { order.push_back(2); });
  loop.run();
  BOOST_TEST(order == (std::vector<int>{1, 2, 3}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_post_from_another_thread_wakes_a_loop_waiting_in_real_time) {
  // The loop waits for a timer 60 s away; a post from another thread must stop it long before.
  EventLoop loop(std::make_unique<SteadyClock>(1.0));
  bool timer_fired = false;
  const TimerId far = loop.schedule_after(seconds(60), [&] { timer_fired = true; });
  std::thread::id ran_on;
  std::thread other([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    loop.post([&] {
      ran_on = std::this_thread::get_id();
      loop.cancel(far);
    });
  });
  const auto started = std::chrono::steady_clock::now();
  loop.run();
  other.join();
  BOOST_TEST(!timer_fired);
  BOOST_TEST((ran_on == std::this_thread::get_id()));
  BOOST_TEST((std::chrono::steady_clock::now() - started < std::chrono::seconds(30)));
}

BOOST_AUTO_TEST_CASE(a_post_wakes_a_paced_clock_without_letting_virtual_time_jump) {
  EventLoop loop(std::make_unique<PacedClock>(1.0));
  Nanos seen = -1;
  const TimerId far = loop.schedule_after(seconds(60), [] {});
  std::thread other([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    loop.post([&] {
      seen = loop.now();
      loop.cancel(far);
    });
  });
  loop.run();
  other.join();
  BOOST_TEST(seen >= 0);
  BOOST_TEST(seen < seconds(30));  // not the timer's 60 s: the wait was cut short, not skipped
}

BOOST_AUTO_TEST_CASE(many_threads_posting_lose_no_task) {
  EventLoop loop(std::make_unique<SteadyClock>(1.0));
  int count = 0;
  const TimerId keep_alive = loop.schedule_after(seconds(60), [] {});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i)
        loop.post([&] {
          if (++count == 4000) loop.stop();
        });
    });
  loop.run();
  for (auto& th : threads) th.join();
  loop.cancel(keep_alive);
  loop.run();  // whatever was posted after stop() still runs
  BOOST_TEST(count == 4000);
}

BOOST_AUTO_TEST_SUITE_END()
