#include "reports/plot.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

namespace pumprig::reports {
namespace {

constexpr Color kAxis{0.2, 0.2, 0.2};
constexpr Color kGrid{0.85, 0.85, 0.85};
constexpr Color kText{0.1, 0.1, 0.1};

// Text width estimate for placing the legend (DejaVu Sans averages about 0.58 em per glyph). The
// renderers draw the real glyphs; this only has to leave enough room.
double text_width(const std::string& s, double size) { return 0.58 * size * static_cast<double>(s.size()); }

std::string tick_text(double v, double step) {
  if (std::abs(v) < step * 1e-9) v = 0;
  const int decimals = step >= 1 ? 0 : static_cast<int>(std::ceil(-std::log10(step) - 1e-9));
  return fmt::format("{:.{}f}", v, std::clamp(decimals, 0, 6));
}

struct Range {
  double lo = std::numeric_limits<double>::infinity();
  double hi = -std::numeric_limits<double>::infinity();
  void add(double v) {
    if (!std::isfinite(v)) return;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  bool empty() const { return !(lo <= hi); }
};

// Keeps a long series drawable: per device-pixel column, the first, min, max and last point, in
// order, so a 24 h trace at 1 Hz costs a few thousand vertices and still shows every spike.
std::vector<Point> decimate(const std::vector<Point>& dev, double column_width) {
  if (dev.size() < 4000) return dev;
  std::vector<Point> out;
  out.reserve(4 * static_cast<std::size_t>(1200));
  std::size_t i = 0;
  while (i < dev.size()) {
    if (std::isnan(dev[i].y)) {
      out.push_back(dev[i++]);
      continue;
    }
    const double col = std::floor(dev[i].x / column_width);
    Point first = dev[i], last = dev[i], mn = dev[i], mx = dev[i];
    std::size_t j = i + 1;
    for (; j < dev.size() && !std::isnan(dev[j].y) && std::floor(dev[j].x / column_width) == col; ++j) {
      last = dev[j];
      if (dev[j].y < mn.y) mn = dev[j];
      if (dev[j].y > mx.y) mx = dev[j];
    }
    out.push_back(first);
    if (mn.x <= mx.x) {
      out.push_back(mn);
      out.push_back(mx);
    } else {
      out.push_back(mx);
      out.push_back(mn);
    }
    out.push_back(last);
    i = j;
  }
  return out;
}

}  // namespace

std::vector<double> nice_ticks(double lo, double hi, int target) {
  std::vector<double> ticks;
  if (!(hi > lo) || target < 1) return ticks;
  const double raw = (hi - lo) / target;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  double step = mag;
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (raw <= m * mag) {
      step = m * mag;
      break;
    }
  for (double v = std::ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) ticks.push_back(v);
  return ticks;
}

Scene layout_plot(const Plot& plot, double width, double height) {
  Scene scene;
  scene.width = width;
  scene.height = height;
  auto& items = scene.items;

  // Data ranges.
  Range xr, yr;
  for (const auto& s : plot.series)
    for (const auto& p : s.points) {
      xr.add(p.x);
      if (!std::isnan(p.y)) yr.add(p.y);
    }
  for (const auto& m : plot.markers) xr.add(m.x);
  double x0 = plot.x_min, x1 = plot.x_max, y0 = plot.y_min, y1 = plot.y_max;
  if (!(x0 < x1)) {
    x0 = xr.empty() ? 0 : xr.lo;
    x1 = xr.empty() ? 1 : xr.hi;
  }
  if (!(y0 < y1)) {
    y0 = yr.empty() ? 0 : yr.lo;
    y1 = yr.empty() ? 1 : yr.hi;
    if (plot.y_include_zero) {
      y0 = std::min(y0, 0.0);
      y1 = std::max(y1, 0.0);
    }
    const double pad = (y1 - y0) * 0.08;
    y0 -= pad;
    y1 += pad;
  }
  if (!(x1 > x0)) x1 = x0 + 1;
  if (!(y1 > y0)) {
    const double half = std::max(std::abs(y0) * 0.05, 1e-3);
    y0 -= half;
    y1 += half;
  }
  const auto yticks = nice_ticks(y0, y1, 6);
  const auto xticks = nice_ticks(x0, x1, 8);
  const double ystep = yticks.size() > 1 ? yticks[1] - yticks[0] : 1;
  const double xstep = xticks.size() > 1 ? xticks[1] - xticks[0] : 1;

  // Plot frame: room for tick labels and axis titles.
  double ylab_w = 0;
  for (double t : yticks) ylab_w = std::max(ylab_w, text_width(tick_text(t, ystep), 7.5));
  const double left = 18 + ylab_w + 6, right = width - 10, top = plot.title.empty() ? 10 : 24, bottom = height - 34;
  auto X = [&](double x) { return left + (x - x0) / (x1 - x0) * (right - left); };
  auto Y = [&](double y) { return bottom - (y - y0) / (y1 - y0) * (bottom - top); };
  auto clampY = [&](double y) { return std::clamp(Y(y), top, bottom); };

  if (!plot.title.empty()) items.push_back(Label{{width / 2, 12}, plot.title, 9, kText, 0, false, true});
  for (double t : yticks) {
    items.push_back(Polyline{{{left, Y(t)}, {right, Y(t)}}, kGrid, 0.5, false});
    items.push_back(Label{{left - 4, Y(t) + 2.6}, tick_text(t, ystep), 7.5, kText, 1, false, false});
  }
  for (double t : xticks) {
    items.push_back(Polyline{{{X(t), top}, {X(t), bottom}}, kGrid, 0.5, false});
    items.push_back(Label{{X(t), bottom + 11}, tick_text(t, xstep), 7.5, kText, 0, false, false});
  }
  items.push_back(Label{{(left + right) / 2, height - 6}, plot.x_label, 8, kText, 0, false, false});
  items.push_back(Label{{10, (top + bottom) / 2}, plot.y_label, 8, kText, 0, true, false});

  for (const auto& a : plot.areas) {
    Polygon poly{{}, a.fill};
    for (const auto& p : a.polygon) poly.points.push_back({std::clamp(X(p.x), left, right), clampY(p.y)});
    items.push_back(std::move(poly));
  }
  for (const auto& s : plot.series) {
    std::vector<Point> dev;
    dev.reserve(s.points.size());
    for (const auto& p : s.points) dev.push_back({X(p.x), std::isnan(p.y) ? p.y : clampY(p.y)});
    dev = decimate(dev, 0.5);
    Polyline line{{}, s.color, s.width_pt, s.dashed};
    auto flush = [&] {
      if (line.points.size() > 1) items.push_back(line);
      line.points.clear();
    };
    for (const auto& p : dev) {
      if (std::isnan(p.y)) {
        flush();
        continue;
      }
      line.points.push_back(p);
      if (s.markers) items.push_back(Circle{p, 1.8, s.color});
    }
    flush();
  }
  int marker_row = 0;
  for (const auto& m : plot.markers) {
    if (m.x < x0 || m.x > x1) continue;
    items.push_back(Polyline{{{X(m.x), top}, {X(m.x), bottom}}, m.color, 1.0, true});
    // Staggered so markers close together keep readable labels.
    // Along the bottom (the legend holds the top right), staggered so close markers stay readable.
    items.push_back(Label{{X(m.x) + 3, bottom - 4 - 10.0 * (marker_row++ % 3)}, m.label, 7.5, m.color, -1, false, false});
  }
  items.push_back(Polyline{{{left, top}, {right, top}, {right, bottom}, {left, bottom}, {left, top}}, kAxis, 0.8, false});

  // Legend, top right inside the frame.
  std::vector<std::pair<std::string, Color>> entries;
  std::vector<bool> is_area;
  for (const auto& a : plot.areas)
    if (!a.label.empty() && std::none_of(entries.begin(), entries.end(), [&](auto& e) { return e.first == a.label; })) {
      entries.emplace_back(a.label, a.fill);
      is_area.push_back(true);
    }
  std::vector<bool> dashed(entries.size(), false);
  for (const auto& s : plot.series)
    if (!s.label.empty()) {
      entries.emplace_back(s.label, s.color);
      is_area.push_back(false);
      dashed.push_back(s.dashed);
    }
  if (!entries.empty()) {
    double w = 0;
    for (const auto& e : entries) w = std::max(w, text_width(e.first, 7.5));
    const double box_w = w + 30, box_h = 11.0 * static_cast<double>(entries.size()) + 6;
    const double bx = right - box_w - 6, by = top + 6;
    items.push_back(Polygon{{{bx, by}, {bx + box_w, by}, {bx + box_w, by + box_h}, {bx, by + box_h}}, {1, 1, 1, 0.85}});
    items.push_back(Polyline{{{bx, by}, {bx + box_w, by}, {bx + box_w, by + box_h}, {bx, by + box_h}, {bx, by}}, kGrid, 0.6, false});
    for (std::size_t i = 0; i < entries.size(); ++i) {
      const double ly = by + 9 + 11.0 * static_cast<double>(i);
      if (is_area[i])
        items.push_back(Polygon{{{bx + 5, ly - 6}, {bx + 21, ly - 6}, {bx + 21, ly + 1}, {bx + 5, ly + 1}}, entries[i].second});
      else
        items.push_back(Polyline{{{bx + 5, ly - 2.5}, {bx + 21, ly - 2.5}}, entries[i].second, 1.5, dashed[i]});
      items.push_back(Label{{bx + 25, ly}, entries[i].first, 7.5, kText, -1, false, false});
    }
  }
  return scene;
}

}  // namespace pumprig::reports
