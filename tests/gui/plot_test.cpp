// The dashboard's plot arithmetic: transforms, ticks, and min/max decimation that keeps every
// spike while drawing at most one column per pixel.
#include <boost/test/unit_test.hpp>

#include <cmath>

#include "gui/plot/min_max_series.hpp"
#include "gui/plot/plot_math.hpp"

using namespace pumprig::gui;

BOOST_AUTO_TEST_SUITE(gui_plot)

BOOST_AUTO_TEST_CASE(transforms_map_both_ways) {
  PlotTransform tf{{0, 100}, {-10, 10}, 50, 20, 250, 220};
  BOOST_TEST(tf.x_px(0) == 50.f);
  BOOST_TEST(tf.x_px(100) == 250.f);
  BOOST_TEST(tf.y_px(-10) == 220.f);  // y up, pixels down
  BOOST_TEST(tf.y_px(10) == 20.f);
  BOOST_TEST(std::abs(tf.x_value(tf.x_px(37.5)) - 37.5) < 1e-4);
  BOOST_TEST(std::abs(tf.y_value(tf.y_px(3.25)) - 3.25) < 1e-4);
}

BOOST_AUTO_TEST_CASE(ticks_are_round_inside_the_range_with_the_unit_last) {
  const auto ticks = nice_ticks({0.3, 9.7}, 6, "ml/h");
  BOOST_REQUIRE(ticks.size() >= 2u);
  BOOST_TEST(ticks.size() <= 6u);
  for (const auto& t : ticks) BOOST_TEST((t.value >= 0.3 && t.value <= 9.7));
  BOOST_TEST(ticks.front().value == 2.0);
  BOOST_TEST(ticks.front().label == "2");
  BOOST_TEST(ticks.back().label == "8 ml/h");
  const auto fine = nice_ticks({24.91, 25.09}, 5, "ml/h");
  BOOST_TEST(fine.front().label == "24.95");
  const auto negative = nice_ticks({-1, 1}, 3, "mmHg");
  BOOST_TEST(negative[1].label == "0");  // never "-0"
  BOOST_TEST(!nice_ticks({5, 5}, 5).empty());  // a flat trace still gets an axis
  BOOST_TEST(nice_step(100, 6) == 20.0);
  BOOST_TEST(nice_step(0.7, 8) == 0.1);
  BOOST_TEST(time_label(45, 5) == "45 s");
  BOOST_TEST(time_label(750, 60) == "12:30");
  BOOST_TEST(time_label(3900, 600) == "1:05:00");
}

BOOST_AUTO_TEST_CASE(decimation_keeps_a_one_point_spike_and_is_bounded_by_the_columns) {
  // 24 h at 10 Hz: 864,000 points, one spike of one point.
  MinMaxSeries s;
  const std::size_t n = 864000, spike = 512345;
  for (std::size_t i = 0; i < n; ++i) s.append(i * 0.1, i == spike ? 300.0 : std::sin(i * 1e-3));
  BOOST_TEST(s.size() == n);
  std::vector<MinMaxSeries::Column> cols;
  s.decimate({0, 86400}, 1200, cols);
  BOOST_TEST(cols.size() <= 1200u);
  BOOST_TEST(cols.size() >= 1199u);
  double top = -1e9;
  for (const auto& c : cols) top = std::max(top, c.max);
  BOOST_TEST(top == 300.0);
  // Every column's min and max equal a brute-force scan of its points.
  const double width = 86400.0 / 1200;
  for (int c : {0, 17, 711, 1199}) {
    double lo = 1e9, hi = -1e9;
    for (std::size_t i = 0; i < n; ++i) {
      const double t = i * 0.1;
      if (t >= c * width && (t < (c + 1) * width || (c == 1199 && t <= 86400))) {
        lo = std::min(lo, s.v(i));
        hi = std::max(hi, s.v(i));
      }
    }
    const auto it = std::find_if(cols.begin(), cols.end(), [&](const auto& col) { return col.column == c; });
    BOOST_REQUIRE(it != cols.end());
    BOOST_TEST(it->min == lo);
    BOOST_TEST(it->max == hi);
  }
  const auto r = s.value_range({51234.0, 51235.0});
  BOOST_REQUIRE(r);
  BOOST_TEST(r->hi == 300.0);
  BOOST_TEST(!s.value_range({90000, 90001}).has_value());
}

BOOST_AUTO_TEST_CASE(ranges_match_brute_force_for_any_window) {
  MinMaxSeries s;
  std::uint32_t x = 12345;
  std::vector<double> v;
  for (int i = 0; i < 5000; ++i) {
    x = x * 1664525u + 1013904223u;
    v.push_back(static_cast<double>(x % 10000) / 100.0);
    s.append(i, v.back());
  }
  for (int trial = 0; trial < 300; ++trial) {
    x = x * 1664525u + 1013904223u;
    const int a = static_cast<int>(x % 5000);
    x = x * 1664525u + 1013904223u;
    const int b = a + static_cast<int>(x % (5000 - a));
    const auto r = s.value_range({static_cast<double>(a), static_cast<double>(b)});
    BOOST_REQUIRE(r);
    const auto [lo, hi] = std::minmax_element(v.begin() + a, v.begin() + b + 1);
    BOOST_TEST_REQUIRE(r->lo == *lo);
    BOOST_TEST_REQUIRE(r->hi == *hi);
  }
  s.append(10, 1.0);  // earlier than the last point: dropped
  BOOST_TEST(s.size() == 5000u);
}

BOOST_AUTO_TEST_SUITE_END()
