#pragma once
// Free flow: with the pump's door opened (or the set removed) and the container at a known head
// height, fluid must not run by gravity. The rig weighs what flows between door open and door
// close (or the end of the observation) and reports the volume and the peak flow; limits come
// from the scenario (no IEC figures exist). Pure: readings and markers in, result out.
//
// Also the windowed peak flow from mass readings that the occlusion bolus uses.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "rig/analysis/checks.hpp"
#include "rig/analysis/mass_reading.hpp"
#include "rig/analysis/uncertainty.hpp"

namespace pumprig {

inline constexpr const char* kFreeFlowMethod = "gravimetric free flow: volume and peak flow from door open to door close";

struct FreeFlowLimits {
  std::optional<double> volume_ml;       // volume_ml <= limit
  std::optional<double> peak_flow_ml_h;  // peak_flow_ml_h <= limit
};

struct FreeFlowParams {
  double head_height_cm = 0;             // reported, not used in the arithmetic
  double density_g_ml = 0.998;
  FreeFlowLimits limits;
  double flow_window_s = 10;             // window of the peak flow
  std::optional<double> gap_limit_s;     // else three times the median interval between readings
  std::string limit_source;              // where the limits come from, for every check
  DecisionRule decision_rule = DecisionRule::simple;
  MeasurementConditions conditions;      // inputs of the uncertainty budgets
};

struct FreeFlowMarkers {
  std::optional<double> t_door_open_s;
  std::optional<double> t_door_close_s;  // or the end of the observation; nullopt: never closed
};

struct FreeFlowResult {
  std::string method = kFreeFlowMethod;
  double head_height_cm = 0;
  double density_g_ml = 0;
  double flow_window_s = 0;
  std::optional<double> t_door_open_s;
  std::optional<double> t_door_close_s;
  std::optional<double> t_end_s;         // end of the observation used: door close, else last reading
  std::optional<double> duration_s;      // t_end - t_door_open
  std::optional<double> volume_ml;       // (m(t_end) - m(t_door_open)) / density
  std::optional<double> peak_flow_ml_h;  // highest flow over any flow_window_s window in the span
  std::size_t readings = 0;              // readings within [t_door_open, t_end]
  double gap_limit_s = 0;
  bool data_complete = false;            // no hole longer than the gap limit in the span
  std::vector<Check> checks;
  Verdict verdict = Verdict::inconclusive;
  std::vector<std::string> notes;
  // Uncertainty budgets (GUM); result.json writes each as "<field>_uncertainty".
  std::optional<Uncertainty> volume_uncertainty;
  std::optional<Uncertainty> peak_flow_uncertainty;
};

// Peak flow over [from_s, to_s] of the mass curve interpolated linearly between readings: the
// highest (m(t + w) - m(t)) / w over from_s <= t <= to_s - w, in ml/h. Exact for that curve: the
// difference is piecewise linear in t, so its maximum lies where t or t + w meets a reading or
// the span's edges, and only those are evaluated. Windows that would interpolate across a hole
// longer than gap_limit_s are skipped (all_windows = false: the peak is then a lower bound).
// A span shorter than window_s is one window over the whole span (window_s says so).
struct PeakFlow {
  std::optional<double> flow_ml_h;
  double window_s = 0;
  bool all_windows = true;
};
PeakFlow peak_flow(const std::vector<MassReading>& readings, double from_s, double to_s, double window_s,
                   double density_g_ml, double gap_limit_s);

// Throws std::invalid_argument for unusable parameters (density, window, limits) or readings not
// sorted by time or not finite. Missing markers and data end up in the result.
FreeFlowResult analyze_free_flow(const FreeFlowParams& params, const FreeFlowMarkers& markers,
                                 const std::vector<MassReading>& readings);

}  // namespace pumprig
