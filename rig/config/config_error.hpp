#pragma once
// Configuration errors a tester can act on: every one names the file, line and column where the
// fix belongs, in the `file:line:col: message` form editors and CI logs turn into links.
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace pumprig {

// 1-based line and column; 0 means "not known" (text that did not come from a file position).
struct SourcePos {
  std::string file;
  int line = 0, col = 0;
  bool operator==(const SourcePos&) const = default;
};

// "file:line:col", "file" when the position is unknown.
std::string to_string(const SourcePos& pos);

class ConfigError : public std::runtime_error {
 public:
  ConfigError(SourcePos where, const std::string& message);
  const SourcePos& where() const { return where_; }
  // The message without the position prefix.
  const std::string& message() const { return message_; }

 private:
  SourcePos where_;
  std::string message_;
};

// Optimal-string-alignment distance (adjacent transpositions count as one edit), ASCII
// case-insensitive: typos in keys are mostly a dropped, doubled or swapped letter.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate the word was most likely meant to be, if any is close enough: within about a
// third of the word's length in edits, or the word is a prefix (3+ letters) of the candidate.
std::optional<std::string> did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

// " (did you mean 'rate'?)" or "" when nothing is close: ready to append to a message.
std::string did_you_mean_suffix(std::string_view word, const std::vector<std::string>& candidates);

// "'a', 'b' or 'c'": for messages that list what is allowed.
std::string quoted_list(const std::vector<std::string>& items, std::string_view last_joiner = "or");

}  // namespace pumprig
