#pragma once
// Occlusion alarm and post-occlusion bolus per IEC 60601-2-24:2012: the line is switched to a
// closed path with a pressure transducer while the pump runs; the rig records the time to the
// alarm and the pressure then, releases the occlusion and weighs the unintended bolus that the
// stored pressure pushes out. Pure: markers and readings in, result out; no I/O, no clock.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "rig/analysis/checks.hpp"
#include "rig/analysis/mass_reading.hpp"
#include "rig/analysis/uncertainty.hpp"

namespace pumprig {

inline constexpr const char* kOcclusionMethod = "IEC 60601-2-24:2012 occlusion alarm and bolus";

struct OcclusionLimits {
  std::optional<double> time_to_alarm_s;      // each: value <= limit
  std::optional<double> alarm_pressure_mmhg;
  std::optional<double> peak_pressure_mmhg;
  std::optional<double> bolus_ml;
};

struct OcclusionParams {
  double rate_ml_h = 0;
  std::string threshold;                      // "low" / "medium" / "high", or "" (reported only)
  double density_g_ml = 0.998;
  OcclusionLimits limits;
  double bolus_end_window_s = 5;              // mass at collection end: mean over this window
  double flow_window_s = 10;                  // window of the peak bolus flow
  std::optional<double> pressure_gap_limit_s; // else 3 x the median interval between readings
  std::optional<double> mass_gap_limit_s;     // likewise for the balance
  std::string limit_source;                   // where the limits come from, for every check
  DecisionRule decision_rule = DecisionRule::simple;
  MeasurementConditions conditions;           // inputs of the uncertainty budgets
};

// Times the runner's steps recorded, on the readings' time base.
struct OcclusionMarkers {
  std::optional<double> t_occlude_s;
  std::optional<double> t_alarm_s;
  std::optional<double> t_release_s;
  std::optional<double> t_collect_end_s;
  std::string alarm_source;                   // "pump" | "alarm_sense" | ""
  std::string collect_end_criterion;          // e.g. "pressure below 10 mmHg", "2 min elapsed"
};

struct OcclusionResult {
  std::string method = kOcclusionMethod;
  double rate_ml_h = 0;
  std::string threshold;
  double density_g_ml = 0;
  OcclusionMarkers markers;
  std::optional<double> time_to_alarm_s;      // t_alarm - t_occlude
  bool never_alarmed = false;                 // no alarm although the data cover the whole wait
  std::optional<double> alarm_pressure_mmhg;  // interpolated at t_alarm
  std::optional<double> peak_pressure_mmhg;   // highest reading in [t_occlude, t_collect_end]
  bool peak_pressure_complete = false;        // that span is fully covered by readings
  std::optional<double> pressure_at_release_mmhg;  // interpolated at t_release
  std::optional<double> mass_at_release_g;    // last reading at or before t_release
  std::optional<double> mass_at_collect_end_g;  // mean over the bolus end window
  std::optional<double> bolus_ml;             // (mass at collection end - mass at release) / density
  std::optional<double> collection_s;         // t_collect_end - t_release
  std::optional<double> peak_bolus_flow_ml_h; // highest flow over flow_window_s during collection
  std::size_t pressure_readings = 0;          // whole pressure series
  std::size_t mass_readings = 0;              // whole mass series
  double pressure_gap_limit_s = 0;
  double mass_gap_limit_s = 0;
  double bolus_end_window_s = 0;
  double flow_window_s = 0;
  std::vector<Check> checks;
  Verdict verdict = Verdict::inconclusive;
  std::vector<std::string> notes;
  // Uncertainty budgets (GUM) of the values above, when there is a value; result.json writes
  // each as "<field>_uncertainty".
  std::optional<Uncertainty> time_to_alarm_uncertainty;
  std::optional<Uncertainty> alarm_pressure_uncertainty;
  std::optional<Uncertainty> peak_pressure_uncertainty;
  std::optional<Uncertainty> pressure_at_release_uncertainty;
  std::optional<Uncertainty> bolus_uncertainty;
  std::optional<Uncertainty> peak_bolus_flow_uncertainty;
};

// Throws std::invalid_argument for unusable parameters or markers (non-finite, non-positive
// density or windows) or readings not sorted by time or not finite. Missing markers and data
// end up in the result as nulls, notes and inconclusive verdicts.
OcclusionResult analyze_occlusion(const OcclusionParams& params, const OcclusionMarkers& markers,
                                  const std::vector<PressureSample>& pressure,
                                  const std::vector<MassReading>& mass);

}  // namespace pumprig
