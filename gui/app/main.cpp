// pumprig-gui: the live dashboard. A client of a run's control channel (rig/control/PROTOCOL.md):
// it starts `pumprig run` and attaches, attaches to a run already going, or opens a finished run
// folder. It never touches an instrument, and closing it never stops a run (a run it starts is
// its own session, detached from the GUI).
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cfloat>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <GLFW/glfw3.h>
#include <fmt/format.h>
#include <imgui.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>

#include "gui/app/dashboard.hpp"
#include "gui/app/launcher.hpp"
#include "gui/app/screenshot.hpp"
#include "gui/model/control_connection.hpp"
#include "gui/model/run_folder_review.hpp"
#include "rig/control/control_channel.hpp"

using namespace pumprig;
using namespace pumprig::gui;

namespace {

void open_detached(const std::string& path) {
  if (fork() == 0) {
    setsid();
    execlp("xdg-open", "xdg-open", path.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
}

// "5s", "5", "500ms", "2min" as seconds.
double parse_after(const std::string& text) {
  std::size_t used = 0;
  const double v = std::stod(text, &used);
  const std::string unit = text.substr(used);
  if (unit.empty() || unit == "s") return v;
  if (unit == "ms") return v / 1000;
  if (unit == "min") return v * 60;
  throw CLI::ValidationError("--after", "a duration such as 5s, 500ms or 1min");
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app("pumprig-gui: the live dashboard of pumprig runs");
  LaunchOptions launch;
  std::optional<std::string> attach, open_dir, screenshot;
  std::string after = "5s";
  int width = 1280, height = 800;
  std::string tab = "live";
  std::string index = "runs/index.sqlite";
  app.add_option("--fixture", launch.fixture, "Bench description for a run started here (default: the embedded simulated bench)");
  app.add_option("--run", launch.scenario, "Scenario or suite to start and attach to");
  app.add_option("--speed", launch.speed, "Speed of a run started here (simulated benches)")->capture_default_str();
  app.add_option("--pumprig", launch.pumprig, "The pumprig executable (default: next to this one, the build tree, then PATH)");
  app.add_option("--attach", attach, "Control socket of a run already going");
  app.add_option("--open", open_dir, "A finished run folder to review");
  app.add_option("--screenshot", screenshot, "Save the window as PNG after --after of wall time and exit 0");
  app.add_option("--after", after, "When to take the screenshot (e.g. 5s)")->capture_default_str();
  app.add_option("--tab", tab, "The tab to show first")->check(CLI::IsMember({"live", "bench", "progress", "log", "results", "history"}))->capture_default_str();
  app.add_option("--index", index, "Run index for the History tab")->capture_default_str();
  app.add_option("--width", width, "Window width")->capture_default_str();
  app.add_option("--height", height, "Window height")->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  double after_s = 5;
  try {
    after_s = parse_after(after);
  } catch (const std::exception&) {
    std::cerr << "pumprig-gui: --after takes a duration such as 5s, 500ms or 1min\n";
    return 2;
  }
  signal(SIGCHLD, SIG_DFL);

  LiveRun run;
  std::unique_ptr<ControlConnection> connection;
  std::optional<StartedRun> started;
  try {
    if (open_dir) {
      load_run_folder_into(*open_dir, run);
    } else if (attach) {
      connection = std::make_unique<ControlConnection>(*attach, run);
    } else if (launch.scenario) {
      started = start_run(launch, std::filesystem::canonical("/proc/self/exe"));
      connection = std::make_unique<ControlConnection>(started->socket, run);
    }
  } catch (const std::exception& e) {
    std::cerr << "pumprig-gui: " << e.what() << "\n";
    return 2;
  }

  if (!glfwInit()) {
    std::cerr << "pumprig-gui: cannot open a window (no display? run under xvfb-run for screenshots)\n";
    return 2;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  GLFWwindow* window = glfwCreateWindow(width, height, "pumprig", nullptr, nullptr);
  if (!window) {
    std::cerr << "pumprig-gui: cannot create an OpenGL 3 window\n";
    glfwTerminate();
    return 2;
  }
  glfwMakeContextCurrent(window);
  glfwSwapInterval(screenshot ? 0 : 1);
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;
  ImGui::StyleColorsDark();
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init("#version 130");

  auto send = [&](const nlohmann::json& command) { return connection && connection->send(command); };
  Dashboard dashboard(send, open_detached);
  dashboard.select_tab(tab);
  const std::string self = std::filesystem::canonical("/proc/self/exe").string();
  dashboard.set_history(index, [self](const std::string& dir) {
    // Another window for the past run: this one stays on the live run. Nothing is allocated
    // after fork() (threads run in this process).
    if (fork() == 0) {
      setsid();
      execl(self.c_str(), self.c_str(), "--open", dir.c_str(), "--tab", "results", static_cast<char*>(nullptr));
      _exit(127);
    }
  });
  Launcher launcher(launch);
  const auto start = std::chrono::steady_clock::now();
  int exit_code = 0;
  while (!glfwWindowShouldClose(window)) {
    glfwPollEvents();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    // A screenshot shows the dashboard, not a tooltip where the virtual pointer happens to be.
    if (screenshot) ImGui::GetIO().MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
    ImGui::NewFrame();
    std::vector<std::string> panels;
    if (!connection && !open_dir) {
      // Nothing attached yet: start a run or attach to one.
      if (auto chosen = launcher.draw()) {
        try {
          if (chosen->attach) {
            connection = std::make_unique<ControlConnection>(*chosen->attach, run);
          } else {
            started = start_run(chosen->launch, std::filesystem::canonical("/proc/self/exe"));
            connection = std::make_unique<ControlConnection>(started->socket, run);
          }
        } catch (const std::exception& e) {
          launcher.set_error(e.what());
        }
      }
      panels.push_back("launcher");
    } else {
      panels = dashboard.draw(run);
    }
    ImGui::Render();
    int w, h;
    glfwGetFramebufferSize(window, &w, &h);
    glViewport(0, 0, w, h);
    glClearColor(0.08f, 0.09f, 0.11f, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    if (screenshot && std::chrono::steady_clock::now() - start >= std::chrono::duration<double>(after_s)) {
      try {
        const int colours = save_framebuffer_png(*screenshot, w, h);
        std::string list;
        for (const auto& p : panels) list += (list.empty() ? "" : ", ") + p;
        std::cout << fmt::format("screenshot {} ({}x{}, {} colours); panels: {}", *screenshot, w, h, colours, list) << std::endl;
      } catch (const std::exception& e) {
        std::cerr << "pumprig-gui: " << e.what() << "\n";
        exit_code = 1;
      }
      break;
    }
    glfwSwapBuffers(window);
  }
  // A run started only for a screenshot is aborted; any other run goes on without the GUI.
  if (screenshot && started && connection) {
    bool finished;
    {
      std::lock_guard lock(run.mutex);
      finished = run.finished.is_object();
    }
    if (!finished) connection->send({{"type", "abort"}, {"reason", "started by pumprig-gui only for a screenshot"}});
    int status = 0;
    waitpid(started->pid, &status, 0);
  }
  connection.reset();
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  glfwTerminate();
  return exit_code;
}
