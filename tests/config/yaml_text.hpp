#pragma once
// Builds YAML test documents line by line, so a test can say "line 7 reads ..." and the
// positions in the expected messages can be checked by eye.
#include <string>
#include <vector>

namespace pumprig::test {

using Lines = std::vector<std::string>;

inline std::string join(const Lines& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

// Line numbers are 1-based, as in the messages.
inline Lines replace_line(Lines lines, std::size_t line, std::string text) {
  lines.at(line - 1) = std::move(text);
  return lines;
}

inline Lines erase_line(Lines lines, std::size_t line) {
  lines.erase(lines.begin() + static_cast<long>(line - 1));
  return lines;
}

inline Lines append(Lines lines, const Lines& more) {
  lines.insert(lines.end(), more.begin(), more.end());
  return lines;
}

}  // namespace pumprig::test
