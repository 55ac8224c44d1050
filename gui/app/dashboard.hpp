#pragma once
// The dashboard's panels, drawn from a LiveRun with Dear ImGui: run control, live readouts and
// strip charts per station, bench (instruments), progress, log, results. It sends commands only
// through `send` (the control channel); it never touches an instrument. Headless-testable: it
// needs an ImGui context, not a window.
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "gui/model/live_run.hpp"
#include "gui/plot/strip_chart.hpp"
#include "rig/index/run_index.hpp"
#include "rig/record/run_result.hpp"

namespace pumprig::gui {

class Dashboard {
 public:
  using Send = std::function<bool(const nlohmann::json&)>;
  using OpenFile = std::function<void(const std::string& path)>;
  Dashboard(Send send, OpenFile open) : send_(std::move(send)), open_(std::move(open)) {}
  // The History tab: the run index to list, and how to open a listed run for review (another
  // window, so the live run stays in this one).
  void set_history(std::filesystem::path index, OpenFile open_run) {
    index_path_ = std::move(index);
    open_run_ = std::move(open_run);
  }

  // One frame, filling the whole display. Returns the panels drawn this frame ("run control",
  // "station station-1", ...), for the screenshot's report and the tests.
  std::vector<std::string> draw(LiveRun& run);
  // The time every chart shows (they start at 10 min; the wheel changes each one).
  void set_time_window(double seconds);
  // The tab shown at the next frame: "live", "bench", "progress", "log" or "results".
  void select_tab(std::string tab) { select_tab_ = std::move(tab); }

 private:
  void run_control(LiveRun& run);
  void station_panel(LiveRun& run, StationView& s, float height);
  void bench_tab(LiveRun& run);
  void progress_tab(LiveRun& run);
  void log_tab(LiveRun& run);
  void results_tab(LiveRun& run);
  void results_plots(LiveRun& run);
  void prompt_modal(LiveRun& run);
  void history_tab();

  Send send_;
  OpenFile open_;
  StripChartState& chart(const std::string& key);
  std::map<std::string, StripChartState> charts_;
  double default_window_s_ = 600;
  std::string select_tab_;
  std::filesystem::path index_path_ = "runs/index.sqlite";
  OpenFile open_run_;
  std::vector<IndexedRun> history_;
  std::string history_error_;
  double history_loaded_ = -100;
  bool tab(const char* label, const char* name);
  std::vector<std::string> drawn_;
  std::string log_station_filter_;
  int log_severity_ = 0;  // 0 all, 1 warn and fail, 2 fail
  std::string abort_reason_ = "aborted from the dashboard";
  int open_prompt_ = 0;
  // result.json of the finished run, read once from its folder (the GUI runs on the same machine).
  std::string result_dir_;
  std::optional<RunResult> result_;
};

}  // namespace pumprig::gui
