#pragma once
// The one description of a plot that both the PDF (cairo) and the HTML (SVG) renderers draw.
// `layout_plot` turns it into a Scene of device-space primitives, so axes, ticks, decimation and
// legend are computed once and the two outputs cannot drift apart.
#include <string>
#include <variant>
#include <vector>

namespace pumprig::reports {

struct Color {
  double r = 0, g = 0, b = 0, a = 1;
};

struct Point {
  double x = 0, y = 0;
};

struct Series {
  std::string label;
  std::vector<Point> points;  // data coordinates; NaN y breaks the line
  Color color;
  double width_pt = 1.2;
  bool dashed = false;
  bool markers = false;  // a dot at every point (short series such as the trumpet curve)
};

struct Area {  // a filled polygon in data coordinates (limits shaded)
  std::string label;
  std::vector<Point> polygon;
  Color fill;
};

struct Marker {  // a vertical line at x with a label (occlusion, alarm, release)
  double x = 0;
  std::string label;
  Color color;
};

struct Plot {
  std::string title, x_label, y_label;
  std::vector<Area> areas;
  std::vector<Series> series;
  std::vector<Marker> markers;
  // Axis ranges; when min >= max the range is taken from the data.
  double x_min = 0, x_max = 0, y_min = 0, y_max = 0;
  bool y_include_zero = false;
};

// Device-space primitives (points, origin top left).
struct Polyline {
  std::vector<Point> points;
  Color color;
  double width = 1;
  bool dashed = false;
};
struct Polygon {
  std::vector<Point> points;
  Color fill;
};
struct Circle {
  Point centre;
  double radius = 1.5;
  Color fill;
};
struct Label {
  Point at;
  std::string text;
  double size = 8;
  Color color;
  int anchor = 0;      // -1 start, 0 middle, 1 end (horizontal)
  bool vertical = false;  // rotated 90° counter-clockwise (y axis label)
  bool bold = false;
};
using Primitive = std::variant<Polyline, Polygon, Circle, Label>;

struct Scene {
  double width = 0, height = 0;
  std::vector<Primitive> items;
};

Scene layout_plot(const Plot& plot, double width, double height);

// "Nice" tick values (1, 2, 5 × 10^k steps) covering [lo, hi], about `target` of them.
std::vector<double> nice_ticks(double lo, double hi, int target);

}  // namespace pumprig::reports
