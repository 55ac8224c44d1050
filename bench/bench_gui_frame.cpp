// Frame time of the dashboard with 4 stations, each holding 24 h of 10 Hz data in three series
// (mass, flow, pressure: 864,000 points each, 10.4 million in all), drawn at 1280x800 with every
// chart showing the whole 24 h (the worst case: every pixel column spans 720 points). Run it
// under Xvfb with Mesa's software renderer:
//   xvfb-run -a -s '-screen 0 1280x800x24' build/bench/bench_gui_frame [FRAMES [STATIONS [live]]]
// Goals: median under 16 ms, p99 under 33 ms. Prints the figures; never a test.
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "gui/app/dashboard.hpp"

using namespace pumprig::gui;

int main(int argc, char** argv) {
  const int frames = argc > 1 ? std::atoi(argv[1]) : 300;
  // "live": every frame one more point per series (as if each frame brought a reading), so no
  // frame can reuse the last one's decimation: the worst case. "static": a finished run.
  const bool live = argc > 3 && std::string(argv[3]) == "live";
  LiveRun run;
  const std::size_t n = 864000;
  const auto fill_start = std::chrono::steady_clock::now();
  const int station_count = argc > 2 ? std::atoi(argv[2]) : 4;
  for (int s = 1; s <= station_count; ++s) {
    StationView v;
    v.id = "station-" + std::to_string(s);
    v.state = {{"step", "record 24 h"}, {"step_index", 6}, {"step_count", 7}, {"set_rate_ml_h", 25.0}, {"pump_running", true}};
    for (std::size_t i = 0; i < n; ++i) {
      const double t = i * 0.1;
      v.mass_g.append(t, t * 25.0 / 3600.0 + 0.0002 * std::sin(i * 0.37));
      v.flow_ml_h.append(t, 25.0 + 0.3 * std::sin(i * 0.011) + (i % 100000 == 5 ? 8.0 : 0.0));
      v.pressure_mmhg.append(t, 50.0 + 2.0 * std::sin(i * 0.05));
    }
    run.stations.push_back(std::move(v));
  }
  run.t_s = (n - 1) * 0.1;
  run.run = {{"scenario", "24 h synthetic"}, {"fixture", "bench"}, {"run_id", "bench"}, {"stations", {"station-1", "station-2", "station-3", "station-4"}}};
  const double fill_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - fill_start).count();

  if (!glfwInit()) {
    std::fprintf(stderr, "bench_gui_frame: no display (run under xvfb-run)\n");
    return 2;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  GLFWwindow* window = glfwCreateWindow(1280, 800, "bench", nullptr, nullptr);
  if (!window) return 2;
  glfwMakeContextCurrent(window);
  glfwSwapInterval(0);
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;
  ImGui_ImplGlfw_InitForOpenGL(window, false);
  ImGui_ImplOpenGL3_Init("#version 130");
  Dashboard dashboard([](const nlohmann::json&) { return true; }, [](const std::string&) {});
  // Every chart shows the whole 24 h: the worst case.
  dashboard.set_time_window(86400);
  std::vector<double> ms, build_ms, draw_ms;
  for (int f = 0; f < frames + 10; ++f) {
    const auto t0 = std::chrono::steady_clock::now();
    if (live) {
      run.t_s += 0.1;
      for (auto& v : run.stations) {
        v.mass_g.append(run.t_s, *v.mass_g.last_value());
        v.flow_ml_h.append(run.t_s, 25.0);
        v.pressure_mmhg.append(run.t_s, 50.0);
      }
    }
    glfwPollEvents();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    const auto d0 = std::chrono::steady_clock::now();
    dashboard.draw(run);
    ImGui::Render();
    if (f >= 10) draw_ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - d0).count());
    const auto t1 = std::chrono::steady_clock::now();
    if (f >= 10) build_ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    glViewport(0, 0, 1280, 800);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    glfwSwapBuffers(window);
    glFinish();
    if (f >= 10) ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  std::sort(build_ms.begin(), build_ms.end());
  std::sort(draw_ms.begin(), draw_ms.end());
  const auto pct = [&](double p) { return ms[std::min(ms.size() - 1, static_cast<std::size_t>(p * ms.size()))]; };
  std::printf("dashboard frame (%s), 4 stations x 3 series x 864,000 points, 1280x800, %zu frames: median %.2f ms, p99 %.2f ms, max %.2f ms"
              " (filling the series took %.2f s)\n",
              live ? "live: new data every frame" : "static: a finished run", ms.size(), pct(0.5), pct(0.99), ms.back(), fill_s);
  std::printf("  of which: events and the frame's start (GLFW, X) plus drawing %.2f ms, drawing alone (panels, decimation, ImGui)"
              " %.2f ms; the rest is OpenGL (Mesa llvmpipe) and the swap; %d vertices\n",
              build_ms[build_ms.size() / 2], draw_ms[draw_ms.size() / 2], ImGui::GetDrawData() ? ImGui::GetDrawData()->TotalVtxCount : 0);
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  glfwTerminate();
  return 0;
}
