#include "reports/uncertainty_blocks.hpp"
#include "rig/core/fixed_text.hpp"

#include <algorithm>
#include <iterator>
#include <utility>

#include <fmt/format.h>

#include "reports/report_values.hpp"

namespace pumprig::reports {

namespace {

struct Words {
  const char* quantity;
  const char* words;
};

// Result fields and check quantities of every test kind (rig/analysis/README.md).
constexpr Words kWords[] = {
    {"mean_error_pct", "Mean error A"},
    {"mean_flow_ml_h", "Mean flow"},
    {"trumpet_ep_max_pct", "Ep(max)"},
    {"trumpet_ep_min_pct", "Ep(min)"},
    {"startup_delay_min", "Start-up delay"},
    {"startup_flow_ml_h", "Start-up graph point Q(i)"},
    {"hourly_error_pct", "Hourly error"},
    {"time_to_alarm_s", "Time to occlusion alarm"},
    {"alarm_pressure_mmhg", "Pressure at the alarm"},
    {"peak_pressure_mmhg", "Peak pressure"},
    {"pressure_at_release_mmhg", "Pressure at release"},
    {"bolus_ml", "Post-occlusion bolus"},
    {"peak_bolus_flow_ml_h", "Peak bolus flow"},
    {"volume_ml", "Free-flow volume"},
    {"peak_flow_ml_h", "Free-flow peak flow"},
    {"check_weight_g", "Check weight"},
};

std::string signed_or_plain(double v, const std::string& unit) {
  return unit == "%" ? signed_fixed_text(v, 3) + " %" : fmt::format("{:.4g} {}", v, unit);
}

}  // namespace

std::string limit_words(const Check& c) {
  const std::string& unit = c.measurand.unit;
  const auto num = [&](double v) { return unit == "%" ? fmt::format("{:+g} %", v) : fmt::format("{:g} {}", v, unit); };
  switch (c.comparison) {
    case CheckComparison::at_most: return "≤ " + num(c.limit);
    case CheckComparison::at_least: return "≥ " + num(c.limit);
    case CheckComparison::abs_at_most:
      if (c.nominal) return fmt::format("{:g} {} ± {:g} {}", *c.nominal, unit, c.limit, unit);
      return unit == "%" ? fmt::format("within ±{:g} %", c.limit) : fmt::format("within ±{:g} {}", c.limit, unit);
  }
  return check_limit_text(c);
}

namespace {

Table budget_table(const Uncertainty& u) {
  Table t{{"Input", "Value and basis", "Distribution", fmt::format("u ({})", u.unit)}, {1.6, 3.2, 0.9, 0.9}, {}, true};
  for (const auto& r : u.budget)
    t.rows.push_back({Cell{r.source}, Cell{r.input, r.input.rfind("not stated", 0) == 0 ? Tone::warn : Tone::normal},
                      Cell{r.distribution}, Cell{fmt::format("{:.3g}", r.standard)}});
  t.rows.push_back({Cell{"Combined standard uncertainty u(c)"}, Cell{"root sum of squares"}, Cell{}, Cell{fmt::format("{:.3g}", u.standard)}});
  t.rows.push_back({Cell{fmt::format("Expanded uncertainty U (k = {:g})", u.k)}, Cell{"about 95 % coverage"}, Cell{},
                    Cell{fmt::format("{:.3g}", u.expanded)}});
  return t;
}

}  // namespace

std::string quantity_words(const std::string& quantity, const std::optional<double>& window_min) {
  for (const auto& w : kWords)
    if (quantity == w.quantity) {
      if (quantity.rfind("trumpet_", 0) == 0) return fmt::format("Trumpet {} {}", window_min ? fmt::format("{:g} min", *window_min) : "", w.words);
      return w.words;
    }
  return quantity;
}

std::vector<Block> checks_blocks(const TestResult& t) {
  std::vector<Block> out;
  out.push_back(Heading{2, "Acceptance checks"});
  if (t.checks.empty()) {
    out.push_back(Paragraph{"No acceptance limits: the results are measured, not judged (verdict MEASURED).", Tone::warn});
    return out;
  }
  Table tab{{"Check", "Value", "U (k = 2)", "Limit", "Verdict"}, {2.2, 1, 0.8, 1.2, 1.2}, {}, false};
  bool within = false;
  for (const auto& c : t.checks) {
    const std::string& unit = c.measurand.unit;
    const std::string words = quantity_words(c.measurand.quantity.empty() ? c.name : c.measurand.quantity, c.measurand.window_min);
    Cell verdict = verdict_cell(std::string(to_string(c.verdict)));
    if (c.within_uncertainty) {
      verdict.text += " (within U)";
      within = true;
    }
    tab.rows.push_back({Cell{words}, Cell{c.value ? signed_or_plain(*c.value, unit) : "n/a"},
                        Cell{c.uncertainty ? fmt::format("{:.3g} {}", *c.uncertainty, unit) : "not known", c.uncertainty ? Tone::normal : Tone::muted},
                        Cell{limit_words(c)}, verdict});
  }
  out.push_back(std::move(tab));
  // One source and rule per test (the scenario's limits block and decision_rule).
  const Check& first = t.checks.front();
  std::vector<std::string> lines;
  lines.push_back("Source of the limits: " + (first.limit_source.empty() ? std::string("not stated in the scenario") : first.limit_source) +
                  ". IEC 60601-2-24 prescribes the methods, not these limits.");
  lines.push_back(first.decision_rule == DecisionRule::guarded
                      ? "Decision rule: guarded acceptance (ILAC-G8:2019, guard band w = U): a pass needs the value inside its limit "
                        "by at least U; within U of the limit the check is inconclusive."
                      : "Decision rule: simple acceptance (ILAC-G8:2019): the value alone decides; U is reported beside it.");
  if (within)
    lines.push_back("A check marked \"within U\" has its value closer to the limit than its expanded uncertainty: its verdict "
                    "holds with less than 95 % confidence.");
  out.push_back(Notice{"How the checks were judged", lines, within ? Tone::warn : Tone::muted});
  return out;
}

std::vector<Block> uncertainty_blocks(const TestResult& t) {
  std::vector<Block> out;
  const std::string suffix = "_uncertainty";
  std::vector<std::pair<std::string, Uncertainty>> budgets;
  for (const auto& [key, value] : t.fields.items())
    if (key.size() > suffix.size() && key.compare(key.size() - suffix.size(), suffix.size(), suffix) == 0)
      if (auto u = uncertainty_from_json(value)) budgets.emplace_back(key.substr(0, key.size() - suffix.size()), std::move(*u));
  // The trumpet: U per window, and the budget of the shortest window (the others differ only in
  // the window's length; result.json holds each).
  std::optional<std::pair<double, Uncertainty>> shortest;
  Table windows{{"Window P", "U of Ep (k = 2)"}, {1, 1}, {}, true};
  if (const auto& tr = t.field("trumpet"); tr.is_array())
    for (const auto& w : tr) {
      const auto p = number(w, "window_min");
      const auto u = uncertainty_from_json(field(w, "ep_max_pct_uncertainty"));
      if (!p || !u) continue;
      windows.rows.push_back({Cell{fmt::format("{:g} min", *p)}, Cell{fmt::format("{:.3g} {}", u->expanded, u->unit)}});
      if (!shortest || *p < shortest->first) shortest = std::make_pair(*p, *u);
    }
  // In the order results are reported (kWords), not the JSON's alphabetical one.
  const auto rank = [](const std::string& key) {
    std::size_t i = 0;
    for (; i < std::size(kWords); ++i)
      if (key == kWords[i].quantity) break;
    return i;
  };
  std::stable_sort(budgets.begin(), budgets.end(), [&](const auto& a, const auto& b) { return rank(a.first) < rank(b.first); });
  if (budgets.empty() && !shortest) return out;
  out.push_back(Heading{2, "Uncertainty budgets"});
  out.push_back(Paragraph{"Each result's standard uncertainty per GUM (JCGM 100:2008): every input's standard uncertainty times its "
                          "sensitivity, in the result's unit, combined as the root sum of squares; U = k u(c) with k = 2. "
                          "The model and its inputs: rig/analysis/README.md.",
                          Tone::muted});
  for (const auto& [key, u] : budgets) {
    const auto v = number(t.fields, key.c_str());
    out.push_back(Paragraph{fmt::format("{}{}: U = {:.3g} {} (k = {:g})", quantity_words(key),
                                        v ? " " + signed_or_plain(*v, u.unit) : std::string(), u.expanded, u.unit, u.k)});
    out.push_back(budget_table(u));
  }
  if (shortest) {
    out.push_back(Paragraph{"Trumpet curve: U of each window's error"});
    out.push_back(std::move(windows));
    out.push_back(Paragraph{fmt::format("Budget of the {:g} min window", shortest->first)});
    out.push_back(budget_table(shortest->second));
  }
  return out;
}

}  // namespace pumprig::reports
