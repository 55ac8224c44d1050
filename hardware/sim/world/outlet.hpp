#pragma once
// Where the line ends in the vessel. Submerged (the IEC set-up: cannula tip under the oil film),
// the vessel gains every bit of outflow at once. In drops mode the fluid gathers at the tip and
// only whole drops reach the vessel, so the balance sees steps. Withdrawing from a dripping tip
// draws air: the tip volume goes negative and is refilled first; fallen drops never come back.
#include "hardware/sim/world/world_config.hpp"

namespace pumprig::sim {

class Outlet {
 public:
  explicit Outlet(const OutletConfig& config) : mode_(config.mode), drop_ml_(config.drop_volume_ml) {}

  OutletMode mode() const { return mode_; }
  bool submerged() const { return mode_ == OutletMode::submerged; }
  double drop_volume_ml() const { return drop_ml_; }

  // Volume in the vessel given the line's cumulative outflow.
  double in_vessel_ml(double line_outflow_ml) const { return submerged() ? line_outflow_ml : fallen_ml_; }
  double tip_ml() const { return tip_ml_; }
  double fallen_ml() const { return fallen_ml_; }
  long drops() const { return drops_; }

  void receive(double ml) { tip_ml_ += ml; }
  // How much more outflow makes the next drop fall (<= 0: one is due now). Submerged: never.
  double room_ml() const { return drop_ml_ - tip_ml_; }
  void release_drop() {
    tip_ml_ -= drop_ml_;
    ++drops_;
    fallen_ml_ = static_cast<double>(drops_) * drop_ml_;  // exact multiple, no running sum error
  }

 private:
  OutletMode mode_;
  double drop_ml_;
  double tip_ml_ = 0.0;
  double fallen_ml_ = 0.0;
  long drops_ = 0;
};

}  // namespace pumprig::sim
