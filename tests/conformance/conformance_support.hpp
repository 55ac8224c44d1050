#pragma once
// What the role conformance suites share: a driver and its simulator on the two ends of an
// in-memory cable in virtual time, and waiting for an asynchronous answer.
#include <boost/test/unit_test.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "rig/core/event_loop.hpp"
#include "rig/core/outcome.hpp"

namespace pumprig::test {

struct VirtualBench {
  EventLoop loop{std::make_unique<VirtualClock>()};

  void run_for(Nanos d) { loop.run_until(loop.now() + d); }

  // Calls `call` with a callback, runs the loop until that callback ran (at most `limit`), checks
  // it ran exactly once, and returns what it got.
  template <class T>
  Outcome<T> wait(const std::function<void(std::function<void(Outcome<T>)>)>& call, Nanos limit = seconds(60)) {
    std::optional<Outcome<T>> got;
    int calls = 0;
    call([&](Outcome<T> o) {
      ++calls;
      got.emplace(std::move(o));
    });
    const Nanos end = loop.now() + limit;
    while (!got && loop.now() < end) loop.run_until(std::min(end, loop.now() + milliseconds(10)));
    BOOST_REQUIRE_MESSAGE(got.has_value(), "no answer within " << to_seconds(limit) << " s");
    BOOST_TEST(calls == 1);
    return std::move(*got);
  }
};

inline std::string error_of(const auto& outcome) { return outcome.ok() ? std::string() : outcome.error().what(); }

}  // namespace pumprig::test
