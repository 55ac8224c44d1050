#pragma once
// Saves the current OpenGL framebuffer as a PNG (through cairo, which the reports use already).
#include <string>

namespace pumprig::gui {

// Throws std::runtime_error when the file cannot be written. Returns how many distinct colours
// the picture has (a blank window has one or two).
int save_framebuffer_png(const std::string& path, int width, int height);

}  // namespace pumprig::gui
