#include "rig/analysis/uncertainty.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include <fmt/format.h>

#include "rig/analysis/water_density.hpp"

namespace pumprig {

namespace {

const double kSqrt3 = std::sqrt(3.0);
const double kSqrt12 = std::sqrt(12.0);

std::string mg_text(double g) { return fmt::format("{:.4g} mg", g * 1000.0); }

std::string stated_text(const StatedValue& v, const std::string& number) { return number + " (" + v.basis + ")"; }

BudgetRow not_stated(std::string source, std::string what) {
  return BudgetRow{std::move(source), "not stated: " + std::move(what), "-", 0.0};
}

// Uncertainty of a mass difference between a start mass (one reading or grid point) and an end
// mass (the mean of end_readings readings), in grams: the balance's own rows. `delta_g` is the
// difference itself, for the span (sensitivity) rows. `to_result` turns grams into the result's
// unit.
void balance_rows(const MeasurementConditions& c, double delta_g, int end_readings, double to_result,
                  std::vector<BudgetRow>& rows) {
  const double n = std::max(1, end_readings);
  // Readability: each of the two masses is rounded to d. Averaging readings of the same load does
  // not average their rounding away (they round alike), so no 1/n here.
  if (c.readability_g) {
    const double d = c.readability_g->value;
    rows.push_back({"balance readability", stated_text(*c.readability_g, mg_text(d)) + ", rounding of 2 readings",
                    "rectangular", std::sqrt(2.0) * d / kSqrt12 * to_result});
  } else {
    rows.push_back(not_stated("balance readability", "no 'readability' in the fixture and too few readings to see it"));
  }
  // Repeatability: one reading at the start, the mean of n at the end.
  if (c.repeatability_g) {
    const double s = c.repeatability_g->value;
    rows.push_back({"balance repeatability", stated_text(*c.repeatability_g, mg_text(s)) + fmt::format(" per reading, 1 + {:g} readings", n),
                    "normal", s * std::sqrt(1.0 + 1.0 / n) * to_result});
  } else if (c.readability_g) {
    const double s = c.readability_g->value;
    rows.push_back({"balance repeatability", "not stated: taken as the readability " + mg_text(s), "normal",
                    s * std::sqrt(1.0 + 1.0 / n) * to_result});
  } else {
    rows.push_back(not_stated("balance repeatability", "no 'repeatability' in the fixture"));
  }
  // Span: an error proportional to the load, from the calibration certificate and from the check
  // weight the run weighed (accepted within its tolerance: a span error of at most tol / mass).
  bool span = false;
  if (c.calibration_uncertainty_g && c.calibration_load_g && *c.calibration_load_g > 0) {
    const double rel = c.calibration_uncertainty_g->value / kCoverageFactor / *c.calibration_load_g;
    rows.push_back({"balance calibration", stated_text(*c.calibration_uncertainty_g, mg_text(c.calibration_uncertainty_g->value)) +
                                               fmt::format(" (k = 2) at {:g} g", *c.calibration_load_g),
                    "normal", rel * std::abs(delta_g) * to_result});
    span = true;
  }
  if (c.check_weight_g && c.check_weight_tolerance_g && *c.check_weight_g > 0) {
    const double rel = *c.check_weight_tolerance_g / *c.check_weight_g;
    rows.push_back({"balance span (check weight)",
                    fmt::format("{:g} g accepted within {} (the run's check weight)", *c.check_weight_g, mg_text(*c.check_weight_tolerance_g)),
                    "rectangular", rel / kSqrt3 * std::abs(delta_g) * to_result});
    span = true;
  }
  if (!span) rows.push_back(not_stated("balance span", "no calibration uncertainty in the fixture and no check weight in the run"));
}

// The density's row per unit of the result: its relative standard uncertainty, the input's text
// and its distribution (normal from a thermometer, rectangular over 15..30 °C without one).
struct DensityInput {
  double relative = 0;
  std::string text;
  const char* distribution = "normal";
};

DensityInput density_relative(const MeasurementConditions& c, double density_g_ml) {
  if (c.temperature_c && *c.temperature_c >= 0 && *c.temperature_c <= 40) {
    const double t = *c.temperature_c;
    const double slope = (water_density_g_ml(std::min(40.0, t + 0.05)) - water_density_g_ml(std::max(0.0, t - 0.05))) /
                         (std::min(40.0, t + 0.05) - std::max(0.0, t - 0.05));
    const StatedValue ut = c.temperature_uncertainty_c.value_or(
        StatedValue{kDefaultTemperatureUncertaintyC, "default: not stated in the fixture"});
    return {std::abs(slope) * ut.value / density_g_ml,
            fmt::format("{:.2f} °C +- {:g} °C ({}), {:.3g} g/ml per °C", t, ut.value, ut.basis, slope), "normal"};
  }
  const double half = (water_density_g_ml(kUnknownTemperatureLowC) - water_density_g_ml(kUnknownTemperatureHighC)) / 2.0;
  return {half / kSqrt3 / density_g_ml,
          fmt::format("temperature not known: water between {:g} and {:g} °C, +- {:.3g} g/ml", kUnknownTemperatureLowC,
                      kUnknownTemperatureHighC, half),
          "rectangular"};
}

void fluid_rows(const MeasurementConditions& c, double result, double density_g_ml, std::vector<BudgetRow>& rows) {
  const DensityInput density = density_relative(c, density_g_ml);
  rows.push_back({"density of the fluid", density.text, density.distribution, density.relative * std::abs(result)});
  // Buoyancy: the balance is adjusted with steel weights, so water reads light by
  // rho_air (1/rho_water - 1/rho_steel). The standard's formulas do not correct it.
  const double b = kAirDensityGMl * (1.0 / density_g_ml - 1.0 / kReferenceWeightDensityGMl);
  rows.push_back({"air buoyancy (not corrected)", fmt::format("reads {:.3f} % light (air 1.2 kg/m3, weights 8000 kg/m3)", b * 100.0),
                  "rectangular", b / kSqrt3 * std::abs(result)});
}

void evaporation_row(const MeasurementConditions& c, double to_result_per_mg_h, std::vector<BudgetRow>& rows) {
  if (c.evaporation_uncertainty_mg_h)
    rows.push_back({"evaporation", stated_text(*c.evaporation_uncertainty_mg_h, fmt::format("{:g} mg/h", c.evaporation_uncertainty_mg_h->value)),
                    "normal", c.evaporation_uncertainty_mg_h->value * to_result_per_mg_h});
  else
    rows.push_back(not_stated("evaporation", "no 'evaporation_uncertainty' for the fluid in the fixture"));
}

}  // namespace

Uncertainty combine_budget(std::string unit, std::vector<BudgetRow> rows) {
  Uncertainty u;
  u.unit = std::move(unit);
  double sum = 0;
  for (const auto& r : rows) sum += r.standard * r.standard;
  u.standard = std::sqrt(sum);
  u.expanded = u.k * u.standard;
  u.budget = std::move(rows);
  return u;
}

Uncertainty scaled(const Uncertainty& u, double factor, std::string unit) {
  Uncertainty out = u;
  out.unit = std::move(unit);
  const double f = std::abs(factor);
  out.standard *= f;
  out.expanded *= f;
  for (auto& r : out.budget) r.standard *= f;
  return out;
}

std::optional<double> readability_from_readings(const std::vector<MassReading>& readings) {
  std::optional<double> step;
  for (std::size_t i = 1; i < readings.size(); ++i) {
    const double d = std::abs(readings[i].mass_g - readings[i - 1].mass_g);
    // Readings are decimal numbers printed by the balance: a step below 1 ng is float noise.
    if (d > 1e-9 && (!step || d < *step)) step = d;
  }
  if (!step) return std::nullopt;
  // Snap to the decimal digit the balance printed (the step is a multiple of d, often d itself).
  const double decade = std::pow(10.0, std::floor(std::log10(*step) + 1e-9));
  const double snapped = std::round(*step / decade) * decade;
  return snapped > 0 ? snapped : *step;
}

MeasurementConditions with_readability_of(MeasurementConditions given, const std::vector<MassReading>& readings) {
  if (!given.readability_g)
    if (const auto step = readability_from_readings(readings)) given.readability_g = StatedValue{*step, "estimated from the readings"};
  return given;
}

Uncertainty flow_uncertainty(const MeasurementConditions& c, double flow_ml_h, double window_s, double density_g_ml) {
  std::vector<BudgetRow> rows;
  const double to_flow = 3600.0 / (window_s * density_g_ml);  // g over the window -> ml/h
  const double delta_g = flow_ml_h * density_g_ml * window_s / 3600.0;
  balance_rows(c, delta_g, 1, to_flow, rows);
  evaporation_row(c, 1.0 / 1000.0 / density_g_ml, rows);
  fluid_rows(c, flow_ml_h, density_g_ml, rows);
  rows.push_back({"time stamps of the window's ends", fmt::format("{:g} ms each over {:g} s (default)", kTimestampUncertaintyS * 1000.0, window_s),
                  "normal", std::abs(flow_ml_h) * std::sqrt(2.0) * kTimestampUncertaintyS / window_s});
  rows.push_back({"host clock rate", fmt::format("+- {:g} ppm (default)", kClockRateHalfWidth * 1e6), "rectangular",
                  std::abs(flow_ml_h) * kClockRateHalfWidth / kSqrt3});
  return combine_budget("ml/h", std::move(rows));
}

Uncertainty volume_uncertainty(const MeasurementConditions& c, double volume_ml, double span_s, double density_g_ml,
                               int end_readings) {
  std::vector<BudgetRow> rows;
  balance_rows(c, volume_ml * density_g_ml, end_readings, 1.0 / density_g_ml, rows);
  evaporation_row(c, span_s / 3600.0 / 1000.0 / density_g_ml, rows);
  fluid_rows(c, volume_ml, density_g_ml, rows);
  return combine_budget("ml", std::move(rows));
}

double alarm_time_uncertainty_s(const MeasurementConditions& c) {
  return c.alarm_poll_period_s ? c.alarm_poll_period_s->value / kSqrt12 : 0.0;
}

Uncertainty time_to_event_uncertainty(const MeasurementConditions& c, double duration_s) {
  std::vector<BudgetRow> rows;
  if (c.alarm_poll_period_s)
    rows.push_back({"alarm polling", stated_text(*c.alarm_poll_period_s, fmt::format("seen within {:g} s", c.alarm_poll_period_s->value)),
                    "rectangular", alarm_time_uncertainty_s(c)});
  else
    rows.push_back(not_stated("alarm polling", "how often the alarm was looked for"));
  rows.push_back({"time stamps of occlusion and alarm", fmt::format("{:g} ms each (default)", kTimestampUncertaintyS * 1000.0),
                  "normal", std::sqrt(2.0) * kTimestampUncertaintyS});
  rows.push_back({"host clock rate", fmt::format("+- {:g} ppm (default)", kClockRateHalfWidth * 1e6), "rectangular",
                  std::abs(duration_s) * kClockRateHalfWidth / kSqrt3});
  return combine_budget("s", std::move(rows));
}

Uncertainty pressure_uncertainty(const MeasurementConditions& c, std::optional<double> slope_mmhg_s, double time_uncertainty_s) {
  std::vector<BudgetRow> rows;
  if (c.pressure_uncertainty_mmhg)
    rows.push_back({"pressure transducer", stated_text(*c.pressure_uncertainty_mmhg, fmt::format("{:g} mmHg (k = 2)", c.pressure_uncertainty_mmhg->value)),
                    "normal", c.pressure_uncertainty_mmhg->value / kCoverageFactor});
  else
    rows.push_back(not_stated("pressure transducer", "no 'uncertainty' for the transducer in the fixture"));
  if (slope_mmhg_s && time_uncertainty_s > 0)
    rows.push_back({"time of the reading", fmt::format("{:.3g} s on a slope of {:.3g} mmHg/s", time_uncertainty_s, *slope_mmhg_s),
                    "rectangular", std::abs(*slope_mmhg_s) * time_uncertainty_s});
  return combine_budget("mmHg", std::move(rows));
}

Uncertainty grid_time_uncertainty(double grid_step, const std::string& unit) {
  return combine_budget(unit, {{"resolution of the analysis grid", fmt::format("steps of {:g} {}", grid_step, unit), "rectangular",
                                grid_step / kSqrt12}});
}

}  // namespace pumprig
