#include "rig/analysis/checks.hpp"

#include <cmath>
#include <utility>

#include <fmt/format.h>

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

Check make_check(Measurand what, std::optional<double> value, double limit, CheckComparison comparison, Verdict verdict) {
  std::string name = check_name(what);
  return Check{std::move(name), std::move(what), value, limit, comparison, verdict};
}

}  // namespace

const char* to_string(CheckComparison c) {
  switch (c) {
    case CheckComparison::at_most: return "<=";
    case CheckComparison::at_least: return ">=";
    case CheckComparison::abs_at_most: return "abs<=";
  }
  return "?";
}

std::optional<CheckComparison> parse_comparison(std::string_view text) {
  for (const CheckComparison c : {CheckComparison::at_most, CheckComparison::at_least, CheckComparison::abs_at_most})
    if (text == to_string(c)) return c;
  return std::nullopt;
}

std::string check_name(const Measurand& m) {
  if (!m.window_min) return m.quantity;
  const auto cut = m.quantity.find('_');
  const std::string window = fmt::format("{:g}min", *m.window_min);
  if (cut == std::string::npos) return m.quantity + "_" + window;
  return m.quantity.substr(0, cut + 1) + window + m.quantity.substr(cut);
}

Check check_at_most(Measurand what, std::optional<double> value, double limit, Bound bound, Verdict if_missing,
                    double slack) {
  const bool beyond = value && *value > limit + slack;
  return make_check(std::move(what), value, limit, CheckComparison::at_most, judge(value, true, bound, if_missing, beyond));
}

Check check_at_least(Measurand what, std::optional<double> value, double limit, Bound bound, Verdict if_missing,
                     double slack) {
  const bool beyond = value && *value < limit - slack;
  return make_check(std::move(what), value, limit, CheckComparison::at_least, judge(value, false, bound, if_missing, beyond));
}

Check check_abs_at_most(Measurand what, std::optional<double> value, double limit, Verdict if_missing,
                        double slack) {
  const bool beyond = value && std::abs(*value) > limit + slack;
  return make_check(std::move(what), value, limit, CheckComparison::abs_at_most,
                    judge(value, true, Bound::exact, if_missing, beyond));
}

Check check_within(Measurand what, std::optional<double> value, double nominal, double tolerance, Verdict if_missing,
                   double slack) {
  const std::optional<double> deviation = value ? std::optional<double>(*value - nominal) : std::nullopt;
  Check c = check_abs_at_most(std::move(what), deviation, tolerance, if_missing, slack);
  c.value = value;
  c.nominal = nominal;
  return c;
}

const char* to_string(DecisionRule rule) {
  switch (rule) {
    case DecisionRule::simple: return "simple";
    case DecisionRule::guarded: return "guarded";
  }
  return "simple";
}

namespace {
constexpr DecisionRule kDecisionRules[] = {DecisionRule::simple, DecisionRule::guarded};
}  // namespace

std::optional<DecisionRule> parse_decision_rule(std::string_view text) {
  for (const DecisionRule r : kDecisionRules)
    if (text == to_string(r)) return r;
  return std::nullopt;
}

const std::vector<std::string>& decision_rule_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const DecisionRule r : kDecisionRules) out.emplace_back(to_string(r));
    return out;
  }();
  return names;
}

std::optional<double> margin_to_limit(const Check& c) {
  if (!c.value || !std::isfinite(*c.value)) return std::nullopt;
  switch (c.comparison) {
    case CheckComparison::at_most: return c.limit - *c.value;
    case CheckComparison::at_least: return *c.value - c.limit;
    case CheckComparison::abs_at_most: return c.limit - std::abs(*c.value - c.nominal.value_or(0.0));
  }
  return std::nullopt;
}

void judge_with_uncertainty(Check& c, double expanded, DecisionRule rule) {
  c.decision_rule = rule;
  if (!std::isfinite(expanded) || expanded < 0) return;
  c.uncertainty = expanded;
  const auto margin = margin_to_limit(c);
  if (!margin) return;
  c.within_uncertainty = std::abs(*margin) < expanded;
  if (rule == DecisionRule::guarded && c.verdict == Verdict::pass && *margin < expanded) c.verdict = Verdict::inconclusive;
}

Check judged(Check c, const std::string& limit_source, DecisionRule rule, std::optional<double> expanded) {
  c.limit_source = limit_source;
  c.decision_rule = rule;
  if (expanded) judge_with_uncertainty(c, *expanded, rule);
  return c;
}

Verdict combine_checks(Verdict base, const std::vector<Check>& checks) {
  if (checks.empty() && base == Verdict::pass) return Verdict::measured;
  for (const auto& c : checks) base = combine(base, c.verdict);
  return base;
}

}  // namespace pumprig
