#pragma once
// Plain configuration of one station's simulated physical world. Every field has a default that
// describes a typical IEC 60601-2-24 gravimetric set-up (60 ml syringe at the intermediate rate,
// cannula under an oil film, 0.01 mg semi-micro balance); all of them are parameters, never
// constants buried in the models.
#include <cstdint>

namespace pumprig::sim {

// The physical syringe loaded in the pump (the pump's *programmed* diameter is separate: it is
// set over the wire and may be wrong, which scales the delivered volume by (d_real / d_set)^2).
struct SyringeConfig {
  double inner_diameter_mm = 26.59;  // mm; BD Plastipak 60 ml
  double volume_ml = 60.0;           // ml; nominal capacity (limits withdrawing)
  double fill_ml = 60.0;             // ml; content at the start (limits infusing: empty at 0)
  // ml/mmHg; the rubber stopper and barrel give under pressure. Scales with area^2 (a stopper is
  // a spring loaded by pressure * area), so a 10 ml syringe stores ~12x less than a 60 ml one.
  // With the line's 0.0005 this gives the ~0.002 ml/mmHg total that published occlusion times
  // imply (~1 ml stored at a few hundred mmHg with a 50 ml syringe).
  double compliance_ml_per_mmhg = 0.0015;
};

// The lead-screw stepper drive of a syringe pump.
struct DriveConfig {
  double lead_screw_pitch_mm = 0.8;  // mm of nut travel per screw revolution
  int steps_per_rev = 200 * 16;      // motor (micro)steps per revolution: 200 full steps x 16
  // Fraction: amplitude of the sinusoidal modulation of plunger speed over one screw revolution
  // (thread and bearing eccentricity). 0.015 = +-1.5 %.
  double ripple_fraction = 0.015;
  // mm of motor (nut) travel before it touches the plunger flange: taken up once at the first
  // start and again after every reversal of direction.
  double slack_mm = 0.15;
  // mm of extra nut travel stored elastically in the stopper before static friction breaks; the
  // plunger then jumps by that much. Paid again at every start, because friction re-sticks.
  double stiction_mm = 0.05;
  // Fraction: systematic error of real travel against nominal (screw pitch, gearing, barrel
  // tolerance). Delivered = nominal * (1 + rate_error_fraction); the pump does not know it.
  double rate_error_fraction = 0.005;
};

// Administration set between syringe and vessel: a compliance in series with a resistance, so
// the outflow is the plunger displacement through a first-order lag tau = R * C.
struct LineConfig {
  double compliance_ml_per_mmhg = 0.0005;  // ml/mmHg; extension tubing and cannula (syringe's is added)
  // mmHg per ml/h; narrow cannula plus filter: 50 mmHg at 25 ml/h. With the default total
  // compliance 0.002 ml/mmHg: tau = 2 * 0.002 h = 14.4 s (10 ml syringe: ~4.5 s).
  double resistance_mmhg_per_ml_h = 2.0;
};

enum class OutletMode {
  submerged,  // cannula tip under the surface: the vessel gains fluid continuously (IEC set-up)
  drops,      // fluid gathers at the tip and falls as whole drops: the balance sees steps
};

struct OutletConfig {
  OutletMode mode = OutletMode::submerged;
  double drop_volume_ml = 0.05;  // ml; one drop from a standard tip (20 drops/ml)
};

struct VesselConfig {
  double initial_mass_g = 100.0;  // g; vessel with its initial water and oil film, to be tared
  double density_g_ml = 0.998;    // g/ml; water at 20 degC
  bool oil_layer = true;          // oil film on the surface against evaporation (IEC set-up)
  // mg/h lost to evaporation with and without the oil film. Without it, order of magnitude for a
  // ~50 mm open beaker in still lab air at 20 degC; the film cuts it by more than an order.
  double evaporation_with_oil_mg_h = 2.0;
  double evaporation_open_mg_h = 60.0;
  double water_temperature_c = 22.0;  // degC; what the rig's water temperature sensor reads (constant)
};

struct BalanceConfig {
  double capacity_g = 220.0;      // g; gross load above it reads overload
  double resolution_g = 0.00001;  // g; one digit (0.01 mg semi-micro; 0.0001 for 0.1 mg)
  double noise_std_g = 0.00002;   // g; standard deviation of reading noise (2 digits)
  double settling_tau_s = 1.5;    // s; first-order response of the display to load changes
  // Stability: stable when the display would stay within +-stability_band_digits over the last
  // stability_window_s. Evaluated per read as  |d(settled)/dt| * window + factor * noise_std
  // <= band * resolution. With 2 digits of noise that leaves ~1 digit/s of slope at 0.01 mg.
  double stability_band_digits = 5.0;   // digits
  double stability_window_s = 1.0;      // s
  double stability_noise_factor = 2.0;  // noise std devs counted into the excursion
  double drift_g_h = 0.0;               // g/h; slow drift of the display (temperature)
  // g; gross readings below this are underload (zero range of -2 % of capacity: pan lifted).
  double underload_g = -4.4;
};

// Which pump mechanism feeds the line.
enum class MechanismKind {
  syringe,      // lead-screw syringe pump (SyringeConfig + DriveConfig)
  peristaltic,  // volumetric infusion pump: rollers on a tubing segment (PeristalticConfig)
};

// A volumetric (peristaltic) infusion pump: a rotor with `rollers` rollers squeezes the pumping
// segment of the administration set against a track. Each roller pass pushes one stroke volume
// (the tubing trapped between two rollers); as a roller lifts off at the end of its pass the
// segment reopens and draws a little fluid back, so the flow is pulsatile: a fast delivery, then
// a short backflow (or a flat part when backflow_fraction is 0). The pump turns the rotor at the
// speed that makes its *nominal* stroke volume add up to the set rate, so one roller pass lasts
// nominal stroke / rate; the real stroke differs by rate_error_fraction (tubing fatigue, set
// tolerance). No slack or stiction: the rollers always occlude; the rotor ramps to a new speed.
struct PeristalticConfig {
  int rollers = 3;
  // Stroke volume per roller pass: pi/4 * d^2 * occluded length of the tubing between two
  // rollers (2.7 mm ID standard set, 17.5 mm: 0.100 ml), unless stroke_volume_ml > 0 gives it.
  double tubing_inner_diameter_mm = 2.7;
  double occluded_length_mm = 17.5;
  double stroke_volume_ml = 0.0;  // ml; > 0 overrides the tubing geometry
  // Fraction: real against nominal delivery. Volumetric pumps typically under-deliver by a few
  // per cent as the pumping segment fatigues: -0.02 = 2 % less than set.
  double rate_error_fraction = -0.02;
  // Fraction of a roller's net stroke that flows back when the roller lifts off, and the share of
  // the roller cycle that backflow takes. 0 backflow with a nonzero phase gives a flat (no flow)
  // part instead.
  double backflow_fraction = 0.05;
  double backflow_phase_fraction = 0.15;
  // Fraction: the rollers' strokes differ by up to +-this (roller i scaled by
  // 1 + m * cos(2 pi i / rollers), summing to the nominal over a revolution).
  double roller_mismatch_fraction = 0.01;
  double ramp_s = 1.0;  // s; the rotor speed changes linearly to a new speed over this time
  // ml; fluid in the bag at the start. When the pump has moved it all, air reaches the pumping
  // segment and the pump stops (its air-in-line alarm): delivery ends.
  double reservoir_ml = 500.0;
  // ml/mmHg; the soft pumping segment, which takes the syringe's place in the line compliance.
  double tubing_compliance_ml_per_mmhg = 0.0005;

  // What the pump believes one roller pass delivers (before the rate error), ml.
  double nominal_stroke_ml() const;
};

// The rig's occluder (the stopcock of IEC 60601-2-24) at the end of the line. Closed, it adds a
// leak resistance in series with the line: R_leak = leak_pressure / leak flow. A closed occluder
// always leaks a little (0 would mean an infinite time constant), default 0.001 ml/h at 1000 mmHg.
struct OccluderConfig {
  double leak_ml_h = 0.001;           // ml/h that pass the closed occluder at leak_pressure_mmhg
  double leak_pressure_mmhg = 1000.0;
  double leak_resistance_mmhg_per_ml_h() const { return leak_pressure_mmhg / leak_ml_h; }
};

// The pump's occlusion alarm setting on its front panel.
enum class OcclusionLevel { low, medium, high };
const char* to_string(OcclusionLevel level);

// The pump's own downstream occlusion detection: a syringe pump's force sensor (a pressure at
// the syringe) or a volumetric pump's pressure sensor below the rotor. When the line pressure
// reaches the threshold of the selected level, the pump stops after detection_latency_s and
// alarms; a syringe pump may then retract its plunger by back_off_ml to relieve the line (its
// bolus-reduction feature; volumetric pumps here do not back off).
struct OcclusionConfig {
  double low_mmhg = 300.0;
  double medium_mmhg = 500.0;
  double high_mmhg = 900.0;
  OcclusionLevel level = OcclusionLevel::medium;  // at power-up
  double detection_latency_s = 1.0;               // s from the crossing to the alarm (sensor filter)
  double back_off_ml = 0.0;                       // ml; syringe pumps only
  double threshold_mmhg(OcclusionLevel l) const {
    return l == OcclusionLevel::low ? low_mmhg : l == OcclusionLevel::high ? high_mmhg : medium_mmhg;
  }
};

// A volumetric pump's door and its anti-free-flow clamp. With the door open the pump does not
// pump; a working clamp closes the set, a failed one lets the bag drain by gravity through the
// line: head pressure rho * g * h over (line resistance + resistance_mmhg_per_ml_h).
struct FreeFlowConfig {
  bool clamp_fails = false;
  double head_height_mm = 800.0;              // mm from the bag's surface down to the outlet
  double resistance_mmhg_per_ml_h = 0.0;      // extra: drip chamber, roller clamp, pumping segment
};

struct WorldConfig {
  SyringeConfig syringe;
  DriveConfig drive;
  LineConfig line;
  OutletConfig outlet;
  VesselConfig vessel;
  BalanceConfig balance;
  MechanismKind mechanism = MechanismKind::syringe;
  PeristalticConfig peristaltic;  // used when mechanism is peristaltic
  OccluderConfig occluder;
  OcclusionConfig occlusion;  // the pump's detection (default_volumetric_world_config: its own levels)
  FreeFlowConfig free_flow;   // volumetric pumps

  // The mechanism's own compliance in series with the line's (syringe stopper or pumping segment).
  double mechanism_compliance_ml_per_mmhg() const;
};

WorldConfig default_world_config();
// A volumetric pump station: the default world with a peristaltic mechanism and a bag of
// reservoir_ml, and a 0.1 mg balance of 520 g capacity (the bag's content must fit on the pan).
WorldConfig default_volumetric_world_config(double reservoir_ml = 500.0);

// The physical syringe from the BD Plastipak table (1, 3, 5, 10, 20, 30, 50 or 60 ml), filled to
// its nominal volume, stopper compliance scaled by area^2 from the 60 ml default. Throws
// std::invalid_argument for other sizes.
SyringeConfig bd_plastipak_syringe(int nominal_ml);

// A balance with the given resolution and the defaults expressed in digits kept (noise 2 digits).
BalanceConfig balance_with_resolution(double resolution_g);

// Throws std::invalid_argument naming the field when a value cannot describe a real set-up.
void validate(const WorldConfig& config);
void validate(const PeristalticConfig& config);  // part of the above for a peristaltic world

}  // namespace pumprig::sim
