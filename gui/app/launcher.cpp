#include "gui/app/launcher.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>

#include <fmt/format.h>
#include <imgui.h>

#include "gui/model/control_connection.hpp"
#include "rig/control/control_channel.hpp"

namespace pumprig::gui {

std::filesystem::path find_pumprig(const std::optional<std::string>& explicit_path, const std::filesystem::path& self) {
  if (explicit_path) return *explicit_path;
  const auto dir = self.parent_path();
  for (const auto& candidate : {dir / "pumprig", dir.parent_path() / "rig" / "pumprig"})
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  return "pumprig";
}

StartedRun start_run(const LaunchOptions& o, const std::filesystem::path& self) {
  if (!o.scenario) throw std::runtime_error("no scenario to run");
  StartedRun started;
  const std::string name = fmt::format("gui-{}-{}", ::getpid(), std::filesystem::path(*o.scenario).stem().string().substr(0, 30));
  started.socket = control::default_control_path(name);
  started.log = started.socket;
  started.log.replace_extension(".log");
  const std::string exe = find_pumprig(o.pumprig, self).string();
  std::vector<std::string> args = {exe, "run", *o.scenario, "--control", started.socket.string(), "--speed", fmt::format("{}", o.speed), "-q"};
  if (o.fixture) {
    args.push_back("--fixture");
    args.push_back(*o.fixture);
  }
  // Everything the child needs is made before fork(): after it, in a process with threads, only
  // async-signal-safe calls are allowed (no allocation).
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const std::string log_path = started.log.string();
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("cannot start pumprig: fork failed");
  if (pid == 0) {
    ::setsid();  // its own session: the GUI closing (or crashing) never signals the run
    const int log = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (log >= 0) {
      ::dup2(log, 1);
      ::dup2(log, 2);
    }
    const int null = ::open("/dev/null", O_RDONLY);
    if (null >= 0) ::dup2(null, 0);
    ::execvp(argv[0], argv.data());
    ::_exit(127);
  }
  started.pid = pid;
  return started;
}

Launcher::Launcher(LaunchOptions defaults) : options_(std::move(defaults)) {
  const std::string scenario = options_.scenario.value_or("scenarios/iec-accuracy-25mlh.yaml");
  std::strncpy(scenario_, scenario.c_str(), sizeof scenario_ - 1);
  if (options_.fixture) std::strncpy(fixture_, options_.fixture->c_str(), sizeof fixture_ - 1);
  speed_ = static_cast<float>(options_.speed);
}

std::optional<Launcher::Choice> Launcher::draw() {
  const ImGuiIO& io = ImGui::GetIO();
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(io.DisplaySize);
  ImGui::Begin("start", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
  std::optional<Choice> choice;
  ImGui::TextUnformatted("Start a run");
  ImGui::InputText("scenario or suite", scenario_, sizeof scenario_);
  ImGui::InputText("fixture (empty: the embedded simulated bench)", fixture_, sizeof fixture_);
  ImGui::SliderFloat("speed (simulated benches)", &speed_, 1, 1000, "x%.0f", ImGuiSliderFlags_Logarithmic);
  if (ImGui::Button("Start")) {
    Choice c;
    c.launch = options_;
    c.launch.scenario = std::string(scenario_);
    if (fixture_[0]) c.launch.fixture = std::string(fixture_);
    else c.launch.fixture.reset();
    c.launch.speed = speed_;
    choice = c;
  }
  ImGui::Separator();
  ImGui::TextUnformatted("Runs going on this machine");
  if (ImGui::GetTime() - last_scan_ > 2) {
    last_scan_ = ImGui::GetTime();
    sockets_.clear();
    try {
      sockets_ = live_sockets(control::default_control_path("probe").parent_path());
    } catch (const std::exception&) {
    }
  }
  if (sockets_.empty()) ImGui::TextDisabled("none");
  for (const auto& s : sockets_)
    if (ImGui::Button(fmt::format("Attach {}", s.filename().string()).c_str())) choice = Choice{options_, s.string()};
  if (!error_.empty()) ImGui::TextColored(ImVec4(0.95f, 0.3f, 0.3f, 1), "%s", error_.c_str());
  ImGui::End();
  return choice;
}

}  // namespace pumprig::gui
