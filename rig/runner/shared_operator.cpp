#include "rig/runner/shared_operator.hpp"

namespace pumprig {

void SharedOperator::ask(const OperatorPrompt& prompt, std::function<void(OperatorAnswer)> done) {
  OperatorPrompt shown = prompt;
  shown.id = next_id_++;
  open_.emplace(shown.id, Open{shown, std::move(done)});
  for (PromptListener* l : listeners_) l->on_prompt(shown);
  const int id = shown.id;
  // The primary may answer at once (inside ask): close() finds the prompt open all the same.
  primary_.ask(shown, [this, id](OperatorAnswer a) { close(id, std::move(a), true); });
}

bool SharedOperator::answer(int id, OperatorAnswer answer) {
  if (!open_.count(id)) return false;
  close(id, std::move(answer), false);
  return true;
}

void SharedOperator::close(int id, OperatorAnswer answer, bool from_primary) {
  auto it = open_.find(id);
  if (it == open_.end()) return;  // somebody was first
  auto done = std::move(it->second.done);
  open_.erase(it);
  if (!from_primary) primary_.withdraw(id, answer.answered_by);
  for (PromptListener* l : listeners_) l->on_prompt_closed(id, answer);
  done(std::move(answer));
}

std::vector<OperatorPrompt> SharedOperator::open_prompts() const {
  std::vector<OperatorPrompt> out;
  for (const auto& [id, open] : open_) out.push_back(open.prompt);
  return out;
}

int SharedOperator::open_resume_prompt(const std::string& station) const {
  for (const auto& [id, open] : open_)
    if (open.prompt.station == station && open.prompt.action == "resume_after_fault") return id;
  return 0;
}

}  // namespace pumprig
