#include "rig/record/event_chain.hpp"

#include <algorithm>
#include <stdexcept>

#include "rig/record/recorded_lines.hpp"
#include "rig/record/sha256.hpp"

namespace pumprig {
namespace {

constexpr std::string_view kPrefix = ",\"chain\":\"";
constexpr std::size_t kHexLen = 64;
constexpr std::size_t kSuffixLen = kPrefix.size() + kHexLen + 2;  // + "\"}"

bool is_lower_hex(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::string next_chain(const std::string& previous, std::string_view body) {
  Sha256 h;
  h.update(previous);
  h.update(body);
  return h.hex_final();
}

}  // namespace

const std::string& event_chain_genesis() {
  static const std::string genesis = sha256_hex(kEventChainGenesisText);
  return genesis;
}

std::string chain_event_line(std::string& line, const std::string& previous_chain) {
  if (line.empty() || line.back() != '}') throw std::invalid_argument("an event line must be a JSON object");
  std::string chain = next_chain(previous_chain, line);
  line.pop_back();
  line += kPrefix;
  line += chain;
  line += "\"}";
  return chain;
}

std::optional<ChainedLine> split_chained_line(std::string_view line) {
  if (line.size() < kSuffixLen + 1) return std::nullopt;
  const std::string_view suffix = line.substr(line.size() - kSuffixLen);
  if (suffix.substr(0, kPrefix.size()) != kPrefix || suffix.substr(kSuffixLen - 2) != "\"}") return std::nullopt;
  const std::string_view hex = suffix.substr(kPrefix.size(), kHexLen);
  if (!is_lower_hex(hex)) return std::nullopt;
  ChainedLine out;
  out.body = std::string(line.substr(0, line.size() - kSuffixLen)) + "}";
  out.chain = std::string(hex);
  return out;
}

std::string EventChainCheck::describe() const {
  switch (state) {
    case State::absent: return "absent (events are not chained)";
    case State::intact: return "intact (" + std::to_string(lines) + " lines)";
    case State::broken: return "broken at line " + std::to_string(broken_line) + ": " + problem;
  }
  return "?";
}

EventChainCheck check_event_chain(const std::filesystem::path& events_jsonl) {
  EventChainCheck c;
  RecordedLines lines(events_jsonl);
  std::string line;
  std::string prev = event_chain_genesis();
  bool any_chained = false, any_unchained = false;
  while (lines.next(line)) {
    if (lines.torn()) {
      c.notes.push_back(lines.torn_note() + "; not covered by the events chain");
      break;
    }
    ++c.lines;
    const auto split = split_chained_line(line);
    if (!split) {
      any_unchained = true;
      if (any_chained) {
        c.state = EventChainCheck::State::broken;
        c.broken_line = lines.line_number();
        c.problem = "the line has no chain field";
        return c;
      }
      continue;
    }
    if (any_unchained) {
      c.state = EventChainCheck::State::broken;
      c.broken_line = lines.line_number();
      c.problem = "chained line after unchained lines (earlier lines lost their chain field)";
      return c;
    }
    any_chained = true;
    const std::string expected = next_chain(prev, split->body);
    if (expected != split->chain) {
      c.state = EventChainCheck::State::broken;
      c.broken_line = lines.line_number();
      c.problem = "chain value does not follow from the previous line (this line edited, or a line before it "
                  "removed, inserted or reordered)";
      return c;
    }
    prev = expected;
    c.head = prev;
  }
  c.state = any_chained ? EventChainCheck::State::intact : EventChainCheck::State::absent;
  if (c.lines == 0) c.state = EventChainCheck::State::intact, c.head = prev;
  return c;
}

}  // namespace pumprig
