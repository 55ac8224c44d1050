// What a step leaves waiting runs only while that step is current.
#include <boost/test/unit_test.hpp>

#include <functional>
#include <vector>

#include "rig/runner/step_scope.hpp"

using namespace pumprig;

BOOST_AUTO_TEST_SUITE(step_scope)

BOOST_AUTO_TEST_CASE(a_bound_callback_runs_only_while_its_step_is_current) {
  StepScope scope;
  std::vector<int> ran;
  std::function<void(int)> first = scope.bind([&](int v) { ran.push_back(v); });
  first(1);
  first(2);  // a step may be called back more than once (a reading, then another)
  scope.end();
  first(3);  // the step is over: void
  std::function<void(int)> second = scope.bind([&](int v) { ran.push_back(v * 10); });
  second(4);
  first(5);
  BOOST_TEST(ran == (std::vector<int>{1, 2, 40}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_token_outlives_callbacks_and_the_teardown_voids_everything) {
  StepScope scope;
  const StepScope::Token t = scope.token();
  BOOST_TEST(scope.current(t));
  int calls = 0;
  std::function<void()> bound = scope.bind([&] { ++calls; });
  scope.close();
  bound();
  BOOST_TEST(!scope.current(t));
  BOOST_TEST(!scope.current(scope.token()));  // nothing is current once the teardown began
  std::function<void()> late = scope.bind([&] { ++calls; });
  late();
  BOOST_TEST(calls == 0);
}

BOOST_AUTO_TEST_SUITE_END()
