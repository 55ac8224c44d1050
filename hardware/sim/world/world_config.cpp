#include "hardware/sim/world/world_config.hpp"

#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>

namespace pumprig::sim {

WorldConfig default_world_config() { return WorldConfig{}; }

WorldConfig default_volumetric_world_config(double reservoir_ml) {
  WorldConfig c;
  c.mechanism = MechanismKind::peristaltic;
  c.peristaltic.reservoir_ml = reservoir_ml;
  c.balance = balance_with_resolution(0.0001);
  c.balance.capacity_g = 520.0;
  c.balance.underload_g = -0.02 * c.balance.capacity_g;
  // A gravity/pump administration set to a standard cannula, not the IEC syringe set-up's narrow
  // test needle: 5 mmHg at 25 ml/h (tau 0.72 s with the pumping segment). A volumetric pump runs
  // up to 1000 ml/h (200 mmHg here, under its occlusion thresholds), and the bag free-flows at a
  // few hundred ml/h from 80 cm (58.7 mmHg) when the door clamp fails.
  c.line.resistance_mmhg_per_ml_h = 0.2;
  // A volumetric pump's pressure sensor below the rotor; typical selectable range 150..750 mmHg.
  c.occlusion.low_mmhg = 150.0;
  c.occlusion.medium_mmhg = 400.0;
  c.occlusion.high_mmhg = 750.0;
  return c;
}

const char* to_string(OcclusionLevel level) {
  switch (level) {
    case OcclusionLevel::low: return "low";
    case OcclusionLevel::medium: return "medium";
    case OcclusionLevel::high: return "high";
  }
  return "medium";
}

double PeristalticConfig::nominal_stroke_ml() const {
  if (stroke_volume_ml > 0.0) return stroke_volume_ml;
  return std::numbers::pi * 0.25 * tubing_inner_diameter_mm * tubing_inner_diameter_mm * occluded_length_mm /
         1000.0;
}

double WorldConfig::mechanism_compliance_ml_per_mmhg() const {
  return mechanism == MechanismKind::peristaltic ? peristaltic.tubing_compliance_ml_per_mmhg
                                                 : syringe.compliance_ml_per_mmhg;
}

SyringeConfig bd_plastipak_syringe(int nominal_ml) {
  // Inner diameters as pump makers tabulate them for BD Plastipak syringes.
  double d_mm = 0.0;
  switch (nominal_ml) {
    case 1:
      d_mm = 4.78;
      break;
    case 3:
      d_mm = 8.59;
      break;
    case 5:
      d_mm = 11.99;
      break;
    case 10:
      d_mm = 14.43;
      break;
    case 20:
      d_mm = 19.05;
      break;
    case 30:
      d_mm = 21.59;
      break;
    case 50:
    case 60:
      d_mm = 26.59;
      break;
    default:
      throw std::invalid_argument("no BD Plastipak syringe of " + std::to_string(nominal_ml) +
                                  " ml (have 1, 3, 5, 10, 20, 30, 50, 60)");
  }
  SyringeConfig s;
  const double ref = SyringeConfig{}.inner_diameter_mm;
  s.compliance_ml_per_mmhg = SyringeConfig{}.compliance_ml_per_mmhg * std::pow(d_mm / ref, 4.0);
  s.inner_diameter_mm = d_mm;
  s.volume_ml = nominal_ml;
  s.fill_ml = nominal_ml;
  return s;
}

BalanceConfig balance_with_resolution(double resolution_g) {
  BalanceConfig b;
  const double digits_of_noise = b.noise_std_g / b.resolution_g;
  b.resolution_g = resolution_g;
  b.noise_std_g = digits_of_noise * resolution_g;
  return b;
}

namespace {
void require(bool ok, const char* field, const char* why) {
  if (!ok) throw std::invalid_argument(std::string("world config: ") + field + " " + why);
}
bool finite(double x) { return std::isfinite(x); }
}  // namespace

void validate(const WorldConfig& c) {
  require(finite(c.syringe.inner_diameter_mm) && c.syringe.inner_diameter_mm > 0, "syringe.inner_diameter_mm",
          "must be > 0");
  require(finite(c.syringe.volume_ml) && c.syringe.volume_ml > 0, "syringe.volume_ml", "must be > 0");
  require(finite(c.syringe.fill_ml) && c.syringe.fill_ml >= 0 && c.syringe.fill_ml <= c.syringe.volume_ml,
          "syringe.fill_ml", "must be within 0..volume_ml");
  require(finite(c.syringe.compliance_ml_per_mmhg) && c.syringe.compliance_ml_per_mmhg >= 0,
          "syringe.compliance_ml_per_mmhg", "must be >= 0");
  require(finite(c.drive.lead_screw_pitch_mm) && c.drive.lead_screw_pitch_mm > 0, "drive.lead_screw_pitch_mm",
          "must be > 0");
  require(c.drive.steps_per_rev >= 2, "drive.steps_per_rev", "must be >= 2");
  require(finite(c.drive.ripple_fraction) && c.drive.ripple_fraction >= 0 && c.drive.ripple_fraction < 0.5,
          "drive.ripple_fraction", "must be within 0..0.5");
  require(finite(c.drive.slack_mm) && c.drive.slack_mm >= 0, "drive.slack_mm", "must be >= 0");
  require(finite(c.drive.stiction_mm) && c.drive.stiction_mm >= 0, "drive.stiction_mm", "must be >= 0");
  require(finite(c.drive.rate_error_fraction) && c.drive.rate_error_fraction > -0.5 &&
              c.drive.rate_error_fraction < 0.5,
          "drive.rate_error_fraction", "must be within -0.5..0.5");
  require(finite(c.line.compliance_ml_per_mmhg) && c.line.compliance_ml_per_mmhg >= 0,
          "line.compliance_ml_per_mmhg", "must be >= 0");
  require(finite(c.line.resistance_mmhg_per_ml_h) && c.line.resistance_mmhg_per_ml_h >= 0,
          "line.resistance_mmhg_per_ml_h", "must be >= 0");
  require(finite(c.outlet.drop_volume_ml) && c.outlet.drop_volume_ml > 0, "outlet.drop_volume_ml",
          "must be > 0");
  require(finite(c.vessel.initial_mass_g), "vessel.initial_mass_g", "must be finite");
  require(finite(c.vessel.density_g_ml) && c.vessel.density_g_ml > 0, "vessel.density_g_ml", "must be > 0");
  require(finite(c.vessel.evaporation_with_oil_mg_h) && c.vessel.evaporation_with_oil_mg_h >= 0,
          "vessel.evaporation_with_oil_mg_h", "must be >= 0");
  require(finite(c.vessel.evaporation_open_mg_h) && c.vessel.evaporation_open_mg_h >= 0,
          "vessel.evaporation_open_mg_h", "must be >= 0");
  require(finite(c.balance.capacity_g) && c.balance.capacity_g > 0, "balance.capacity_g", "must be > 0");
  require(finite(c.balance.resolution_g) && c.balance.resolution_g > 0, "balance.resolution_g",
          "must be > 0");
  require(finite(c.balance.noise_std_g) && c.balance.noise_std_g >= 0, "balance.noise_std_g", "must be >= 0");
  require(finite(c.balance.settling_tau_s) && c.balance.settling_tau_s >= 0, "balance.settling_tau_s",
          "must be >= 0");
  require(finite(c.balance.stability_band_digits) && c.balance.stability_band_digits > 0,
          "balance.stability_band_digits", "must be > 0");
  require(finite(c.balance.stability_window_s) && c.balance.stability_window_s >= 0,
          "balance.stability_window_s", "must be >= 0");
  require(finite(c.balance.stability_noise_factor) && c.balance.stability_noise_factor >= 0,
          "balance.stability_noise_factor", "must be >= 0");
  require(finite(c.balance.drift_g_h), "balance.drift_g_h", "must be finite");
  require(finite(c.balance.underload_g) && c.balance.underload_g < c.balance.capacity_g,
          "balance.underload_g", "must be below capacity_g");
  require(finite(c.vessel.water_temperature_c) && c.vessel.water_temperature_c > -273.15,
          "vessel.water_temperature_c", "must be above absolute zero");
  require(finite(c.occluder.leak_ml_h) && c.occluder.leak_ml_h > 0, "occluder.leak_ml_h",
          "must be > 0 (a closed occluder always passes a little)");
  require(finite(c.occluder.leak_pressure_mmhg) && c.occluder.leak_pressure_mmhg > 0,
          "occluder.leak_pressure_mmhg", "must be > 0");
  const auto& o = c.occlusion;
  require(finite(o.low_mmhg) && o.low_mmhg > 0, "occlusion.low_mmhg", "must be > 0");
  require(finite(o.medium_mmhg) && o.medium_mmhg >= o.low_mmhg, "occlusion.medium_mmhg", "must be >= low_mmhg");
  require(finite(o.high_mmhg) && o.high_mmhg >= o.medium_mmhg, "occlusion.high_mmhg", "must be >= medium_mmhg");
  require(finite(o.detection_latency_s) && o.detection_latency_s >= 0, "occlusion.detection_latency_s",
          "must be >= 0");
  require(finite(o.back_off_ml) && o.back_off_ml >= 0, "occlusion.back_off_ml", "must be >= 0");
  require(finite(c.free_flow.head_height_mm), "free_flow.head_height_mm", "must be finite");
  require(finite(c.free_flow.resistance_mmhg_per_ml_h) && c.free_flow.resistance_mmhg_per_ml_h >= 0,
          "free_flow.resistance_mmhg_per_ml_h", "must be >= 0");
  if (c.mechanism == MechanismKind::peristaltic) validate(c.peristaltic);
}

void validate(const PeristalticConfig& p) {
  require(p.rollers >= 1 && p.rollers <= 64, "peristaltic.rollers", "must be within 1..64");
  require(finite(p.tubing_inner_diameter_mm) && p.tubing_inner_diameter_mm > 0,
          "peristaltic.tubing_inner_diameter_mm", "must be > 0");
  require(finite(p.occluded_length_mm) && p.occluded_length_mm > 0, "peristaltic.occluded_length_mm",
          "must be > 0");
  require(finite(p.stroke_volume_ml) && p.stroke_volume_ml >= 0, "peristaltic.stroke_volume_ml", "must be >= 0");
  require(finite(p.rate_error_fraction) && p.rate_error_fraction > -0.5 && p.rate_error_fraction < 0.5,
          "peristaltic.rate_error_fraction", "must be within -0.5..0.5");
  require(finite(p.backflow_phase_fraction) && p.backflow_phase_fraction >= 0 && p.backflow_phase_fraction < 0.9,
          "peristaltic.backflow_phase_fraction", "must be within 0..0.9");
  require(finite(p.backflow_fraction) && p.backflow_fraction >= 0 && p.backflow_fraction < 1.0,
          "peristaltic.backflow_fraction", "must be within 0..1");
  require(p.backflow_fraction == 0.0 || p.backflow_phase_fraction > 0.0, "peristaltic.backflow_fraction",
          "needs a backflow_phase_fraction > 0 to flow back in");
  require(finite(p.roller_mismatch_fraction) && p.roller_mismatch_fraction >= 0 && p.roller_mismatch_fraction < 0.5,
          "peristaltic.roller_mismatch_fraction", "must be within 0..0.5");
  require(finite(p.ramp_s) && p.ramp_s >= 0, "peristaltic.ramp_s", "must be >= 0");
  require(finite(p.reservoir_ml) && p.reservoir_ml >= 0, "peristaltic.reservoir_ml", "must be >= 0");
  require(finite(p.tubing_compliance_ml_per_mmhg) && p.tubing_compliance_ml_per_mmhg >= 0,
          "peristaltic.tubing_compliance_ml_per_mmhg", "must be >= 0");
}

}  // namespace pumprig::sim
