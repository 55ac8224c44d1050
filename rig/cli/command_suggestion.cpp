#include "rig/cli/command_suggestion.hpp"

#include <algorithm>
#include <cctype>

#include "rig/core/safe_text.hpp"

namespace pumprig {

namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      const bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) == std::tolower(static_cast<unsigned char>(b[j - 1]));
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

std::vector<std::string> suggest_commands(std::string_view typed, const std::vector<std::string>& known) {
  std::vector<std::pair<std::size_t, std::string>> near;
  if (typed.empty() || typed.size() > 64) return {};
  for (const auto& name : known) {
    const std::size_t d = edit_distance(typed, name);
    const bool prefix = typed.size() >= 2 && name.compare(0, typed.size(), typed) == 0;
    if (d <= 2 || prefix) near.emplace_back(prefix ? 0 : d, name);
  }
  std::stable_sort(near.begin(), near.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  std::vector<std::string> out;
  for (auto& [d, name] : near) out.push_back(std::move(name));
  return out;
}

std::string unknown_command_message(std::string_view typed, const std::vector<std::string>& known) {
  std::string list;
  for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
  const auto near = suggest_commands(typed, known);
  std::string hint;
  for (std::size_t i = 0; i < near.size(); ++i) hint += (i == 0 ? "" : i + 1 == near.size() ? " or " : ", ") + ("'" + near[i] + "'");
  return "pumprig: unknown command '" + printable(std::string(typed)) + "'" + (hint.empty() ? "" : "; did you mean " + hint + "?") +
         " (commands: " + list + "; pumprig --help)";
}

}  // namespace pumprig
