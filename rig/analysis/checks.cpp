#include "rig/analysis/checks.hpp"

#include <cmath>
#include <utility>

namespace pumprig {

namespace {

// A one-sided check: `beyond` says whether v breaks the limit. A lower bound that already breaks
// an upper limit fails (the truth is further out); an upper bound within it passes. The other
// two combinations leave the truth on either side.
Verdict judge(std::optional<double> value, bool upper_limit, Bound bound, Verdict if_missing, bool beyond) {
  if (!value || !std::isfinite(*value)) return if_missing;
  if (bound == Bound::exact) return beyond ? Verdict::fail : Verdict::pass;
  // For an upper limit (<=), a lower bound can prove a fail and an upper bound a pass; for a lower
  // limit (>=) the other way round.
  const bool can_prove_fail = upper_limit ? bound == Bound::lower_bound : bound == Bound::upper_bound;
  if (beyond) return can_prove_fail ? Verdict::fail : Verdict::inconclusive;
  return can_prove_fail ? Verdict::inconclusive : Verdict::pass;
}

}  // namespace

Check check_at_most(std::string name, std::optional<double> value, double limit, Bound bound, Verdict if_missing,
                    double slack) {
  const bool beyond = value && *value > limit + slack;
  return Check{std::move(name), value, limit, "<=", judge(value, true, bound, if_missing, beyond)};
}

Check check_at_least(std::string name, std::optional<double> value, double limit, Bound bound, Verdict if_missing,
                     double slack) {
  const bool beyond = value && *value < limit - slack;
  return Check{std::move(name), value, limit, ">=", judge(value, false, bound, if_missing, beyond)};
}

Check check_abs_at_most(std::string name, std::optional<double> value, double limit, Verdict if_missing,
                        double slack) {
  const bool beyond = value && std::abs(*value) > limit + slack;
  return Check{std::move(name), value, limit, "abs<=", judge(value, true, Bound::exact, if_missing, beyond)};
}

Verdict combine_checks(Verdict base, const std::vector<Check>& checks) {
  for (const auto& c : checks) base = combine(base, c.verdict);
  return base;
}

}  // namespace pumprig
