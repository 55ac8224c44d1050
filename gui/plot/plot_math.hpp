#pragma once
// The arithmetic of a plot, apart from any drawing: value-to-pixel transforms and tick marks at
// round numbers. Pure, so it is tested without a window.
#include <string>
#include <string_view>
#include <vector>

namespace pumprig::gui {

struct Range {
  double lo = 0, hi = 1;
  double span() const { return hi - lo; }
  bool contains(double v) const { return v >= lo && v <= hi; }
};

// Maps data (x right, y up) into a pixel rectangle (x right, y down).
struct PlotTransform {
  Range x, y;
  float left = 0, top = 0, right = 1, bottom = 1;

  float x_px(double v) const;
  float y_px(double v) const;
  double x_value(float px) const;
  double y_value(float py) const;
};

struct Tick {
  double value;
  std::string label;
};

// Ticks at 1, 2 or 5 times a power of ten inside [lo, hi], at most `max_ticks` of them (at least
// two when the range allows), labelled with just enough decimals to tell them apart, and the unit
// after the last (e.g. "25.0 ml/h"). A degenerate range is widened around its value first.
std::vector<Tick> nice_ticks(Range r, int max_ticks, std::string_view unit = {});
// The step nice_ticks uses.
double nice_step(double span, int max_ticks);

// A range with room around it: `fraction` of the span on both sides, and a span of at least
// `min_span` (a flat trace still gets an axis).
Range padded(Range r, double fraction, double min_span);

// Time on an axis: "45 s", "12:30" (min:s), "1:05:00" (h:min:s).
std::string time_label(double seconds, double step);

}  // namespace pumprig::gui
