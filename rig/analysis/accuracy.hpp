#pragma once
// Gravimetric flow-rate accuracy per IEC 60601-2-24:2012: start-up graph, mean percentage error
// over the analysis period and trumpet curve, plus what users ask for beyond the standard
// (non-overlapping 1 h errors, start-up delay) and the scenario's acceptance checks.
// Pure: readings and parameters in, result out; no I/O, no clock.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "rig/analysis/checks.hpp"
#include "rig/analysis/mass_reading.hpp"
#include "rig/analysis/resample.hpp"
#include "rig/analysis/uncertainty.hpp"
#include "rig/analysis/verdict.hpp"

namespace pumprig {

inline constexpr const char* kIecMethod = "IEC 60601-2-24:2012";

// Allowed band for one trumpet window: ep_min_pct <= Ep(min) and Ep(max) <= ep_max_pct.
struct TrumpetLimit {
  double window_min = 0;
  double ep_max_pct = 0;
  double ep_min_pct = 0;
};

struct AccuracyLimits {
  std::optional<double> mean_error_pct;         // |A| <= limit
  std::vector<TrumpetLimit> trumpet;            // each window must be one of the analysed ones
  std::optional<double> startup_delay_max_min;  // start-up delay <= limit
};

// A logger that records once per S (its polling period at least (1 - j)·S) has each reading
// within ±j·S of a grid point taken as that point's own value (take_on_time); j is a fraction of
// S. 10 % covers the ±1-2 s a PC logger's clock wanders at S = 30 s, and is far below S/2, so a
// reading is never near two grid points. Data polled faster than that (the rig's 1 s readings)
// are interpolated as always and never moved.
inline constexpr double kDefaultOnTimeJitter = 0.1;

struct AccuracyParams {
  double rate_ml_h = 0;                          // set rate r
  double sample_interval_s = 30;                 // S
  double period_start_min = 60;                  // analysis period (start, end]
  double period_end_min = 120;
  std::vector<double> windows_min{2, 5, 11, 19, 31};  // observation windows P, multiples of S
  double density_g_ml = 0.998;                   // used unless water_temperature_c is given
  std::optional<double> water_temperature_c;     // mean vessel temperature: density from it
  double evaporation_mg_h = 0;                   // measured evaporation loss, added back
  double startup_tolerance_pct = 5;              // x of the start-up delay
  double startup_window_min = 2;                 // window of the start-up delay
  std::optional<double> polling_period_s;        // balance polling period; else median interval
  std::optional<double> gap_limit_s;             // else 3 polling periods, capped at S; a given one is
                                                 // honoured, also above S (with a note)
  std::optional<double> on_time_jitter;          // fraction of S, 0 <= j < 0.5; else kDefaultOnTimeJitter
  std::optional<double> test_duration_min;       // else: last full S interval covered by data
  AccuracyLimits limits;
  std::string limit_source;                      // where the limits come from, for every check
  DecisionRule decision_rule = DecisionRule::simple;
  MeasurementConditions conditions;              // inputs of the uncertainty budgets
};

struct FlowPoint {
  double t_min = 0;                      // end of interval i: t_i
  std::optional<double> flow_ml_h;       // Q_i; nullopt when the interval touches a missing point
};

struct TrumpetPoint {
  double window_min = 0;                 // P
  std::optional<double> ep_max_pct;      // over the windows that have complete data
  std::optional<double> ep_min_pct;
  std::int64_t windows = 0;              // windows evaluated
  std::int64_t windows_expected = 0;     // m = (T2 - P)/S + 1
  std::optional<Uncertainty> ep_uncertainty;  // of one window's error (Ep(max) and Ep(min) alike)
};

struct HourlyError {
  double from_min = 0;
  double to_min = 0;
  std::optional<double> mean_flow_ml_h;  // nullopt when an interval of the hour is missing
  std::optional<double> error_pct;
};

struct AccuracyGap {
  GapKind kind = GapKind::between_readings;
  double from_min = 0;
  double to_min = 0;
  // Intervals i (Q_i) that cannot be computed because of this hole; nullopt when none.
  std::optional<std::pair<std::int64_t, std::int64_t>> missing_intervals;
};

struct AccuracyResult {
  std::string method = kIecMethod;
  double rate_ml_h = 0;
  double sample_interval_s = 0;
  double density_g_ml = 0;
  std::optional<double> water_temperature_c;
  double evaporation_mg_h = 0;
  double period_start_min = 0;
  double period_end_min = 0;
  std::int64_t period_first_interval = 0;  // i of the first interval in the analysis period
  std::int64_t period_last_interval = 0;
  double test_duration_min = 0;
  std::optional<double> mean_flow_ml_h;
  std::optional<double> mean_error_pct;    // A
  std::vector<TrumpetPoint> trumpet;
  std::vector<FlowPoint> startup;          // Q_i over the whole test, i = 1..N
  std::vector<HourlyError> hourly;
  std::optional<double> startup_delay_min; // nullopt: never settled (or too short to tell)
  bool startup_delay_upper_bound = false;  // the windows just before it have missing data
  double startup_tolerance_pct = 0;
  std::size_t readings = 0;                // readings within the test, 0 <= t <= t_N
  std::optional<std::size_t> dynamic_readings;            // nullopt: stability unknown
  std::optional<std::size_t> dynamic_readings_in_period;
  double polling_period_s = 0;
  double gap_limit_s = 0;
  double on_time_tolerance_s = 0;          // ±, readings taken as on their grid point; 0: none
  std::vector<AccuracyGap> gaps;
  std::vector<std::pair<std::int64_t, std::int64_t>> missing_intervals;  // ranges of i
  bool data_covers_period = false;         // readings exist from t_(first-1) to t_last of period
  bool period_complete = false;            // covered, and no gap touches the analysis period
  std::vector<Check> checks;
  Verdict verdict = Verdict::inconclusive;
  std::vector<std::string> notes;          // what a reader of the result should know
  // Uncertainty budgets (GUM): of the mean flow and A, of one start-up graph point Q_i, of an
  // hourly error, of the start-up delay. result.json writes each as "<field>_uncertainty".
  std::optional<Uncertainty> mean_flow_uncertainty;
  std::optional<Uncertainty> mean_error_uncertainty;
  std::optional<Uncertainty> startup_flow_uncertainty;
  std::optional<Uncertainty> hourly_error_uncertainty;
  std::optional<Uncertainty> startup_delay_uncertainty;
};

// The analysis grid t_0 .. t_N holds at most this many intervals (at S = 30 s, 347 days; about
// 50 MB of working memory). Its end follows the last reading, so one stray row far in the future
// would otherwise size it: such data are refused with a message, never allocated for.
inline constexpr std::int64_t kMaxGridIntervals = 1'000'000;
// Reading times must lie within +-9.2e9 s (what 64-bit nanoseconds hold, about 292 years).
inline constexpr double kMaxAbsReadingTimeS = 9.2e9;

// Problems with the parameters (not multiples of S, period outside the test, unknown limit
// window, ...), each as a sentence; empty when they are usable.
std::vector<std::string> check_params(const AccuracyParams& params);

// Throws std::invalid_argument when check_params finds a problem, the readings are not sorted
// by time, hold non-finite values or times outside +-kMaxAbsReadingTimeS, or the last reading
// would make the grid longer than kMaxGridIntervals. Everything else (gaps, short data) ends up in the result.
AccuracyResult analyze_accuracy(const std::vector<MassReading>& readings,
                                const AccuracyParams& params);

}  // namespace pumprig
