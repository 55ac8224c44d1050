#pragma once
// A small x-y plot on ImGui's draw list for the results view (start-up graph, trumpet curve):
// nice ticks with units on both axes, lines with points, dashed horizontal reference lines
// (a set rate, a limit) with their labels, legend in a row above the plot, off the data.
#include <optional>
#include <string>
#include <vector>

#include <imgui.h>

#include "gui/plot/plot_math.hpp"

namespace pumprig::gui {

struct XySeries {
  std::vector<double> x, y;
  ImU32 color;
  std::string name;
};

struct XyReference {
  double y;
  ImU32 color;
  std::string label;
};

void xy_plot(const char* id, const std::string& title, const std::vector<XySeries>& series,
             const std::vector<XyReference>& references, const std::string& x_unit, const std::string& y_unit, ImVec2 size);

}  // namespace pumprig::gui
