// One prompt, several people: the first answer wins, the bench's operator stops waiting when a
// client answered first, and every listener hears the prompt and its end once.
#include <boost/test/unit_test.hpp>

#include <vector>

#include "rig/runner/shared_operator.hpp"

using namespace pumprig;

namespace {

struct FakePrimary final : Operator {
  std::vector<std::pair<OperatorPrompt, std::function<void(OperatorAnswer)>>> asked;
  std::vector<std::pair<int, std::string>> withdrawn;
  void ask(const OperatorPrompt& p, std::function<void(OperatorAnswer)> done) override { asked.emplace_back(p, std::move(done)); }
  std::string describe() const override { return "fake"; }
  bool simulated() const override { return false; }
  void withdraw(int id, const std::string& by) override { withdrawn.emplace_back(id, by); }
};

struct Listener final : PromptListener {
  std::vector<int> shown, closed;
  std::vector<std::string> by;
  void on_prompt(const OperatorPrompt& p) override { shown.push_back(p.id); }
  void on_prompt_closed(int id, const OperatorAnswer& a) override {
    closed.push_back(id);
    by.push_back(a.answered_by);
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(shared_operator)

BOOST_AUTO_TEST_CASE(a_client_answers_first_and_the_terminal_stops_waiting) {
  FakePrimary primary;
  Listener listener;
  SharedOperator shared(primary);
  shared.add_listener(&listener);
  std::vector<OperatorAnswer> answers;
  shared.ask(OperatorPrompt{"station-1", "Place the check weight", "place_check_weight", 50.0},
             [&](OperatorAnswer a) { answers.push_back(a); });
  BOOST_REQUIRE(primary.asked.size() == 1u);
  const int id = primary.asked[0].first.id;
  BOOST_TEST(id > 0);
  BOOST_TEST(listener.shown == std::vector<int>{id});
  BOOST_TEST(shared.open_prompts().size() == 1u);

  BOOST_TEST(shared.answer(id, OperatorAnswer{true, "", "gui (user ana)"}));
  BOOST_TEST(primary.withdrawn.size() == 1u);
  BOOST_TEST(primary.withdrawn[0].second == "gui (user ana)");
  // The terminal's late answer changes nothing, and a second client answer is refused.
  primary.asked[0].second(OperatorAnswer{false, "abort", "terminal"});
  BOOST_TEST(!shared.answer(id, OperatorAnswer{false, "", "other"}));
  BOOST_REQUIRE(answers.size() == 1u);
  BOOST_TEST(answers[0].confirmed);
  BOOST_TEST(answers[0].answered_by == "gui (user ana)");
  BOOST_TEST(listener.closed == std::vector<int>{id});
  BOOST_TEST(shared.open_prompts().empty());
}

BOOST_AUTO_TEST_CASE(the_bench_operator_answers_first_and_nobody_is_withdrawn) {
  FakePrimary primary;
  Listener listener;
  SharedOperator shared(primary);
  shared.add_listener(&listener);
  int calls = 0;
  shared.ask(OperatorPrompt{"station-2", "Station paused: fix it", "resume_after_fault"}, [&](OperatorAnswer) { ++calls; });
  shared.ask(OperatorPrompt{"station-1", "Press start", "start_pump"}, [&](OperatorAnswer) { ++calls; });
  const int first = primary.asked[0].first.id, second = primary.asked[1].first.id;
  BOOST_TEST(first != second);
  BOOST_TEST(shared.open_resume_prompt("station-2") == first);
  BOOST_TEST(shared.open_resume_prompt("station-1") == 0);
  primary.asked[0].second(OperatorAnswer{true, "", "terminal"});
  BOOST_TEST(primary.withdrawn.empty());
  BOOST_TEST(listener.by == std::vector<std::string>{"terminal"});
  BOOST_TEST(shared.open_resume_prompt("station-2") == 0);
  BOOST_TEST(calls == 1);
  BOOST_TEST(!shared.answer(12345, OperatorAnswer{}));
}

BOOST_AUTO_TEST_SUITE_END()
