#include "reports/mass_plot.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace pumprig::reports {

namespace {

constexpr Color kBlue{0.12, 0.35, 0.70};
constexpr Color kGreyBlue{0.45, 0.55, 0.70};
constexpr Color kRed{0.80, 0.10, 0.10};

// The reading nearest to `t` (the zero of a "delivered since" plot).
double value_at(const std::vector<Point>& pts, double t) {
  const Point* best = nullptr;
  for (const auto& p : pts)
    if (!std::isnan(p.y) && (!best || std::abs(p.x - t) < std::abs(best->x - t))) best = &p;
  return best ? best->y : 0.0;
}

}  // namespace

MassPlots mass_plots(const std::vector<Point>& readings, const std::string& station, std::vector<Marker> markers,
                     const MassView& view) {
  MassPlots out;
  double last = view.from_s;
  for (const auto& p : readings) last = std::max(last, p.x);
  const double to = view.to_s.value_or(last);
  const bool minutes = to - view.from_s > 20 * 60;
  const double scale = minutes ? 1.0 / 60.0 : 1.0;
  const double zero = view.zero_at_s ? value_at(readings, *view.zero_at_s) : 0.0;
  const bool volume = view.density_g_ml > 0;

  std::vector<Point> test, prep;
  for (const auto& p : readings) {
    if (p.x < view.from_s) {
      prep.push_back(p);
    } else if (p.x <= to) {
      const double y = (p.y - zero) / (volume ? view.density_g_ml : 1.0);
      test.push_back({p.x * scale, y});
    }
  }
  out.test_readings = test.size();
  out.preparation_readings = prep.size();

  Plot& t = out.test;
  const std::string what = view.zero_at_s ? (volume ? "Volume delivered" : "Mass delivered") : "Balance readings";
  t.title = fmt::format("{} during the test, station {} ({} readings)", what, station, test.size());
  t.x_label = minutes ? "test time (min)" : "test time (s)";
  t.y_label = view.zero_at_s ? (volume ? "volume since the door opened (ml)" : "mass change (g)") : "mass (g)";
  Series s;
  s.label = view.zero_at_s ? (volume ? "volume" : "mass change") : "mass";
  s.points = std::move(test);
  s.color = kBlue;
  t.series.push_back(std::move(s));
  t.x_min = view.from_s * scale;
  t.x_max = to * scale;
  // A flat trace (nothing delivered) is shown against its limit, never blown up to fill the axis.
  for (const auto& [label, y] : view.limits) {
    Series l;
    l.label = label;
    l.points = {{t.x_min, y}, {t.x_max, y}};
    l.color = kRed;
    l.dashed = true;
    t.series.push_back(std::move(l));
  }
  if (view.zero_at_s) t.y_include_zero = true;
  for (auto& m : markers) {
    m.x *= scale;
    t.markers.push_back(m);
  }

  if (!prep.empty()) {
    Plot p;
    p.title = fmt::format("Preparation before the test period (vessel, tare, check weight), station {} ({} readings)", station,
                          prep.size());
    p.x_label = "time (s, before the test period)";
    p.y_label = "mass (g)";
    Series ps;
    ps.label = "";
    ps.points = std::move(prep);
    ps.color = kGreyBlue;
    p.series.push_back(std::move(ps));
    out.preparation = std::move(p);
  }
  return out;
}

}  // namespace pumprig::reports
