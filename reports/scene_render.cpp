#include "reports/scene_render.hpp"

#include <cairo.h>
#include <pango/pangocairo.h>

#include <fmt/format.h>

#include "reports/xml_text.hpp"

namespace pumprig::reports {
namespace {

void set_color(cairo_t* cr, const Color& c) { cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a); }

std::string svg_color(const Color& c) {
  return fmt::format("rgb({},{},{})", static_cast<int>(c.r * 255 + 0.5), static_cast<int>(c.g * 255 + 0.5),
                     static_cast<int>(c.b * 255 + 0.5));
}

std::string svg_points(const std::vector<Point>& pts) {
  std::string out;
  out.reserve(pts.size() * 14);
  for (const auto& p : pts) fmt::format_to(std::back_inserter(out), "{:.2f},{:.2f} ", p.x, p.y);
  if (!out.empty()) out.pop_back();
  return out;
}

struct CairoDrawer {
  cairo_t* cr;
  void operator()(const Polyline& l) const {
    if (l.points.size() < 2) return;
    cairo_move_to(cr, l.points[0].x, l.points[0].y);
    for (std::size_t i = 1; i < l.points.size(); ++i) cairo_line_to(cr, l.points[i].x, l.points[i].y);
    set_color(cr, l.color);
    cairo_set_line_width(cr, l.width);
    const double dash[] = {4.0, 3.0};
    cairo_set_dash(cr, dash, l.dashed ? 2 : 0, 0);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_stroke(cr);
    cairo_set_dash(cr, nullptr, 0, 0);
  }
  void operator()(const Polygon& p) const {
    if (p.points.size() < 3) return;
    cairo_move_to(cr, p.points[0].x, p.points[0].y);
    for (std::size_t i = 1; i < p.points.size(); ++i) cairo_line_to(cr, p.points[i].x, p.points[i].y);
    cairo_close_path(cr);
    set_color(cr, p.fill);
    cairo_fill(cr);
  }
  void operator()(const Circle& c) const {
    cairo_new_sub_path(cr);
    cairo_arc(cr, c.centre.x, c.centre.y, c.radius, 0, 6.283185307179586);
    set_color(cr, c.fill);
    cairo_fill(cr);
  }
  void operator()(const Label& l) const {
    if (l.text.empty()) return;
    PangoLayout* layout = pango_cairo_create_layout(cr);
    PangoFontDescription* font = pango_font_description_from_string("DejaVu Sans");
    pango_font_description_set_absolute_size(font, l.size * PANGO_SCALE);
    if (l.bold) pango_font_description_set_weight(font, PANGO_WEIGHT_BOLD);
    pango_layout_set_font_description(layout, font);
    pango_layout_set_text(layout, l.text.c_str(), -1);
    int w = 0, h = 0;
    pango_layout_get_size(layout, &w, &h);
    const double width = static_cast<double>(w) / PANGO_SCALE;
    const double baseline = static_cast<double>(pango_layout_get_baseline(layout)) / PANGO_SCALE;
    const double dx = l.anchor < 0 ? 0 : l.anchor == 0 ? -width / 2 : -width;
    cairo_save(cr);
    cairo_translate(cr, l.at.x, l.at.y);
    if (l.vertical) cairo_rotate(cr, -1.5707963267948966);
    cairo_move_to(cr, dx, -baseline);
    set_color(cr, l.color);
    pango_cairo_show_layout(cr, layout);
    cairo_restore(cr);
    pango_font_description_free(font);
    g_object_unref(layout);
  }
};

struct SvgWriter {
  std::string& out;
  void operator()(const Polyline& l) const {
    if (l.points.size() < 2) return;
    fmt::format_to(std::back_inserter(out), "<polyline fill=\"none\" stroke=\"{}\" stroke-opacity=\"{:.2f}\" stroke-width=\"{:.2f}\"{} stroke-linejoin=\"round\" points=\"{}\"/>\n",
                   svg_color(l.color), l.color.a, l.width, l.dashed ? " stroke-dasharray=\"4 3\"" : "", svg_points(l.points));
  }
  void operator()(const Polygon& p) const {
    if (p.points.size() < 3) return;
    fmt::format_to(std::back_inserter(out), "<polygon fill=\"{}\" fill-opacity=\"{:.2f}\" points=\"{}\"/>\n", svg_color(p.fill),
                   p.fill.a, svg_points(p.points));
  }
  void operator()(const Circle& c) const {
    fmt::format_to(std::back_inserter(out), "<circle cx=\"{:.2f}\" cy=\"{:.2f}\" r=\"{:.2f}\" fill=\"{}\"/>\n", c.centre.x,
                   c.centre.y, c.radius, svg_color(c.fill));
  }
  void operator()(const Label& l) const {
    if (l.text.empty()) return;
    const char* anchor = l.anchor < 0 ? "start" : l.anchor == 0 ? "middle" : "end";
    const std::string rotate = l.vertical ? fmt::format(" transform=\"rotate(-90 {:.2f} {:.2f})\"", l.at.x, l.at.y) : "";
    fmt::format_to(std::back_inserter(out), "<text x=\"{:.2f}\" y=\"{:.2f}\" font-size=\"{:.1f}\" text-anchor=\"{}\" fill=\"{}\"{}{}>{}</text>\n",
                   l.at.x, l.at.y, l.size, anchor, svg_color(l.color), l.bold ? " font-weight=\"bold\"" : "", rotate,
                   xml_escape(l.text));
  }
};

}  // namespace

void draw_scene(cairo_t* cr, const Scene& scene, double x, double y) {
  cairo_save(cr);
  cairo_translate(cr, x, y);
  cairo_rectangle(cr, 0, 0, scene.width, scene.height);
  cairo_clip(cr);
  CairoDrawer drawer{cr};
  for (const auto& item : scene.items) std::visit(drawer, item);
  cairo_restore(cr);
}

std::string scene_to_svg(const Scene& scene) {
  std::string out = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {:.0f} {:.0f}\" width=\"100%\" "
      "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" role=\"img\">\n",
      scene.width, scene.height);
  SvgWriter writer{out};
  for (const auto& item : scene.items) std::visit(writer, item);
  out += "</svg>\n";
  return out;
}

}  // namespace pumprig::reports
