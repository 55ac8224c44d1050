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
  if (auto v = number(t, "t_door_open_s")) {
    m.push_back({*v, "door opened", kRed});
    if (auto d = number(t, "duration_s")) m.push_back({*v + *d, "end of observation", kGrey});
  }
  report.mass_trace(test.station, std::move(m));
  report.add(Heading{2, "Results"});
  Table tab{{"Quantity", "Value"}, {2, 1.5}, {}, false};
  tab.rows.push_back({Cell{"Free-flow volume"}, Cell{fmt_num(t, "volume_ml", 3, "ml")}});
  tab.rows.push_back({Cell{"Peak flow"}, Cell{fmt_num(t, "peak_flow_ml_h", 2, "ml/h")}});
  report.add(std::move(tab));
}

}  // namespace pumprig::reports
