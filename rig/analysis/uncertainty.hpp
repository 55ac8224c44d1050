#pragma once
// Measurement uncertainty of the rig's results per the GUM (JCGM 100:2008): each result is a
// function of a few measured inputs (balance readings, times, density, pressures); each input's
// standard uncertainty, times its sensitivity coefficient, is one row of the result's budget, in
// the result's own unit; the rows are uncorrelated and combine as the root sum of squares; the
// expanded uncertainty is U = k u with k = 2 (about 95 % for a near-normal result).
// The model and every input, with its default, are in rig/analysis/README.md ("Uncertainty").
// Pure: conditions in, budgets out.
#include <optional>
#include <string>
#include <vector>

#include "rig/analysis/mass_reading.hpp"

namespace pumprig {

inline constexpr double kCoverageFactor = 2.0;

// One input's contribution to a result.
struct BudgetRow {
  std::string source;        // "balance readability", "water density", ...
  std::string input;         // the input as stated, with where it comes from ("0.01 mg (fixture)")
  std::string distribution;  // "rectangular", "normal", "triangular"
  double standard = 0;       // u_i(y) = |c_i| u(x_i), in the result's unit
};

struct Uncertainty {
  std::string unit;
  double standard = 0;       // u_c: root sum of squares of the rows
  double expanded = 0;       // U = k u_c
  double k = kCoverageFactor;
  std::vector<BudgetRow> budget;
};

// U of a budget, or nullopt without one.
inline std::optional<double> expanded_of(const std::optional<Uncertainty>& u) {
  return u ? std::optional<double>(u->expanded) : std::nullopt;
}

// Root sum of squares of the rows, and U = k u_c.
Uncertainty combine_budget(std::string unit, std::vector<BudgetRow> rows);
// The same budget in another unit: every row and the totals times `factor` (ml/h to % of a rate).
Uncertainty scaled(const Uncertainty& u, double factor, std::string unit);

// An input and where its number comes from ("fixture", "estimated from the readings", "default").
struct StatedValue {
  double value = 0;
  std::string basis;
};

// What the rig knows about how well it measures: from the fixture (balance, thermometer,
// transducer, fluid) and the run (the check weight the scenario weighed, the alarm's polling).
// Anything not stated stays empty, and its row says so with the default it falls back to.
struct MeasurementConditions {
  // Balance. Readability d: each reading is rounded to it (rectangular, half-width d/2).
  std::optional<StatedValue> readability_g;
  // Repeatability: the standard deviation of one reading of a steady load.
  std::optional<StatedValue> repeatability_g;
  // Calibration certificate: expanded uncertainty (k = 2) of the indication at a load.
  std::optional<StatedValue> calibration_uncertainty_g;
  std::optional<double> calibration_load_g;
  // The check weight the run weighed and the tolerance it was accepted within: the balance's
  // sensitivity (span) error at that load is at most tolerance / mass.
  std::optional<double> check_weight_g;
  std::optional<double> check_weight_tolerance_g;
  // Fluid. The temperature the density is taken at (logged or stated) and its thermometer's
  // standard uncertainty; with no temperature at all, the density is for 15 to 30 °C.
  std::optional<double> temperature_c;
  std::optional<StatedValue> temperature_uncertainty_c;
  // Standard uncertainty of the evaporation rate (after any correction), mg/h.
  std::optional<StatedValue> evaporation_uncertainty_mg_h;
  // Pressure transducer: expanded uncertainty (k = 2) of a reading, mmHg.
  std::optional<StatedValue> pressure_uncertainty_mmhg;
  // How often the alarm was looked for (pump status poll or alarm-sense stream period), s.
  std::optional<StatedValue> alarm_poll_period_s;
};

// Defaults the model falls back to (rig/analysis/README.md says why each is what it is).
inline constexpr double kDefaultTemperatureUncertaintyC = 0.5;  // a lab thermometer, standard
inline constexpr double kUnknownTemperatureLowC = 15.0;          // density for an unstated temperature
inline constexpr double kUnknownTemperatureHighC = 30.0;
inline constexpr double kAirDensityGMl = 0.0012;                 // 20 °C, 1013 hPa, 50 % rh
inline constexpr double kReferenceWeightDensityGMl = 8.0;        // steel calibration weights (OIML R 111)
inline constexpr double kClockRateHalfWidth = 100e-6;            // host clock rate, +-100 ppm
inline constexpr double kTimestampUncertaintyS = 0.005;          // host time stamp of a reading, standard

// The readability the readings show: the smallest positive step between consecutive readings
// (noise moves a reading by single digits), nullopt with fewer than two distinct masses.
std::optional<double> readability_from_readings(const std::vector<MassReading>& readings);
// The conditions an analysis uses: `given`, with the readability read off the readings when the
// fixture did not state it ("estimated from the readings").
MeasurementConditions with_readability_of(MeasurementConditions given, const std::vector<MassReading>& readings);

// A gravimetric flow Q = 3600 dm / (dt d) ml/h over a window of window_s seconds between two
// masses of one reading (or interpolated grid point) each.
Uncertainty flow_uncertainty(const MeasurementConditions& c, double flow_ml_h, double window_s, double density_g_ml);
// A gravimetric volume V = dm / d collected over span_s seconds; the end mass is the mean of
// end_readings readings (the start mass is one).
Uncertainty volume_uncertainty(const MeasurementConditions& c, double volume_ml, double span_s, double density_g_ml,
                               int end_readings = 1);
// The time between a marker the rig sets (the occluder closing) and an event it polls for (the
// alarm): the poll period is a latency of 0..T (rectangular), plus the two time stamps.
Uncertainty time_to_event_uncertainty(const MeasurementConditions& c, double duration_s);
// A pressure reading at a time that is itself uncertain (u_t, s) on a curve rising at slope
// mmHg/s: the transducer, plus slope x u_t.
Uncertainty pressure_uncertainty(const MeasurementConditions& c, std::optional<double> slope_mmhg_s = std::nullopt,
                                 double time_uncertainty_s = 0);
// A time read off a grid of step S (the start-up delay): rectangular, half-width S/2.
Uncertainty grid_time_uncertainty(double grid_step, const std::string& unit);

// The standard uncertainty of an alarm's time from polling (T/sqrt(12)), 0 when not stated.
double alarm_time_uncertainty_s(const MeasurementConditions& c);

}  // namespace pumprig
