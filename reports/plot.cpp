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

  // Legend entries: shaded areas first, then the labelled lines.
  struct Entry {
    std::string label;
    Color color;
    bool area = false, dashed = false;
    double width = 0;  // estimated, with the swatch
  };
  std::vector<Entry> entries;
  for (const auto& a : plot.areas)
    if (!a.label.empty() && std::none_of(entries.begin(), entries.end(), [&](auto& e) { return e.label == a.label; }))
      entries.push_back({a.label, a.fill, true, false, 0});
  for (const auto& sr : plot.series)
    if (!sr.label.empty()) entries.push_back({sr.label, sr.color, false, sr.dashed, 0});
  for (auto& e : entries) e.width = 25 + text_width(e.label, 7.5) + 12;

  // Plot frame: room for tick labels and axis titles, and below the x axis title for the legend
  // (never on the data) and above the frame for the markers' labels (never on the data either).
  double ylab_w = 0;
  for (double t : yticks) ylab_w = std::max(ylab_w, text_width(tick_text(t, ystep), 7.5));
  const double left = 18 + ylab_w + 6, right = width - 10;
  // Legend rows: entries left to right, wrapped at the frame's width.
  std::vector<std::vector<std::size_t>> legend_rows;
  {
    double x = 0;
    for (std::size_t i = 0; i < entries.size(); ++i) {
      if (legend_rows.empty() || (x + entries[i].width > right - left && x > 0)) {
        legend_rows.emplace_back();
        x = 0;
      }
      legend_rows.back().push_back(i);
      x += entries[i].width;
    }
  }
  const double legend_h = legend_rows.empty() ? 0 : 11.0 * static_cast<double>(legend_rows.size()) + 4;

  // Marker labels: markers at (nearly) the same x share one label; each label takes the first row
  // above the frame where it overlaps no other, ending at its line when it would run off the right.
  struct MarkerLabel {
    double x = 0;  // data
    std::string text;
    Color color;
    int row = 0;
    double lo = 0, hi = 0;  // device x extent
    int anchor = -1;
  };
  std::vector<MarkerLabel> mlabels;
  std::vector<const Marker*> shown_markers;
  for (const auto& m : plot.markers)
    if (m.x >= x0 && m.x <= x1) shown_markers.push_back(&m);
  std::stable_sort(shown_markers.begin(), shown_markers.end(), [](const Marker* a, const Marker* b) { return a->x < b->x; });
  const double span_x = x1 - x0;
  for (const Marker* m : shown_markers) {
    if (!mlabels.empty() && std::abs(m->x - mlabels.back().x) <= span_x * 0.004) {
      mlabels.back().text += ", " + m->label;
      continue;
    }
    mlabels.push_back({m->x, m->label, m->color, 0, 0, 0, -1});
  }
  int label_rows = 0;
  {
    const double frame_w = right - left;
    std::vector<std::vector<std::pair<double, double>>> taken;
    for (auto& l : mlabels) {
      const double dx = left + (l.x - x0) / span_x * frame_w, w = text_width(l.text, 7.5);
      l.anchor = dx + 3 + w > right ? 1 : -1;
      l.lo = l.anchor < 0 ? dx + 3 : dx - 3 - w;
      l.hi = l.lo + w;
      int row = 0;
      for (;; ++row) {
        if (row == static_cast<int>(taken.size())) taken.emplace_back();
        const bool clash = std::any_of(taken[row].begin(), taken[row].end(),
                                       [&](auto& t) { return l.lo < t.second + 4 && t.first < l.hi + 4; });
        if (!clash) break;
      }
      taken[row].push_back({l.lo, l.hi});
      l.row = row;
      label_rows = std::max(label_rows, row + 1);
    }
  }
  const double title_h = plot.title.empty() ? 10 : 24;
  // However many labels and legend rows, the frame keeps at least 40 pt for the data.
  label_rows = std::min(label_rows, 3);
  for (auto& l : mlabels) l.row = std::min(l.row, label_rows - 1);
  const double bottom = std::max(height - 34 - legend_h, title_h + 40.0);
  const double top = std::min(title_h + 10.0 * label_rows, bottom - 40.0);
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
  items.push_back(Label{{(left + right) / 2, bottom + 28}, plot.x_label, 8, kText, 0, false, false});
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
  for (const Marker* m : shown_markers)
    items.push_back(Polyline{{{X(m->x), top}, {X(m->x), bottom}}, m->color, 1.0, true});
  for (const auto& l : mlabels) {
    const double ly = top - 3 - 10.0 * (label_rows - 1 - l.row);
    items.push_back(Label{{l.anchor < 0 ? l.lo : l.hi, ly}, l.text, 7.5, l.color, l.anchor, false, false});
  }
  items.push_back(Polyline{{{left, top}, {right, top}, {right, bottom}, {left, bottom}, {left, top}}, kAxis, 0.8, false});

  // Legend, below the x axis title.
  for (std::size_t r = 0; r < legend_rows.size(); ++r) {
    const double ly = bottom + 28 + 13 + 11.0 * static_cast<double>(r);
    double lx = left;
    for (std::size_t i : legend_rows[r]) {
      const Entry& e = entries[i];
      if (e.area)
        items.push_back(Polygon{{{lx, ly - 6}, {lx + 16, ly - 6}, {lx + 16, ly + 1}, {lx, ly + 1}}, e.color});
      else
        items.push_back(Polyline{{{lx, ly - 2.5}, {lx + 16, ly - 2.5}}, e.color, 1.5, e.dashed});
      items.push_back(Label{{lx + 20, ly}, e.label, 7.5, kText, -1, false, false});
      lx += e.width;
    }
  }
  return scene;
}

}  // namespace pumprig::reports
