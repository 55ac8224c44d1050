#pragma once
// Starting a run from the GUI (`pumprig run` as a child in its own session, so closing the GUI
// never stops it) and the start screen that chooses one or attaches to a live one.
#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace pumprig::gui {

struct LaunchOptions {
  std::optional<std::string> fixture, scenario, pumprig;
  double speed = 100;
};

struct StartedRun {
  pid_t pid = 0;
  std::filesystem::path socket, log;
};

// The pumprig executable: `explicit_path`, else next to `self`, else in the build tree beside
// gui/ (../rig/pumprig), else "pumprig" on PATH.
std::filesystem::path find_pumprig(const std::optional<std::string>& explicit_path, const std::filesystem::path& self);
// Throws std::runtime_error when the child cannot be started.
StartedRun start_run(const LaunchOptions& options, const std::filesystem::path& self);

class Launcher {
 public:
  struct Choice {
    LaunchOptions launch;
    std::optional<std::string> attach;
  };
  explicit Launcher(LaunchOptions defaults);
  std::optional<Choice> draw();
  void set_error(std::string e) { error_ = std::move(e); }

 private:
  LaunchOptions options_;
  char scenario_[512] = {};
  char fixture_[512] = {};
  float speed_ = 100;
  std::vector<std::filesystem::path> sockets_;
  double last_scan_ = -10;
  std::string error_;
};

}  // namespace pumprig::gui
