// Steps on the balance alone: tare, zero, and the check weight with its return to zero.
#include <cmath>
#include "rig/core/fixed_text.hpp"

#include <fmt/format.h>

#include "rig/analysis/checks.hpp"
#include "rig/analysis/result_json.hpp"
#include "rig/runner/steps/steps.hpp"

namespace pumprig::steps {

namespace {

class TareStep final : public StationStep {
 public:
  std::string describe() const override { return "tare"; }
  void run(StepHost& host) override {
    host.balance().tare(guarded<double>(host, [&host](const double& tare_g) {
      host.event(EventKind::tare, fmt::format("tared at {:.5f} g", tare_g), {{"tare_g", tare_g}});
      host.step_done();
    }));
  }
};

class ZeroStep final : public StationStep {
 public:
  std::string describe() const override { return "zero"; }
  void run(StepHost& host) override {
    host.balance().zero(guarded<Unit>(host, [&host](const Unit&) { host.step_done(); }));
  }
};

// The balance read against a known mass (a check of the station's own, kept in the record), then
// back to zero once the weight is off: otherwise the mass at t = 0 would still carry the settling
// of the check weight.
class CheckWeightStep final : public StationStep {
 public:
  explicit CheckWeightStep(const Step& step) : mass_g_(step.mass_g), tol_g_(step.tolerance_g) {}
  std::string describe() const override { return fmt::format("check weight {} g", mass_g_); }

  void run(StepHost& host) override {
    const double mass_g = mass_g_, tol_g = tol_g_;
    host.ask_operator(
        OperatorPrompt{host.station_id(), fmt::format("Place the {} g check weight on the balance", mass_g), "place_check_weight", mass_g},
        [&host, mass_g, tol_g] {
          host.balance().read_stable(guarded<BalanceReading>(host, [&host, mass_g, tol_g](const BalanceReading& r) {
            Check check = check_within({"check_weight_g", "g"}, r.mass_g, mass_g, tol_g);
            check.name = fmt::format("check weight {} g", mass_g);
            const double deviation = r.mass_g - mass_g;
            const bool pass = check.verdict == Verdict::pass;
            host.event(EventKind::check_weight,
                       fmt::format("check weight read {:.5f} g (deviation {} g, tolerance {} g): {}", r.mass_g, signed_fixed_text(deviation, 5), tol_g,
                                   pass ? "pass" : "FAIL"),
                       check_to_json(check));
            if (!pass) {
              host.step_failed(fmt::format("check weight out of tolerance: read {:.5f} g for {} g +- {} g", r.mass_g, mass_g, tol_g));
              return;
            }
            host.ask_operator(OperatorPrompt{host.station_id(), "Remove the check weight from the balance", "remove_check_weight", mass_g},
                              [&host, tol_g] { return_to_zero(host, tol_g); });
          }));
        });
  }

 private:
  static void return_to_zero(StepHost& host, double tolerance_g) {
    host.balance().read_stable(guarded<BalanceReading>(host, [&host, tolerance_g](const BalanceReading& r) {
      const bool ok = std::fabs(r.mass_g) <= tolerance_g;
      host.event(EventKind::check_weight, fmt::format("back to zero after removal: {:.5f} g ({})", r.mass_g, ok ? "ok" : "NOT at zero"),
                 {{"return_to_zero_g", r.mass_g}, {"tolerance_g", tolerance_g}});
      if (!ok) {
        host.step_failed(fmt::format("the balance did not return to zero after the check weight: {:.5f} g", r.mass_g));
        return;
      }
      host.step_done();
    }));
  }

  double mass_g_, tol_g_;
};

}  // namespace

std::unique_ptr<StationStep> tare(const Step&) { return std::make_unique<TareStep>(); }
std::unique_ptr<StationStep> zero(const Step&) { return std::make_unique<ZeroStep>(); }
std::unique_ptr<StationStep> check_weight(const Step& step) { return std::make_unique<CheckWeightStep>(step); }

}  // namespace pumprig::steps
