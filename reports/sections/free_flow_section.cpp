#include <algorithm>

#include <fmt/format.h>

#include "reports/test_section.hpp"

namespace pumprig::reports {

void write_free_flow_section(SectionContext& report, const TestResult& test) {
  const json& t = test.fields;
  report.add(Heading{2, "Parameters and method"});
  report.add(KeyValues{{
      {"Head height", Cell{fmt_num(t, "head_height_cm", 1, "cm")}},
      {"Door opened at", Cell{fmt_num(t, "t_door_open_s", 1, "s")}},
      {"Observation", Cell{fmt_num(t, "duration_s", 0, "s")}},
  }});
  std::vector<Marker> m;
  MassView view;
  if (auto v = number(t, "t_door_open_s")) {
    m.push_back({*v, "door opened", kRed});
    const double duration = number(t, "duration_s").value_or(0);
    if (duration > 0) m.push_back({*v + duration, "end of observation", kGrey});
    // What is judged: the volume delivered from door open, against its limit; the time from a
    // little before the door opened to a little after the observation (to the last reading when
    // the observation's end is not known).
    const double margin = duration > 0 ? std::min(30.0, 0.25 * duration) : 30.0;
    view.from_s = std::max(0.0, *v - margin);
    if (duration > 0) view.to_s = *v + duration + margin;
    view.zero_at_s = *v;
    view.density_g_ml = number(t, "density_g_ml").value_or(0.998);
    for (const auto& c : test.checks)
      if (c.measurand.quantity == "volume_ml" && c.comparison == CheckComparison::at_most)
        view.limits.emplace_back(fmt::format("limit {:g} ml", c.limit), c.limit);
  }
  report.mass_trace(test.station, std::move(m), view);
  report.add(Heading{2, "Results"});
  Table tab{{"Quantity", "Value"}, {2, 1.5}, {}, false};
  tab.rows.push_back({Cell{"Free-flow volume"}, Cell{fmt_num(t, "volume_ml", 3, "ml")}});
  tab.rows.push_back({Cell{"Peak flow"}, Cell{fmt_num(t, "peak_flow_ml_h", 2, "ml/h")}});
  report.add(std::move(tab));
}

}  // namespace pumprig::reports
