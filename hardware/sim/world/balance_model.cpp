#include "hardware/sim/world/balance_model.hpp"

#include <algorithm>
#include <cmath>

namespace pumprig::sim {

namespace {
constexpr double kMinTauS = 1e-6;

int decimals_for(double resolution_g) {
  // 1e-5 -> 5, 1e-4 -> 4, 0.002 -> 3: the digits needed to show one step of the resolution.
  const double d = std::ceil(-std::log10(resolution_g) - 1e-9);
  return static_cast<int>(std::max(0.0, d));
}
}  // namespace

BalanceModel::BalanceModel(const BalanceConfig& config)
    : config_(config), decimals_(decimals_for(config.resolution_g)) {}

double BalanceModel::settling_tau_s() const { return std::max(kMinTauS, config_.settling_tau_s); }

double BalanceModel::settle(double settled_g, double dt_s, double load_g, double evaporation_g_s,
                            double fluid_g_per_ml, double line_stored_ml, double line_tau_s,
                            const StepTrain& train) const {
  return response(settled_g, dt_s, load_g, evaporation_g_s, fluid_g_per_ml, line_stored_ml, line_tau_s, train);
}

double BalanceModel::settle(double settled_g, double dt_s, double load_g, double evaporation_g_s,
                            double fluid_g_per_ml, double line_stored_ml, double line_tau_s,
                            const FlowTrain& train) const {
  return response(settled_g, dt_s, load_g, evaporation_g_s, fluid_g_per_ml, line_stored_ml, line_tau_s, train);
}

double BalanceModel::settle(double settled_g, double dt_s, double load_g, double evaporation_g_s,
                            double fluid_g_per_ml, double line_stored_ml, double line_tau_s,
                            const ConstantFlow& train) const {
  return response(settled_g, dt_s, load_g, evaporation_g_s, fluid_g_per_ml, line_stored_ml, line_tau_s, train);
}

// The input (steps or continuous flow) enters only through its total and weighted sums: the
// response of the lagged line to any input is linear in it, and an input element of age u
// reaches the settled display as f(u) below, so the continuous case is the same expression
// with sums replaced by integrals.
template <class Input>
double BalanceModel::response(double settled_g, double dt_s, double load_g, double evaporation_g_s,
                              double fluid_g_per_ml, double line_stored_ml, double line_tau_s,
                              const Input& train) const {
  if (dt_s <= 0.0) return settled_g;
  double tau_b = settling_tau_s();
  const double tau_l = line_tau_s;
  // Equal time constants make the cascade degenerate (t*exp(-t/tau) terms); nudging the
  // balance's by 2e-4 keeps the closed form with an invisible change in behaviour.
  if (std::abs(tau_l - tau_b) < 1e-4 * std::max(tau_l, tau_b)) tau_b = tau_l * (1.0 + 2e-4);

  const double one_minus_eb = -std::expm1(-dt_s / tau_b);
  const double eb = 1.0 - one_minus_eb;
  double y = settled_g * eb + load_g * one_minus_eb;
  // Response to the evaporation ramp -E*s.
  y -= evaporation_g_s * (dt_s - tau_b * one_minus_eb);
  if (fluid_g_per_ml != 0.0) {
    // A unit step into the line reaches the pan as 1 - exp(-u/tau_l); through the balance lag
    // that is f(u) = 1 - e_b - kappa (e_l - e_b), kappa = tau_l / (tau_l - tau_b).
    const double kappa = tau_l / (tau_l - tau_b);
    const double el = std::exp(-dt_s / tau_l);
    const double f_initial = one_minus_eb - kappa * (el - eb);
    const double g_l = train.weighted_ml(tau_l);
    const double g_b = train.weighted_ml(tau_b);
    const double from_steps = train.total_ml - g_b - kappa * (g_l - g_b);
    y += fluid_g_per_ml * (line_stored_ml * f_initial + from_steps);
  }
  return y;
}

BalanceView BalanceModel::read(double t_s, double settled_g, double settled_rate_g_s, Random& rng) const {
  const double drift_g_s = config_.drift_g_h / 3600.0;
  const double raw = settled_g + drift_g_s * t_s + rng.normal(0.0, config_.noise_std_g);
  BalanceView v;
  v.decimals = decimals_;
  v.displayed_g = std::round(raw / config_.resolution_g) * config_.resolution_g;
  v.overload = raw > config_.capacity_g;
  v.underload = raw < config_.underload_g;
  const double excursion_g = std::abs(settled_rate_g_s + drift_g_s) * config_.stability_window_s +
                             config_.stability_noise_factor * config_.noise_std_g;
  v.stable =
      !v.overload && !v.underload && excursion_g <= config_.stability_band_digits * config_.resolution_g;
  return v;
}

}  // namespace pumprig::sim
