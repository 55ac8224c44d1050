// Steps on the pump under test: program it (and have its occlusion threshold set), start, stop.
#include <fmt/format.h>

#include "rig/runner/steps/steps.hpp"

namespace pumprig::steps {

namespace {

class SetPumpStep final : public StationStep {
 public:
  explicit SetPumpStep(const Step& step) : step_(step) {}
  std::string describe() const override { return fmt::format("set pump {} ml/h", step_.rate_ml_h.value_or(0.0)); }

  // The settings the analyses take as the set rate and the occlusion threshold.
  void add_step_data(StepHost& host, nlohmann::json& data) const override {
    data.update(marker_data(Marker::set_pump, host.test_time_s()));
    data["rate_ml_h"] = step_.rate_ml_h.value_or(0.0);
    if (step_.occlusion_level) data["occlusion_level"] = to_string(*step_.occlusion_level);
  }

  void run(StepHost& host) override {
    const PumpConfig& pump = host.station_config().pump;
    PumpProgram prog;
    prog.rate_ml_h = step_.rate_ml_h.value_or(0.0);
    if (pump.pump_class == PumpClass::syringe) prog.syringe_diameter_mm = pump.syringe_diameter_mm;
    prog.volume_ml = step_.volume_ml;
    host.pump().program(prog, guarded<Unit>(host, [this, &host, prog](const Unit&) {
      host.event(EventKind::pump, fmt::format("programmed {} ml/h", prog.rate_ml_h),
                 {{"rate_ml_h", prog.rate_ml_h}, {"syringe_diameter_mm", prog.syringe_diameter_mm.value_or(0.0)}});
      set_occlusion_level(host);
    }));
  }

 private:
  // Occlusion alarm thresholds are a front-panel setting on every pump we know (the NE-1000
  // protocol has no command for it): the operator sets it.
  void set_occlusion_level(StepHost& host) const {
    if (!step_.occlusion_level) {
      host.step_done();
      return;
    }
    OperatorPrompt prompt{host.station_id(),
                          fmt::format("Set the pump's occlusion alarm threshold to {}", to_string(*step_.occlusion_level)),
                          "set_occlusion_level"};
    prompt.level = *step_.occlusion_level;
    host.ask_operator(prompt, [&host] { host.step_done(); });
  }

  const Step& step_;
};

class StartPumpStep final : public StationStep {
 public:
  explicit StartPumpStep(const Step& step) : step_(step) {}
  std::string describe() const override { return "start pump"; }
  void run(StepHost& host) override { host.start_pump([&host] { host.step_done(); }, step_.startup_allowance_s); }

 private:
  const Step& step_;
};

class StopPumpStep final : public StationStep {
 public:
  std::string describe() const override { return "stop pump"; }
  void run(StepHost& host) override { host.stop_pump([&host] { host.step_done(); }); }
};

}  // namespace

std::unique_ptr<StationStep> set_pump(const Step& step) { return std::make_unique<SetPumpStep>(step); }
std::unique_ptr<StationStep> start_pump(const Step& step) { return std::make_unique<StartPumpStep>(step); }
std::unique_ptr<StationStep> stop_pump(const Step&) { return std::make_unique<StopPumpStep>(); }

}  // namespace pumprig::steps
