#include "gui/app/screenshot.hpp"

#include <GL/gl.h>
#include <cairo.h>

#include <cstdint>
#include <stdexcept>
#include <unordered_set>
#include <vector>

namespace pumprig::gui {

int save_framebuffer_png(const std::string& path, int width, int height) {
  std::vector<std::uint8_t> rgba(static_cast<std::size_t>(width) * height * 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data());
  cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
  const int stride = cairo_image_surface_get_stride(surface);
  unsigned char* data = cairo_image_surface_get_data(surface);
  std::unordered_set<std::uint32_t> colours;
  // OpenGL's rows run bottom-up; cairo's RGB24 is a native-endian 0x00RRGGBB word per pixel.
  for (int y = 0; y < height; ++y) {
    const std::uint8_t* src = &rgba[static_cast<std::size_t>(height - 1 - y) * width * 4];
    auto* dst = reinterpret_cast<std::uint32_t*>(data + static_cast<std::size_t>(y) * stride);
    for (int x = 0; x < width; ++x) {
      const std::uint32_t px = (std::uint32_t{src[x * 4]} << 16) | (std::uint32_t{src[x * 4 + 1]} << 8) | src[x * 4 + 2];
      dst[x] = px;
      if (colours.size() < 100000) colours.insert(px);
    }
  }
  cairo_surface_mark_dirty(surface);
  const cairo_status_t status = cairo_surface_write_to_png(surface, path.c_str());
  cairo_surface_destroy(surface);
  if (status != CAIRO_STATUS_SUCCESS)
    throw std::runtime_error("cannot write the screenshot " + path + ": " + cairo_status_to_string(status));
  return static_cast<int>(colours.size());
}

}  // namespace pumprig::gui
