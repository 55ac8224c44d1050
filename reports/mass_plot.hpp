#pragma once
// The balance readings of a test as plots that read: the test period in its own panel, scaled to
// what is judged there (not to the tare and check weight that came before), and the preparation
// (everything before the test period: vessel on, tare, check weight) in a small panel of its own.
// Pure: readings in, plot descriptions out.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "reports/plot.hpp"

namespace pumprig::reports {

struct MassView {
  double from_s = 0;              // the test period starts here (pump start: 0; free flow: before the door opens)
  std::optional<double> to_s;     // and ends here (default: the last reading)
  // Plot what was delivered since this time instead of the balance reading: the mass change, or
  // with a density the volume (ml), which is what a free-flow limit judges.
  std::optional<double> zero_at_s;
  double density_g_ml = 0;        // > 0: volume in ml
  // Horizontal lines in the plotted unit ("limit 0.2 ml"): the range always shows them.
  std::vector<std::pair<std::string, double>> limits;
};

struct MassPlots {
  Plot test;                        // the test period
  std::optional<Plot> preparation;  // readings before it, when there are any
  std::size_t test_readings = 0, preparation_readings = 0;
};

// `readings`: (test time s, mass g). Minutes on the x axis when the test period is longer than 20 min.
MassPlots mass_plots(const std::vector<Point>& readings, const std::string& station, std::vector<Marker> markers,
                     const MassView& view);

}  // namespace pumprig::reports
