#include "gui/plot/xy_plot.hpp"

#include <algorithm>
#include <cmath>

namespace pumprig::gui {

void xy_plot(const char* id, const std::string& title, const std::vector<XySeries>& series,
             const std::vector<XyReference>& references, const std::string& x_unit, const std::string& y_unit, ImVec2 size) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton(id, size);
  const ImU32 text = IM_COL32(200, 200, 210, 255), grid = IM_COL32(60, 60, 70, 255);
  const float line_h = ImGui::GetTextLineHeight();

  std::optional<Range> xr, yr;
  const auto grow = [](std::optional<Range>& r, double v) {
    if (!std::isfinite(v)) return;
    r = r ? Range{std::min(r->lo, v), std::max(r->hi, v)} : Range{v, v};
  };
  for (const auto& s : series) {
    for (double v : s.x) grow(xr, v);
    for (double v : s.y) grow(yr, v);
  }
  for (const auto& r : references) grow(yr, r.y);
  PlotTransform tf;
  tf.x = padded(xr.value_or(Range{0, 1}), 0.03, 1e-6);
  tf.y = padded(yr.value_or(Range{0, 1}), 0.08, 1e-6);
  tf.left = p0.x + 70;
  tf.right = p0.x + size.x - 10;
  tf.top = p0.y + 2 * line_h + 6;  // the title and the legend above the plot
  tf.bottom = p0.y + size.y - line_h - 6;

  dl->AddText(ImVec2(p0.x, p0.y), text, title.c_str());
  float lx = tf.left;
  for (const auto& s : series) {
    if (s.name.empty()) continue;  // drawn like the one before it (the lower limit line)
    dl->AddRectFilled(ImVec2(lx, p0.y + line_h + 6), ImVec2(lx + 10, p0.y + line_h + 14), s.color);
    dl->AddText(ImVec2(lx + 13, p0.y + line_h + 2), text, s.name.c_str());
    lx += ImGui::CalcTextSize(s.name.c_str()).x + 30;
  }
  dl->AddRectFilled(ImVec2(tf.left, tf.top), ImVec2(tf.right, tf.bottom), IM_COL32(22, 24, 30, 255));
  for (const Tick& t : nice_ticks(tf.y, std::max(3, static_cast<int>((tf.bottom - tf.top) / 24)), y_unit)) {
    const float y = tf.y_px(t.value);
    dl->AddLine(ImVec2(tf.left, y), ImVec2(tf.right, y), grid);
    dl->AddText(ImVec2(tf.left - ImGui::CalcTextSize(t.label.c_str()).x - 4, y - line_h / 2), text, t.label.c_str());
  }
  for (const Tick& t : nice_ticks(tf.x, std::max(3, static_cast<int>((tf.right - tf.left) / 80)), x_unit)) {
    const float x = tf.x_px(t.value);
    dl->AddLine(ImVec2(x, tf.top), ImVec2(x, tf.bottom), grid);
    dl->AddText(ImVec2(x - ImGui::CalcTextSize(t.label.c_str()).x / 2, tf.bottom + 2), text, t.label.c_str());
  }
  dl->PushClipRect(ImVec2(tf.left, tf.top), ImVec2(tf.right, tf.bottom), true);
  for (const auto& r : references) {
    const float y = tf.y_px(r.y);
    for (float x = tf.left; x < tf.right; x += 10) dl->AddLine(ImVec2(x, y), ImVec2(std::min(x + 6, tf.right), y), r.color);
    dl->AddText(ImVec2(tf.right - ImGui::CalcTextSize(r.label.c_str()).x - 4, y - line_h - 1), r.color, r.label.c_str());
  }
  for (const auto& s : series) {
    std::vector<ImVec2> points;
    for (std::size_t i = 0; i < s.x.size() && i < s.y.size(); ++i)
      if (std::isfinite(s.x[i]) && std::isfinite(s.y[i])) points.emplace_back(tf.x_px(s.x[i]), tf.y_px(s.y[i]));
    if (points.size() > 1) dl->AddPolyline(points.data(), static_cast<int>(points.size()), s.color, 0, 1.5f);
    if (points.size() <= 60)
      for (const auto& p : points) dl->AddCircleFilled(p, 3, s.color);
  }
  dl->PopClipRect();
  dl->AddRect(ImVec2(tf.left, tf.top), ImVec2(tf.right, tf.bottom), IM_COL32(90, 90, 100, 255));
}

}  // namespace pumprig::gui
