#pragma once
// Verdicts of acceptance checks and tests. "inconclusive" is a verdict of its own: the data
// cannot show pass or fail (a gap in the analysis period, data too short), which a tester must
// never read as a pass.
#include <optional>
#include <string_view>

namespace pumprig {

enum class Verdict { pass, fail, inconclusive };

constexpr std::string_view to_string(Verdict v) {
  switch (v) {
    case Verdict::pass: return "pass";
    case Verdict::fail: return "fail";
    case Verdict::inconclusive: return "inconclusive";
  }
  return "inconclusive";
}

// A verdict word as records write it; nullopt for anything else (which readers take as inconclusive).
constexpr std::optional<Verdict> parse_verdict(std::string_view text) {
  for (const Verdict v : {Verdict::pass, Verdict::fail, Verdict::inconclusive})
    if (text == to_string(v)) return v;
  return std::nullopt;
}

// Combining verdicts: any fail wins, then any inconclusive, else pass.
constexpr Verdict combine(Verdict a, Verdict b) {
  if (a == Verdict::fail || b == Verdict::fail) return Verdict::fail;
  if (a == Verdict::inconclusive || b == Verdict::inconclusive) return Verdict::inconclusive;
  return Verdict::pass;
}

}  // namespace pumprig
