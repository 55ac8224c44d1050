#include "reports/display_text.hpp"

#include <fmt/format.h>

namespace pumprig::reports {

namespace {
bool starts_character(char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }
}  // namespace

const std::string_view kTruncationMarker = " \u2026 [";

std::string display_text(std::string_view text, std::size_t max_chars) {
  if (text.size() <= max_chars) return std::string(text);  // fewer bytes than allowed characters
  std::size_t chars = 0;
  std::size_t cut = text.size();
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (!starts_character(text[i])) continue;
    if (chars == max_chars) {
      cut = i;
      break;
    }
    ++chars;
  }
  if (cut == text.size()) return std::string(text);
  std::size_t rest = 0;
  for (std::size_t i = cut; i < text.size(); ++i) rest += starts_character(text[i]);
  std::string out(text.substr(0, cut));
  out += kTruncationMarker;
  out += fmt::format("{} more characters not shown; full text in the run folder]", rest);
  return out;
}

}  // namespace pumprig::reports
