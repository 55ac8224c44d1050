#pragma once
// The two backends of a plot Scene: cairo (into the PDF) and SVG text (into the HTML).
#include <string>

#include "reports/plot.hpp"

typedef struct _cairo cairo_t;

namespace pumprig::reports {

// Draws `scene` with its top left corner at (x, y) of the current cairo user space.
void draw_scene(cairo_t* cr, const Scene& scene, double x, double y);

// A complete <svg> element (XHTML-embeddable: namespace declared, text escaped).
std::string scene_to_svg(const Scene& scene);

}  // namespace pumprig::reports
