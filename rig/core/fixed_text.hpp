#pragma once
// A number in fixed-point text for people: `decimals` places, and never "-0.000". A value that
// rounds to zero from below (a free-flow volume of -0.0002 ml, a balance's noise) reads as zero;
// the sign is kept wherever a digit is not zero. Every number printed for people goes through
// these two.
#include <string>

#include <fmt/format.h>

namespace pumprig {

inline std::string fixed_text(double value, int decimals) {
  std::string s = fmt::format("{:.{}f}", value, decimals);
  if (!s.empty() && s[0] == '-' && s.find_first_not_of("0.", 1) == std::string::npos) s.erase(0, 1);
  return s;
}

// The same with the sign always shown ("+0.491", "-1.511"), and "+0.000" for what rounds to zero.
inline std::string signed_fixed_text(double value, int decimals) {
  const std::string s = fixed_text(value, decimals);
  return s[0] == '-' ? s : "+" + s;
}

}  // namespace pumprig
