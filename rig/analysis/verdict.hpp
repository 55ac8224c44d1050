#pragma once
// Verdicts of acceptance checks and tests. "inconclusive" is a verdict of its own: the data
// cannot show pass or fail (a gap in the analysis period, data too short), which a tester must
// never read as a pass. "measured" is a complete analysis that had nothing to judge (no limits):
// its numbers are valid, but nothing passed.
#include <optional>
#include <string_view>

namespace pumprig {

enum class Verdict { pass, fail, inconclusive, measured };

constexpr std::string_view to_string(Verdict v) {
  switch (v) {
    case Verdict::pass: return "pass";
    case Verdict::fail: return "fail";
    case Verdict::inconclusive: return "inconclusive";
    case Verdict::measured: return "measured";
  }
  return "inconclusive";
}

// A verdict word as records write it; nullopt for anything else (which readers take as inconclusive).
constexpr std::optional<Verdict> parse_verdict(std::string_view text) {
  for (const Verdict v : {Verdict::pass, Verdict::fail, Verdict::inconclusive, Verdict::measured})
    if (text == to_string(v)) return v;
  return std::nullopt;
}

// Combining verdicts: any fail wins, then any inconclusive, then any measured (something was not
// judged, so the whole cannot claim a pass), else pass.
constexpr Verdict combine(Verdict a, Verdict b) {
  for (const Verdict v : {Verdict::fail, Verdict::inconclusive, Verdict::measured})
    if (a == v || b == v) return v;
  return Verdict::pass;
}

}  // namespace pumprig
