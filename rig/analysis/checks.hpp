#pragma once
// Acceptance checks shared by every analysis: a value against a limit, with a verdict.
// What makes a check more than a comparison is missing or partial data. A value computed from
// incomplete data is often still a bound on the true value (a peak over a record with a hole can
// only be lower than the true peak; a start-up delay judged across a hole can only be later than
// the true one), and a bound settles the check in one direction only. Each analysis says which
// kind of value it has; the verdict follows from that here, the same way for all of them.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rig/analysis/verdict.hpp"

namespace pumprig {

// How a value is held against its limit.
enum class CheckComparison { at_most, at_least, abs_at_most };
// As result.json writes it: "<=", ">=", "abs<=".
const char* to_string(CheckComparison c);
std::optional<CheckComparison> parse_comparison(std::string_view text);

// What a check is about: the measured quantity, its unit, and for a windowed quantity (a point
// of the trumpet curve) its observation window. Readers take these fields; they never parse the
// check's name.
struct Measurand {
  std::string quantity{};            // "mean_error_pct", "trumpet_ep_max_pct", "time_to_alarm_s", ...
  std::string unit{};                // "%", "min", "s", "mmHg", "ml", "ml/h"
  std::optional<double> window_min{};  // the observation window P of a trumpet check
};

// How a result is held against its limit when its measurement uncertainty is known (ILAC-G8:2019,
// chosen in the scenario's `decision_rule`):
//   simple  - simple acceptance: the value alone decides (the limit is met or it is not); a
//             value within its expanded uncertainty U of the limit is flagged, so the reader
//             knows the verdict holds with less than 95 % confidence.
//   guarded - guarded acceptance with a guard band w = U: a pass needs the value inside the limit
//             by at least U; a value inside by less than U is inconclusive (it cannot be shown
//             to conform with 95 % confidence); a value beyond the limit fails as before.
enum class DecisionRule { simple, guarded };
const char* to_string(DecisionRule rule);
std::optional<DecisionRule> parse_decision_rule(std::string_view text);
// Every rule's name, for messages: {"simple", "guarded"}.
const std::vector<std::string>& decision_rule_names();

struct Check {
  // The check's id within its test, as records have always named it: the quantity, or for a
  // windowed one the window spliced in after its first word ("trumpet_2min_ep_max_pct").
  std::string name;
  Measurand measurand;
  std::optional<double> value;
  double limit = 0;
  CheckComparison comparison = CheckComparison::at_most;
  Verdict verdict = Verdict::inconclusive;
  // The value an abs<= check is centred on: |value - nominal| is held against the limit (a check
  // weight read against its nominal mass). None means 0.
  std::optional<double> nominal{};
  // Where the limit comes from ("manufacturer's stated accuracy, IFU rev C"); "" when the scenario
  // does not say.
  std::string limit_source{};
  // The value's expanded uncertainty U (k = 2) in the check's unit, when the analysis has a budget
  // for it, and the rule it was judged by.
  std::optional<double> uncertainty{};
  DecisionRule decision_rule = DecisionRule::simple;
  // |margin to the limit| < U: the verdict holds with less than 95 % confidence.
  bool within_uncertainty = false;
};

// The record name of a measurand (see Check::name).
std::string check_name(const Measurand& m);

// What the value says about the true value.
enum class Bound {
  exact,        // computed from complete data
  lower_bound,  // the true value is >= value (a maximum over part of the data)
  upper_bound,  // the true value is <= value (a minimum over part of the data, a delay across a hole)
};

// Floating-point slack on exact boundaries, far below anything an instrument resolves.
inline constexpr double kCheckSlack = 1e-9;

// value <= limit. A missing value gets if_missing (inconclusive unless the analysis knows the
// value is missing because the device under test failed, e.g. it never alarmed).
Check check_at_most(Measurand what, std::optional<double> value, double limit, Bound bound = Bound::exact,
                    Verdict if_missing = Verdict::inconclusive, double slack = kCheckSlack);

// value >= limit.
Check check_at_least(Measurand what, std::optional<double> value, double limit, Bound bound = Bound::exact,
                     Verdict if_missing = Verdict::inconclusive, double slack = kCheckSlack);

// |value| <= limit; only an exact value can settle it.
Check check_abs_at_most(Measurand what, std::optional<double> value, double limit,
                        Verdict if_missing = Verdict::inconclusive, double slack = kCheckSlack);

// |value - nominal| <= tolerance (a check weight: its reading against its nominal mass).
Check check_within(Measurand what, std::optional<double> value, double nominal, double tolerance,
                   Verdict if_missing = Verdict::inconclusive, double slack = kCheckSlack);

// How far the value is inside its limit (negative: beyond it), in the check's unit; nullopt
// without a value.
std::optional<double> margin_to_limit(const Check& check);

// Gives the check its expanded uncertainty U and judges it by `rule`: flags a value within U of
// the limit, and under the guarded rule turns a pass by less than U into inconclusive. A fail,
// and a check without a value, keep their verdict.
void judge_with_uncertainty(Check& check, double expanded_uncertainty, DecisionRule rule);

// A check as every analysis adds it: with its limit's source and decision rule, judged with its
// expanded uncertainty when the analysis has one.
Check judged(Check check, const std::string& limit_source, DecisionRule rule, std::optional<double> expanded_uncertainty);

// The test's verdict: base (what the analysis itself concludes about its data) combined with
// every check: any fail wins, then any inconclusive, else pass. A complete analysis (base pass)
// with no check at all is "measured": its numbers are valid, but nothing was judged.
Verdict combine_checks(Verdict base, const std::vector<Check>& checks);

}  // namespace pumprig
