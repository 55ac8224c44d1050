#include "gui/plot/strip_chart.hpp"

#include <algorithm>
#include <cmath>

namespace pumprig::gui {

void strip_chart(const char* id, StripChartState& state, const std::vector<ChartSeries>& series, const std::string& unit,
                 const std::vector<ChartMarker>& markers, const std::optional<ChartBand>& band, ImVec2 size, double now_t) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton(id, size);
  const bool hovered = ImGui::IsItemHovered();
  ImGuiIO& io = ImGui::GetIO();

  // Interaction: wheel zooms time, drag pans, double-click follows the live edge again.
  if (hovered && io.MouseWheel != 0) state.window_s = std::clamp(state.window_s * std::pow(0.8, io.MouseWheel), 10.0, 7.0 * 86400);
  const float label_w = 64.f, bottom_h = 18.f;
  const float plot_w = std::max(10.f, size.x - label_w - 6.f);
  if (ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left)) {
    if (state.follow) state.end_t = now_t;
    state.follow = false;
    state.end_t -= io.MouseDelta.x / plot_w * state.window_s;
  }
  if (hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) state.follow = true;
  const double end = state.follow ? std::max(now_t, state.window_s * 0.05) : state.end_t;

  PlotTransform tf;
  tf.x = {end - state.window_s, end};
  tf.left = p0.x + label_w;
  tf.right = tf.left + plot_w;
  tf.top = p0.y + 4;
  tf.bottom = p0.y + size.y - bottom_h;

  // Autoscale y on what is visible (and the band, so a limit is always in view).
  std::optional<Range> yr;
  for (const auto& s : series)
    if (auto r = s.series->value_range(tf.x)) yr = yr ? Range{std::min(yr->lo, r->lo), std::max(yr->hi, r->hi)} : *r;
  if (band && yr) yr = Range{std::min(yr->lo, band->lo), std::max(yr->hi, band->hi)};
  tf.y = padded(yr.value_or(Range{0, 1}), 0.08, 1e-3);

  const ImU32 frame = IM_COL32(90, 90, 100, 255), grid = IM_COL32(60, 60, 70, 255), text = IM_COL32(200, 200, 210, 255);
  dl->AddRectFilled(ImVec2(tf.left, tf.top), ImVec2(tf.right, tf.bottom), IM_COL32(22, 24, 30, 255));
  dl->PushClipRect(ImVec2(p0.x, p0.y), ImVec2(p0.x + size.x, p0.y + size.y), true);

  if (band) {
    const float y0 = std::clamp(tf.y_px(band->hi), tf.top, tf.bottom), y1 = std::clamp(tf.y_px(band->lo), tf.top, tf.bottom);
    dl->AddRectFilled(ImVec2(tf.left, y0), ImVec2(tf.right, y1), band->color);
  }
  const int y_ticks = std::max(3, static_cast<int>((tf.bottom - tf.top) / 22));
  for (const Tick& t : nice_ticks(tf.y, y_ticks, unit)) {
    const float y = tf.y_px(t.value);
    dl->AddLine(ImVec2(tf.left, y), ImVec2(tf.right, y), grid);
    const ImVec2 ts = ImGui::CalcTextSize(t.label.c_str());
    dl->AddText(ImVec2(tf.left - ts.x - 4, y - ts.y / 2), text, t.label.c_str());
  }
  const double x_step = nice_step(tf.x.span(), std::max(2, static_cast<int>(plot_w / 90)));
  for (double v = std::ceil(tf.x.lo / x_step) * x_step; v <= tf.x.hi; v += x_step) {
    const float x = tf.x_px(v);
    dl->AddLine(ImVec2(x, tf.top), ImVec2(x, tf.bottom), grid);
    const std::string label = time_label(v, x_step);
    dl->AddText(ImVec2(x - ImGui::CalcTextSize(label.c_str()).x / 2, tf.bottom + 2), text, label.c_str());
  }

  dl->PushClipRect(ImVec2(tf.left, tf.top), ImVec2(tf.right, tf.bottom), true);
  const int columns = static_cast<int>(plot_w);
  state.cache.resize(series.size());
  for (std::size_t si = 0; si < series.size(); ++si) {
    const ChartSeries& s = series[si];
    DecimationCache& cache = state.cache[si];
    if (cache.series != s.series || cache.points != s.series->size() || cache.lo != tf.x.lo || cache.hi != tf.x.hi ||
        cache.columns != columns) {
      s.series->decimate(tf.x, columns, cache.cols);
      cache.series = s.series;
      cache.points = s.series->size();
      cache.lo = tf.x.lo;
      cache.hi = tf.x.hi;
      cache.columns = columns;
    }
    const std::vector<MinMaxSeries::Column>& cols = cache.cols;
    // One 1-pixel-wide rectangle per column from its lowest to its highest value, stretched to
    // the previous column's last value so the trace is continuous; neighbouring columns that
    // cover the same pixel rows share one rectangle (a flat or slow trace is a few long bars).
    // 4 vertices per rectangle and no anti-aliasing fringe: a software renderer keeps up.
    std::optional<double> prev_last;
    int prev_col = -10;
    int run_start = 0, run_end = -1;  // columns [run_start, run_end] of the pending rectangle
    float run_top = 0, run_bottom = 0;
    auto flush = [&] {
      if (run_end >= run_start)
        dl->AddRectFilled(ImVec2(tf.left + static_cast<float>(run_start), run_top),
                          ImVec2(tf.left + static_cast<float>(run_end) + 1.5f, run_bottom), s.color);
    };
    for (const auto& c : cols) {
      double lo = c.min, hi = c.max;
      const bool joined = prev_last && c.column - prev_col <= 3;  // a gap of more than 3 columns stays open
      if (joined) {
        lo = std::min(lo, *prev_last);
        hi = std::max(hi, *prev_last);
      }
      const float top = std::floor(tf.y_px(hi) - 0.75f), bottom = std::ceil(tf.y_px(lo) + 0.75f);
      // A joined column also covers the empty columns before it (readings sparser than pixels).
      const int from = joined ? prev_col + 1 : c.column;
      if (from == run_end + 1 && top == run_top && bottom == run_bottom) {
        run_end = c.column;
      } else {
        flush();
        run_start = from;
        run_end = c.column;
        run_top = top;
        run_bottom = bottom;
      }
      prev_last = c.last;
      prev_col = c.column;
    }
    flush();
  }
  // Markers: a line each; labels stacked in rows so that none overlaps another.
  std::vector<float> row_end(4, -1e9f);
  for (const auto& m : markers) {
    if (!tf.x.contains(m.t)) continue;
    const float x = tf.x_px(m.t);
    dl->AddLine(ImVec2(x, tf.top), ImVec2(x, tf.bottom), m.color, 1.0f);
    const ImVec2 ts = ImGui::CalcTextSize(m.label.c_str());
    for (std::size_t r = 0; r < row_end.size(); ++r)
      if (x + 2 > row_end[r]) {
        dl->AddText(ImVec2(x + 2, tf.top + 2 + r * (ts.y + 1)), m.color, m.label.c_str());
        row_end[r] = x + 2 + ts.x + 6;
        break;
      }
  }
  dl->PopClipRect();
  dl->AddRect(ImVec2(tf.left, tf.top), ImVec2(tf.right, tf.bottom), frame);
  // Legend above the plot's right edge, off the data.
  float lx = tf.right;
  for (auto it = series.rbegin(); it != series.rend(); ++it) {
    const ImVec2 ts = ImGui::CalcTextSize(it->name.c_str());
    lx -= ts.x + 18;
    dl->AddRectFilled(ImVec2(lx, tf.top + 5), ImVec2(lx + 10, tf.top + 13), it->color);
    dl->AddText(ImVec2(lx + 13, tf.top + 1), text, it->name.c_str());
  }
  if (!state.follow) dl->AddText(ImVec2(tf.left + 4, tf.bottom - 16), IM_COL32(240, 200, 80, 255), "paused view: double-click to follow");
  dl->PopClipRect();
  if (hovered) {
    const double t = tf.x_value(io.MousePos.x);
    ImGui::SetTooltip("t = %s", time_label(t, 1).c_str());
  }
}

}  // namespace pumprig::gui
