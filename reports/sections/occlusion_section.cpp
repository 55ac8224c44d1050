#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "reports/test_section.hpp"

namespace pumprig::reports {

void write_occlusion_section(SectionContext& report, const TestResult& test) {
  const json& t = test.fields;
  report.add(Heading{2, "Parameters and method"});
  report.add(KeyValues{{
      {"Set rate", Cell{fmt_num(t, "rate_ml_h", 3, "ml/h")}},
      {"Alarm threshold setting", Cell{text(t, "threshold")}},
      {"Occluded at", Cell{fmt_num(t, "t_occlude_s", 1, "s")}},
      {"Alarm at", Cell{fmt_num(t, "t_alarm_s", 1, "s")}},
      {"Released at", Cell{fmt_num(t, "t_release_s", 1, "s")}},
      {"Bolus collection", Cell{fmt_num(t, "collection_s", 0, "s")}},
  }});
  const std::string& st = test.station;
  const Trace* tr = report.io(st);
  if (tr && tr->rows > 0) {
    Plot p;
    p.title = fmt::format("Pressure, station {}", st);
    p.x_label = "time (s)";
    p.y_label = "pressure (mmHg)";
    p.y_include_zero = true;
    p.series.push_back(line("pressure", xy(*tr, "time_s", "pressure_mmhg"), kBlue));
    auto p2 = xy(*tr, "time_s", "pressure2_mmhg");
    if (std::any_of(p2.begin(), p2.end(), [](const Point& q) { return !std::isnan(q.y); })) p.series.push_back(line("pressure 2", std::move(p2), kOrange));
    if (auto a = number(t, "alarm_pressure_mmhg"); a && tr->column("time_s") && !tr->column("time_s")->empty())
      p.series.push_back(line("alarm pressure", {{tr->column("time_s")->front(), *a}, {tr->column("time_s")->back(), *a}}, kRed, true));
    if (auto v = number(t, "t_occlude_s")) p.markers.push_back({*v, "occluded", kGrey});
    if (auto v = number(t, "t_alarm_s")) p.markers.push_back({*v, "alarm", kRed});
    if (auto v = number(t, "t_release_s")) p.markers.push_back({*v, "released", kGreen});
    report.add(PlotBlock{std::move(p), 240});
  } else {
    report.add(Paragraph{fmt::format("No pressure trace: io-{}.csv missing or empty.", st), Tone::warn});
  }
  report.add(Heading{2, "Results"});
  Table tab{{"Quantity", "Value"}, {2, 1.5}, {}, false};
  tab.rows.push_back({Cell{"Time to alarm"}, Cell{fmt_num(t, "time_to_alarm_s", 1, "s")}});
  tab.rows.push_back({Cell{"Pressure at alarm"}, Cell{fmt_num(t, "alarm_pressure_mmhg", 1, "mmHg")}});
  tab.rows.push_back({Cell{"Peak pressure"}, Cell{fmt_num(t, "peak_pressure_mmhg", 1, "mmHg")}});
  tab.rows.push_back({Cell{"Bolus after release"}, Cell{fmt_num(t, "bolus_ml", 3, "ml")}});
  tab.rows.push_back({Cell{"Bolus end"}, Cell{text(t, "bolus_end")}});
  report.add(std::move(tab));
}

}  // namespace pumprig::reports
