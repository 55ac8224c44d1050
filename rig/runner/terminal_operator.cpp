#include "rig/runner/terminal_operator.hpp"

#include <poll.h>
#include <unistd.h>

#include <fmt/format.h>

namespace pumprig {

TerminalOperator::TerminalOperator(EventLoop& loop, int input_fd, int output_fd)
    : loop_(loop), in_fd_(input_fd), out_fd_(output_fd) {}

TerminalOperator::~TerminalOperator() {
  if (watch_) loop_.unwatch(*watch_);
}

void TerminalOperator::show(const OperatorPrompt& p) {
  const std::string text = fmt::format("\n[{}] OPERATOR: {}\n  Press Enter when done (type 'abort' to abort): ", p.station, p.text);
  [[maybe_unused]] auto n = ::write(out_fd_, text.data(), text.size());
}

void TerminalOperator::ask(const OperatorPrompt& prompt, std::function<void(OperatorAnswer)> done) {
  pending_.push_back(Pending{prompt, std::move(done)});
  if (pending_.size() == 1) show(prompt);
  if (!watch_) watch_ = loop_.watch_fd(in_fd_, POLLIN, [this](short) { on_input(); });
}

void TerminalOperator::withdraw(int id, const std::string& answered_by) {
  for (auto it = pending_.begin(); it != pending_.end(); ++it) {
    if (it->prompt.id != id) continue;
    const bool shown = it == pending_.begin();
    pending_.erase(it);
    if (shown) {
      const std::string text = fmt::format("\n  (answered by {})\n", answered_by);
      [[maybe_unused]] auto n = ::write(out_fd_, text.data(), text.size());
      if (!pending_.empty()) show(pending_.front().prompt);
    }
    break;
  }
  if (pending_.empty() && watch_) {
    loop_.unwatch(*watch_);
    watch_.reset();
  }
}

void TerminalOperator::on_input() {
  char buf[256];
  const auto n = ::read(in_fd_, buf, sizeof buf);
  if (n <= 0) {
    // End of input: nobody can answer any more, so every open prompt is declined.
    if (watch_) loop_.unwatch(*watch_);
    watch_.reset();
    auto pending = std::move(pending_);
    pending_.clear();
    for (auto& p : pending) p.done(OperatorAnswer{false, "<end of input>", "terminal"});
    return;
  }
  line_.append(buf, static_cast<std::size_t>(n));
  std::size_t nl;
  while (!pending_.empty() && (nl = line_.find('\n')) != std::string::npos) {
    std::string reply = line_.substr(0, nl);
    line_.erase(0, nl + 1);
    auto p = std::move(pending_.front());
    pending_.pop_front();
    const bool abort = reply == "abort" || reply == "a";
    p.done(OperatorAnswer{!abort, reply, "terminal"});
    if (!pending_.empty()) show(pending_.front().prompt);
  }
  if (pending_.empty() && watch_) {
    loop_.unwatch(*watch_);
    watch_.reset();
  }
}

}  // namespace pumprig
