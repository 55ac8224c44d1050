#include "rig/config/config_error.hpp"

#include <algorithm>
#include <cctype>

#include "rig/core/safe_text.hpp"

namespace pumprig {

std::string to_string(const SourcePos& pos) {
  if (pos.line <= 0) return pos.file;
  return pos.file + ":" + std::to_string(pos.line) + ":" + std::to_string(pos.col);
}

// Messages quote what was read (keys, values, file names): printable() keeps a terminal from
// acting on escape sequences or control characters in a hostile file.
ConfigError::ConfigError(SourcePos where, const std::string& message)
    : std::runtime_error(printable(where.file.empty() && where.line <= 0 ? message : to_string(where) + ": " + message)),
      where_(std::move(where)),
      message_(printable(message)) {}

namespace {
char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }
}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
  const std::size_t n = a.size(), m = b.size();
  // Three rolling rows are enough for the transposition rule.
  std::vector<std::size_t> prev2(m + 1), prev(m + 1), cur(m + 1);
  for (std::size_t j = 0; j <= m; ++j) prev[j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) && lower(a[i - 2]) == lower(b[j - 1]))
        cur[j] = std::min(cur[j], prev2[j - 2] + 1);
    }
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return prev[m];
}

std::optional<std::string> did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  if (word.empty()) return std::nullopt;
  const std::size_t limit = std::min<std::size_t>(3, std::max<std::size_t>(1, word.size() / 3));
  std::optional<std::string> best;
  std::size_t best_distance = limit + 1;
  for (const auto& c : candidates) {
    const std::size_t d = edit_distance(word, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  if (best) return best;
  // A truncated key ("calibration" for "calibration_due") is far in edits but obvious.
  if (word.size() >= 3) {
    for (const auto& c : candidates) {
      if (c.size() > word.size() && edit_distance(word, std::string_view(c).substr(0, word.size())) == 0) return c;
    }
  }
  return std::nullopt;
}

std::string did_you_mean_suffix(std::string_view word, const std::vector<std::string>& candidates) {
  const auto m = did_you_mean(word, candidates);
  return m ? " (did you mean '" + *m + "'?)" : std::string();
}

std::string quoted_list(const std::vector<std::string>& items, std::string_view last_joiner) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += i + 1 == items.size() ? " " + std::string(last_joiner) + " " : ", ";
    out += "'" + items[i] + "'";
  }
  return out;
}

}  // namespace pumprig
