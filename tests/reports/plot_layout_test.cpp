// Plots that read: the data stay inside the axes, the legend sits below them and the markers'
// labels above them (never on the data), labels never overlap, and the balance plot shows the
// test period scaled to what is judged, with the preparation in a panel of its own.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>

#include "reports/mass_plot.hpp"
#include "reports/plot.hpp"

using namespace pumprig::reports;

namespace {

struct Frame {
  double left = 0, top = 0, right = 0, bottom = 0;
};

// The axes' frame: the closed five-point outline drawn last among the polylines of its kind.
Frame frame_of(const Scene& s) {
  Frame f;
  for (const auto& item : s.items)
    if (const auto* p = std::get_if<Polyline>(&item); p && p->points.size() == 5 && p->points.front().x == p->points.back().x &&
                                                      p->points.front().y == p->points.back().y && !p->dashed)
      f = {p->points[0].x, p->points[0].y, p->points[2].x, p->points[2].y};
  return f;
}

std::vector<const Label*> labels(const Scene& s) {
  std::vector<const Label*> out;
  for (const auto& item : s.items)
    if (const auto* l = std::get_if<Label>(&item)) out.push_back(l);
  return out;
}

const Label* label_with(const Scene& s, const std::string& text) {
  for (const Label* l : labels(s))
    if (l->text == text) return l;
  return nullptr;
}

// Horizontal extent of a label, as the layout estimates it.
std::pair<double, double> extent(const Label& l) {
  const double w = 0.58 * l.size * static_cast<double>(l.text.size());
  const double x0 = l.anchor < 0 ? l.at.x : l.anchor > 0 ? l.at.x - w : l.at.x - w / 2;
  return {x0, x0 + w};
}

Plot occlusion_like_plot() {
  Plot p;
  p.title = "Pressure";
  p.x_label = "time (s)";
  p.y_label = "pressure (mmHg)";
  Series s;
  s.label = "pressure";
  for (int i = 0; i <= 460; ++i) s.points.push_back({double(i), i < 300 ? 50.0 : i <= 372 ? 50.0 + (i - 300) * 3.5 : 300.0 * std::exp(-(i - 372) / 10.0)});
  p.series.push_back(s);
  Series lim;
  lim.label = "alarm pressure";
  lim.points = {{0, 300}, {460, 300}};
  lim.dashed = true;
  p.series.push_back(lim);
  p.markers = {{300, "occluded", {}}, {372.7, "alarm", {}}, {372.7, "released", {}}, {380, "bolus collected", {}},
               {459, "end of observation", {}}};
  return p;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(plot_layout)

BOOST_AUTO_TEST_CASE(data_inside_the_axes_legend_below_and_marker_labels_above_without_overlap) {
  const Scene s = layout_plot(occlusion_like_plot(), 495, 240);
  const Frame f = frame_of(s);
  BOOST_REQUIRE(f.right > f.left);
  BOOST_REQUIRE(f.bottom > f.top);
  // Every line of data (solid, not the grid) inside the frame.
  for (const auto& item : s.items)
    if (const auto* p = std::get_if<Polyline>(&item))
      if (p->points.front().y <= f.bottom + 1e-9)  // legend swatches are below the frame
        for (const auto& pt : p->points) {
          BOOST_TEST(pt.x >= f.left - 1e-9);
          BOOST_TEST(pt.x <= f.right + 1e-9);
          BOOST_TEST(pt.y >= f.top - 1e-9);
          BOOST_TEST(pt.y <= f.bottom + 1e-9);
        }
  // The legend is below the frame (and the x axis title), off the data.
  for (const char* entry : {"pressure", "alarm pressure"}) {
    const Label* l = label_with(s, entry);
    BOOST_REQUIRE(l);
    BOOST_TEST(l->at.y > f.bottom + 20, entry);
  }
  // Markers at the same time share one label; every marker label is above the frame, inside the
  // scene, and no two overlap.
  BOOST_TEST(label_with(s, "alarm, released"));
  std::vector<const Label*> marks;
  for (const char* m : {"occluded", "alarm, released", "bolus collected", "end of observation"}) {
    const Label* l = label_with(s, m);
    BOOST_REQUIRE(l);
    BOOST_TEST(l->at.y < f.top, m);
    BOOST_TEST(l->at.y > 12, m);  // below the title's line
    BOOST_TEST(extent(*l).second <= s.width, m);
    marks.push_back(l);
  }
  for (std::size_t i = 0; i < marks.size(); ++i)
    for (std::size_t j = i + 1; j < marks.size(); ++j)
      if (std::abs(marks[i]->at.y - marks[j]->at.y) < 8) {
        const auto a = extent(*marks[i]), b = extent(*marks[j]);
        BOOST_TEST((a.second <= b.first || b.second <= a.first), marks[i]->text << " overlaps " << marks[j]->text);
      }
}

BOOST_AUTO_TEST_CASE(many_markers_and_legend_entries_never_turn_the_frame_inside_out) {
  Plot p = occlusion_like_plot();
  for (int i = 0; i < 20; ++i) p.markers.push_back({300.0 + i, "marker " + std::to_string(i), {}});
  for (int i = 0; i < 12; ++i) {
    Series s;
    s.label = "a rather long legend entry " + std::to_string(i);
    s.points = {{0, 10.0 * i}, {460, 10.0 * i}};
    p.series.push_back(s);
  }
  const Scene s = layout_plot(p, 495, 120);
  const Frame f = frame_of(s);
  BOOST_TEST(f.bottom - f.top >= 40.0 - 1e-9);
}

BOOST_AUTO_TEST_CASE(the_balance_plot_shows_the_test_period_and_the_preparation_apart) {
  // 30 s of preparation (vessel 100 g, tare, a 50 g check weight), then 2 h delivering 25 ml/h.
  std::vector<Point> readings;
  for (int t = -30; t < 0; ++t) readings.push_back({double(t), t < -25 ? 100.0 : t < -15 ? 0.0 : t < -5 ? 50.0 : 0.0});
  for (int t = 0; t <= 7200; t += 10) readings.push_back({double(t), 25.0 * t / 3600.0});
  const MassPlots m = mass_plots(readings, "station-1", {}, MassView{});
  BOOST_REQUIRE(m.preparation.has_value());
  BOOST_TEST(m.preparation_readings == 30u);
  BOOST_TEST(m.test_readings == 721u);
  BOOST_TEST(m.test.x_label == "test time (min)");  // 2 h: minutes
  double top = 0;
  for (const auto& p : m.test.series.front().points) {
    BOOST_TEST(p.x >= 0.0);
    top = std::max(top, p.y);
  }
  BOOST_TEST(top == 50.0);  // scaled to the test (50 g delivered), not the 100 g vessel before it
  const Scene s = layout_plot(m.test, 495, 210);
  // The y axis ends near the data: no tick label above 60 g.
  for (const Label* l : labels(s))
    if (l->anchor == 1) BOOST_TEST(std::stod(l->text) <= 60.0, l->text);
}

BOOST_AUTO_TEST_CASE(free_flow_is_plotted_as_the_volume_since_the_door_opened_against_its_limit) {
  std::vector<Point> readings;
  for (int t = 0; t <= 200; ++t) readings.push_back({double(t), t < 6 ? 120.0 : t < 40 ? 0.0 : (t - 40) * 294.0 / 3600.0 * 0.998});
  MassView v;
  v.from_s = 10;
  v.to_s = 190;
  v.zero_at_s = 40;
  v.density_g_ml = 0.998;
  v.limits = {{"limit 0.2 ml", 0.2}};
  const MassPlots m = mass_plots(readings, "station-2", {{40, "door opened", {}}}, v);
  BOOST_TEST(m.test.y_label == "volume since the door opened (ml)");
  const auto& vol = m.test.series.front().points;
  BOOST_TEST(vol.front().x == 10.0);
  BOOST_TEST(std::abs(vol[30].y) < 1e-9);  // at the door opening
  BOOST_TEST(vol.back().y == 294.0 * 150 / 3600.0, boost::test_tools::tolerance(1e-9));
  BOOST_REQUIRE(m.test.series.size() == 2u);
  BOOST_TEST(m.test.series[1].label == "limit 0.2 ml");
  BOOST_TEST(m.test.series[1].points.front().y == 0.2);
  BOOST_REQUIRE(m.preparation);
  BOOST_TEST(m.preparation_readings == 10u);  // the vessel and the tare, before the plotted period
}

BOOST_AUTO_TEST_SUITE_END()
