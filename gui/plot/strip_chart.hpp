#pragma once
// A strip chart on ImGui's draw list (Debian has no ImPlot): time on x, one or more series,
// nice ticks with units, a limit band, event markers with labels that never overlap, follow-live,
// pan (drag), zoom on time (wheel), double-click to follow again; y autoscales to what is shown.
// Drawing costs per pixel column (MinMaxSeries::decimate), not per point.
#include <optional>
#include <string>
#include <vector>

#include <imgui.h>

#include "gui/plot/min_max_series.hpp"

namespace pumprig::gui {

struct ChartSeries {
  const MinMaxSeries* series;
  ImU32 color;
  std::string name;
};

struct ChartMarker {
  double t;
  ImU32 color;
  std::string label;
};

struct ChartBand {
  double lo, hi;
  ImU32 color;
  std::string label;
};

// A series' columns as last drawn: reused while the series, the time shown and the width are
// unchanged (a live run brings new readings a few times a second; frames come 60 times).
struct DecimationCache {
  const MinMaxSeries* series = nullptr;
  std::size_t points = 0;
  double lo = 0, hi = 0;
  int columns = 0;
  std::vector<MinMaxSeries::Column> cols;
};

struct StripChartState {
  bool follow = true;
  double window_s = 600;   // the time shown
  double end_t = 0;        // right edge when not following
  std::vector<DecimationCache> cache;  // one per series
};

// Draws into a `size` region at the cursor; `now_t` is the live edge (loop time).
void strip_chart(const char* id, StripChartState& state, const std::vector<ChartSeries>& series, const std::string& unit,
                 const std::vector<ChartMarker>& markers, const std::optional<ChartBand>& band, ImVec2 size, double now_t);

}  // namespace pumprig::gui
