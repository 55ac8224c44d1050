#pragma once
// Acceptance checks shared by every analysis: a value against a limit, with a verdict.
// What makes a check more than a comparison is missing or partial data. A value computed from
// incomplete data is often still a bound on the true value (a peak over a record with a hole can
// only be lower than the true peak; a start-up delay judged across a hole can only be later than
// the true one), and a bound settles the check in one direction only. Each analysis says which
// kind of value it has; the verdict follows from that here, the same way for all of them.
#include <optional>
#include <string>
#include <vector>

#include "rig/analysis/verdict.hpp"

namespace pumprig {

struct Check {
  std::string name;                      // e.g. "mean_error_pct", "time_to_alarm_s"
  std::optional<double> value;
  double limit = 0;
  std::string comparison;                // "abs<=", "<=", ">="
  Verdict verdict = Verdict::inconclusive;
};

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
Check check_at_most(std::string name, std::optional<double> value, double limit, Bound bound = Bound::exact,
                    Verdict if_missing = Verdict::inconclusive, double slack = kCheckSlack);

// value >= limit.
Check check_at_least(std::string name, std::optional<double> value, double limit, Bound bound = Bound::exact,
                     Verdict if_missing = Verdict::inconclusive, double slack = kCheckSlack);

// |value| <= limit; only an exact value can settle it.
Check check_abs_at_most(std::string name, std::optional<double> value, double limit,
                        Verdict if_missing = Verdict::inconclusive, double slack = kCheckSlack);

// The test's verdict: base (what the analysis itself concludes about its data) combined with
// every check: any fail wins, then any inconclusive, else pass.
Verdict combine_checks(Verdict base, const std::vector<Check>& checks);

}  // namespace pumprig
