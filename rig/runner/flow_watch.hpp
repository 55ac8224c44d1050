#pragma once
// Confirms from the balance that a pump nobody can query really started or stopped: the
// operator-in-the-loop path. Fed with readings; pure, no clock of its own.
//   flow:    the mass has risen by `threshold_g` over the baseline taken when watching began.
//   no flow: over the last `window`, the mass has moved by less than `threshold_g`.
#include <deque>
#include <optional>
#include <utility>

#include "rig/core/time.hpp"

namespace pumprig {

class FlowWatch {
 public:
  enum class Expect { flow, no_flow };

  FlowWatch(Expect expect, double threshold_g, Nanos window, Nanos since, std::optional<double> baseline_g);
  // The time the condition was first met, or nothing yet.
  std::optional<Nanos> feed(Nanos t, double mass_g);
  Expect expect() const { return expect_; }

  // 25 % of what the set rate puts on the balance in `window`, never under 1 mg nor under ten
  // displayed steps of the balance (its readability, when the fixture states it): well above
  // balance noise, well below what a running pump delivers.
  static double threshold_for(double rate_ml_h, double density_g_ml, Nanos window,
                              std::optional<double> readability_g = std::nullopt);

 private:
  Expect expect_;
  double threshold_g_;
  Nanos window_;
  Nanos since_;
  std::optional<double> baseline_g_;
  std::deque<std::pair<Nanos, double>> recent_;
};

}  // namespace pumprig
