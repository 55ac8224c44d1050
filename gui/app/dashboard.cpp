#include "gui/app/dashboard.hpp"
#include "rig/core/fixed_text.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <imgui.h>

#include "gui/plot/xy_plot.hpp"
#include "rig/core/safe_text.hpp"

namespace pumprig::gui {

namespace {

using nlohmann::json;

const ImU32 kMass = IM_COL32(90, 170, 250, 255), kFlow = IM_COL32(120, 220, 120, 255), kPressure = IM_COL32(250, 160, 70, 255);
const ImVec4 kRed(0.95f, 0.3f, 0.3f, 1), kGreen(0.4f, 0.85f, 0.4f, 1), kAmber(0.95f, 0.75f, 0.3f, 1), kGrey(0.6f, 0.6f, 0.65f, 1);

std::string num(const json& j, const char* key, const char* format, const char* none = "-") {
  const auto it = j.find(key);
  if (it == j.end() || !it->is_number()) return none;
  return fmt::format(fmt::runtime(format), it->get<double>());
}

bool flag(const json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_boolean() && it->get<bool>();
}

std::string text_of(const json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string hms(double s) {
  const auto t = static_cast<long long>(std::max(0.0, s));
  return fmt::format("{:02}:{:02}:{:02}", t / 3600, (t / 60) % 60, t % 60);
}

ImVec4 verdict_colour(const std::string& v) {
  if (v == "PASS") return kGreen;
  if (v == "FAIL" || v == "ABORTED") return kRed;
  return kAmber;
}

// Events worth a line on a chart.
std::optional<ImU32> marker_colour(const EventView& e) {
  if (e.kind == "occluder" || e.kind == "door") return IM_COL32(200, 120, 250, 255);
  if (e.kind == "alarm") return IM_COL32(250, 80, 80, 255);
  if (e.kind == "fault" || e.kind == "abort" || e.kind == "deviation" || e.kind == "interlock") return IM_COL32(250, 60, 60, 255);
  if (e.kind == "pump" && (e.message.find("started") != std::string::npos || e.message.find("stopped") != std::string::npos))
    return IM_COL32(160, 200, 160, 255);
  return std::nullopt;
}

std::string marker_label(const EventView& e) {
  std::string m = e.message.substr(0, 24);
  return m.size() < e.message.size() ? m + "..." : m;
}

}  // namespace

void Dashboard::set_time_window(double seconds) {
  default_window_s_ = seconds;
  for (auto& [key, state] : charts_) state.window_s = seconds;
}

StripChartState& Dashboard::chart(const std::string& key) {
  auto [it, added] = charts_.try_emplace(key);
  if (added) it->second.window_s = default_window_s_;
  return it->second;
}

bool Dashboard::tab(const char* label, const char* name) {
  const bool select = select_tab_ == name;
  const bool open = ImGui::BeginTabItem(label, nullptr, select ? ImGuiTabItemFlags_SetSelected : 0);
  if (select) select_tab_.clear();
  return open;
}

std::vector<std::string> Dashboard::draw(LiveRun& run) {
  drawn_.clear();
  std::lock_guard lock(run.mutex);
  const ImGuiIO& io = ImGui::GetIO();
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(io.DisplaySize);
  ImGui::Begin("pumprig", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBringToFrontOnFocus);
  run_control(run);
  if (ImGui::BeginTabBar("tabs")) {
    if (tab("Live", "live")) {
      drawn_.push_back("live");
      const float h = ImGui::GetContentRegionAvail().y;
      const auto n = std::max<std::size_t>(1, run.stations.size());
      const float each = std::max(220.f, (h - 8.f * static_cast<float>(n - 1)) / static_cast<float>(n));
      ImGui::BeginChild("stations", ImVec2(0, 0));
      for (auto& s : run.stations) station_panel(run, s, each);
      if (run.stations.empty()) ImGui::TextColored(kGrey, "No run yet: %s", run.connection_status.c_str());
      ImGui::EndChild();
      ImGui::EndTabItem();
    }
    if (tab("Bench", "bench")) {
      bench_tab(run);
      ImGui::EndTabItem();
    }
    if (tab("Progress", "progress")) {
      progress_tab(run);
      ImGui::EndTabItem();
    }
    if (tab("Log", "log")) {
      log_tab(run);
      ImGui::EndTabItem();
    }
    if (tab("Results", "results")) {
      results_tab(run);
      ImGui::EndTabItem();
    }
    if (tab("History", "history")) {
      history_tab();
      ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
  }
  prompt_modal(run);
  ImGui::End();
  return drawn_;
}

void Dashboard::run_control(LiveRun& run) {
  drawn_.push_back("run control");
  const json& r = run.run;
  if (r.is_object())
    ImGui::Text("%s  |  %s  |  run %s", text_of(r, "scenario").c_str(), text_of(r, "fixture").c_str(), text_of(r, "run_id").c_str());
  else
    ImGui::TextUnformatted("pumprig dashboard");
  ImGui::TextColored(run.connected ? kGreen : kAmber, "%s", run.connection_status.c_str());
  ImGui::SameLine();
  ImGui::Text("  |  run time %s", hms(run.t_s).c_str());
  if (run.finished.is_object()) {
    const std::string v = text_of(run.finished, "verdict");
    ImGui::SameLine();
    if (run.finished.contains("exit_code"))
      ImGui::TextColored(verdict_colour(v), "  |  %s (exit %d)", v.c_str(), run.finished.value("exit_code", -1));
    else
      ImGui::TextColored(verdict_colour(v), "  |  %s", v.c_str());
    ImGui::SameLine();
    if (ImGui::Button("Open PDF report")) open_(text_of(run.finished, "run_dir") + "/report.pdf");
  } else if (r.is_object() && run.connected) {
    // Abort is always there while a run goes.
    ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.7f, 0.15f, 0.15f, 1));
    if (ImGui::Button("ABORT")) send_({{"type", "abort"}, {"reason", abort_reason_}});
    ImGui::PopStyleColor();
    ImGui::SameLine();
    if (ImGui::Button("Pause")) send_({{"type", "pause"}});
    ImGui::SameLine();
    if (ImGui::Button("Resume")) send_({{"type", "resume"}});
    if (flag(r, "simulated") && !flag(r, "virtual_time")) {
      ImGui::SameLine();
      ImGui::Text("speed x%g", r.value("speed", 1.0));
      for (double s : {1.0, 10.0, 100.0, 1000.0}) {
        ImGui::SameLine();
        if (ImGui::SmallButton(fmt::format("x{:g}", s).c_str())) {
          send_({{"type", "speed"}, {"speed", s}});
          run.run["speed"] = s;
        }
      }
    }
  }
  if (!run.replies.empty()) ImGui::TextColored(kAmber, "controller: %s", run.replies.back().c_str());
}

void Dashboard::station_panel(LiveRun& run, StationView& s, float height) {
  drawn_.push_back("station " + s.id);
  const json& st = s.state;
  ImGui::BeginChild(("st-" + s.id).c_str(), ImVec2(0, height), true);
  // Readouts: what a tester reads from across the room.
  ImGui::Text("%s", s.id.c_str());
  ImGui::SameLine();
  ImGui::TextColored(kGrey, "step %d/%d: %s", st.value("step_index", 0), st.value("step_count", 0), text_of(st, "step").c_str());
  bool lost = false;
  if (st.contains("instruments"))
    for (const auto& i : st["instruments"])
      if (i.is_object() && !flag(i, "connected") && !text_of(i, "identity").empty()) lost = true;
  if (lost) {
    ImGui::SameLine();
    ImGui::TextColored(kRed, "  INSTRUMENT LOST");
  }
  const double set = st.value("set_rate_ml_h", 0.0);
  const auto f30 = s.flow_over(30), f120 = s.flow_over(120);
  ImGui::SetWindowFontScale(1.6f);
  ImGui::Text("%s g", num(st, "mass_g", "{:.4f}").c_str());
  ImGui::SameLine(0, 30);
  ImGui::TextColored(kGreen, "%s ml/h", f30 ? fmt::format("{:.3f}", *f30).c_str() : "-");
  ImGui::SameLine(0, 30);
  ImGui::TextColored(ImVec4(0.98f, 0.63f, 0.27f, 1), "%s mmHg", num(st, "pressure_mmhg", "{:.1f}").c_str());
  ImGui::SetWindowFontScale(1.0f);
  ImGui::TextColored(kGrey, "flow 30 s %s, 2 min %s, set %g ml/h  |  pump %s  |  occluder %s  |  alarm %s",
                     f30 ? (signed_fixed_text(set > 0 ? (*f30 - set) / set * 100 : 0.0, 2) + " %").c_str() : "-",
                     f120 ? fmt::format("{:.3f} ml/h", *f120).c_str() : "-", set, flag(st, "pump_running") ? "RUNNING" : "stopped",
                     flag(st, "occluder_closed") ? "CLOSED" : "open", flag(st, "alarm") ? "ON" : "off");

  // Markers from this station's events.
  std::vector<ChartMarker> markers;
  for (const auto& e : run.events)
    if (e.source == s.id || e.source.find(s.id.substr(s.id.find('-') + 1)) != std::string::npos)
      if (auto c = marker_colour(e)) markers.push_back({e.t_s, *c, marker_label(e)});
  const bool has_pressure = !s.pressure_mmhg.empty();
  const float avail = ImGui::GetContentRegionAvail().y;
  const int charts = has_pressure ? 3 : 2;
  const ImVec2 size(ImGui::GetContentRegionAvail().x, std::max(60.f, (avail - 4.f * charts) / charts));
  strip_chart(("mass" + s.id).c_str(), chart("mass" + s.id), {{&s.mass_g, kMass, "mass"}}, "g", markers, std::nullopt, size, run.t_s);
  std::optional<ChartBand> band;
  if (set > 0) band = ChartBand{set * 0.95, set * 1.05, IM_COL32(60, 120, 60, 60), "set rate ±5 %"};
  strip_chart(("flow" + s.id).c_str(), chart("flow" + s.id), {{&s.flow_ml_h, kFlow, "flow 30 s"}}, "ml/h", markers, band, size, run.t_s);
  if (has_pressure)
    strip_chart(("pressure" + s.id).c_str(), chart("pressure" + s.id), {{&s.pressure_mmhg, kPressure, "line pressure"}}, "mmHg",
                markers, std::nullopt, size, run.t_s);
  ImGui::EndChild();
}

void Dashboard::bench_tab(LiveRun& run) {
  drawn_.push_back("bench");
  // Trouble per instrument, counted from the events this dashboard has seen.
  std::map<std::string, int> errors;
  for (const auto& e : run.events)
    if (e.kind == "retry" || e.kind == "garbled" || e.kind == "line_noise" || e.kind == "fault") ++errors[e.source];
  if (ImGui::BeginTable("bench", 7, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg)) {
    for (const char* h : {"station", "instrument", "role", "identity", "state", "reading age", "errors"})
      ImGui::TableSetupColumn(h, ImGuiTableColumnFlags_WidthStretch, std::string_view(h) == "identity" ? 4.0f : 1.0f);
    ImGui::TableHeadersRow();
    for (const auto& s : run.stations) {
      if (!s.state.contains("instruments")) continue;
      for (const auto& i : s.state["instruments"]) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(s.id.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(text_of(i, "name").c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(text_of(i, "role").c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(text_of(i, "identity").c_str());
        ImGui::TableNextColumn();
        const bool ok = flag(i, "connected");
        ImGui::TextColored(ok ? kGreen : kRed, "%s", ok ? "connected" : (text_of(i, "identity").empty() ? "connecting" : "LOST"));
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(num(i, "age_s", "{:.1f} s").c_str());
        ImGui::TableNextColumn();
        const int n = errors.count(text_of(i, "name")) ? errors[text_of(i, "name")] : 0;
        ImGui::TextColored(n ? kAmber : kGrey, "%d", n);
      }
    }
    ImGui::EndTable();
  }
}

void Dashboard::progress_tab(LiveRun& run) {
  drawn_.push_back("progress");
  for (const auto& s : run.stations) {
    const json& st = s.state;
    const int current = st.value("step_index", 0);
    ImGui::Text("%s  (%s)", s.id.c_str(), flag(st, "finished") ? (flag(st, "aborted") ? "aborted" : "finished") : "running");
    if (st.contains("steps") && st["steps"].is_array()) {
      int n = 0;
      for (const auto& step : st["steps"]) {
        ++n;
        const std::string text = step.is_string() ? step.get<std::string>() : "";
        if (n < current || flag(st, "finished"))
          ImGui::TextColored(kGrey, "  %2d  %s  done", n, text.c_str());
        else if (n == current) {
          std::string extra;
          if (st.contains("step_duration_s") && st["step_duration_s"].is_number())
            extra = fmt::format("  {} of {}, {} left", hms(st.value("step_elapsed_s", 0.0)), hms(st["step_duration_s"].get<double>()),
                                hms(st["step_duration_s"].get<double>() - st.value("step_elapsed_s", 0.0)));
          else
            extra = fmt::format("  for {}", hms(st.value("step_elapsed_s", 0.0)));
          ImGui::TextColored(kGreen, "> %2d  %s%s", n, text.c_str(), extra.c_str());
          if (st.contains("progress") && st["progress"].is_number()) ImGui::ProgressBar(st["progress"].get<float>(), ImVec2(300, 0));
        } else {
          ImGui::Text("  %2d  %s", n, text.c_str());
        }
      }
    }
    ImGui::Separator();
  }
}

void Dashboard::log_tab(LiveRun& run) {
  drawn_.push_back("log");
  ImGui::SetNextItemWidth(160);
  if (ImGui::BeginCombo("station", log_station_filter_.empty() ? "all" : log_station_filter_.c_str())) {
    if (ImGui::Selectable("all")) log_station_filter_.clear();
    for (const auto& s : run.stations)
      if (ImGui::Selectable(s.id.c_str())) log_station_filter_ = s.id;
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  ImGui::SetNextItemWidth(200);
  const char* severities[] = {"all", "warnings and failures", "failures"};
  ImGui::Combo("severity", &log_severity_, severities, 3);
  ImGui::BeginChild("events");
  for (const auto& e : run.events) {
    if (!log_station_filter_.empty() && e.source != log_station_filter_) continue;
    if (log_severity_ == 1 && e.severity == "normal") continue;
    if (log_severity_ == 2 && e.severity != "fail") continue;
    const ImVec4 c = e.severity == "fail" ? kRed : e.severity == "warn" ? kAmber : ImVec4(0.85f, 0.85f, 0.9f, 1);
    ImGui::TextColored(c, "%s  %-10s %-12s %s", hms(e.t_s).c_str(), e.source.c_str(), e.kind.c_str(), e.message.c_str());
  }
  if (ImGui::GetScrollY() >= ImGui::GetScrollMaxY()) ImGui::SetScrollHereY(1.0f);
  ImGui::EndChild();
}

void Dashboard::results_tab(LiveRun& run) {
  drawn_.push_back("results");
  if (!run.finished.is_object()) {
    ImGui::TextColored(kGrey, "The results appear when the run ends.");
    return;
  }
  const std::string v = text_of(run.finished, "verdict");
  ImGui::TextColored(verdict_colour(v), "Overall verdict: %s", v.c_str());
  if (!text_of(run.finished, "reason").empty()) ImGui::TextWrapped("%s", text_of(run.finished, "reason").c_str());
  ImGui::Text("Run folder: %s", text_of(run.finished, "run_dir").c_str());
  if (ImGui::Button("Open PDF report")) open_(text_of(run.finished, "run_dir") + "/report.pdf");
  ImGui::SameLine();
  if (ImGui::Button("Open HTML report")) open_(text_of(run.finished, "run_dir") + "/report.html");
  const std::string dir = text_of(run.finished, "run_dir");
  if (dir != result_dir_) {
    result_dir_ = dir;
    result_ = read_run_result(std::filesystem::path(dir) / "result.json");
  }
  if (result_) {
    results_plots(run);
    return;
  }
  if (ImGui::BeginTable("verdicts", 4, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg)) {
    for (const char* h : {"test", "station", "kind", "verdict"}) ImGui::TableSetupColumn(h);
    ImGui::TableHeadersRow();
    for (const auto& t : run.finished.value("tests", json::array())) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(text_of(t, "id").c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(text_of(t, "station").c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(text_of(t, "kind").c_str());
      ImGui::TableNextColumn();
      ImGui::TextColored(verdict_colour(text_of(t, "verdict")), "%s", text_of(t, "verdict").c_str());
    }
    ImGui::EndTable();
  }
}

namespace {

std::vector<double> field_numbers(const json& array, const char* key) {
  std::vector<double> out;
  if (!array.is_array()) return out;
  for (const auto& e : array) out.push_back(e.is_object() && e.contains(key) && e[key].is_number() ? e[key].get<double>() : NAN);
  return out;
}

std::string check_text(const Check& c) {
  const std::string value = c.value ? fmt::format("{:.4g} {}", *c.value, c.measurand.unit) : "-";
  return fmt::format("{} = {}  {} {:g} {}", c.name, value, to_string(c.comparison), c.limit, c.measurand.unit);
}

}  // namespace

// Each test's verdict and checks, and its plots: the start-up graph and the trumpet curve with
// its limits for an accuracy test.
void Dashboard::results_plots(LiveRun& run) {
  const float w = ImGui::GetContentRegionAvail().x;
  ImGui::BeginChild("tests");
  for (const TestResult& t : result_->tests) {
    const std::string v = fmt::format("{}", to_string(t.verdict));
    ImGui::TextColored(verdict_colour(v == "pass" ? "PASS" : v == "fail" ? "FAIL" : "INCONCLUSIVE"), "%s (%s, %s): %s", t.id.c_str(),
                       t.kind.c_str(), t.station.c_str(), v.c_str());
    for (const Check& c : t.checks)
      ImGui::TextColored(c.verdict == Verdict::pass ? kGreen : c.verdict == Verdict::fail ? kRed : kAmber, "    %s  %s",
                         check_text(c).c_str(), std::string(to_string(c.verdict)).c_str());
    if (t.kind == "accuracy") {
      const json& startup = t.field("startup");
      const double rate = t.field("rate_ml_h").is_number() ? t.field("rate_ml_h").get<double>() : 0;
      if (startup.is_array() && !startup.empty()) {
        xy_plot(("startup" + t.id).c_str(), "Start-up graph (flow per sample interval)",
                {{field_numbers(startup, "t_min"), field_numbers(startup, "flow_ml_h"), IM_COL32(120, 220, 120, 255), "flow"}},
                {{rate, IM_COL32(200, 200, 200, 255), fmt::format("set rate {:g} ml/h", rate)}}, "min", "ml/h", ImVec2(w * 0.49f, 260));
        ImGui::SameLine();
      }
      const json& trumpet = t.field("trumpet");
      if (trumpet.is_array() && !trumpet.empty()) {
        std::vector<XyReference> refs;
        std::vector<double> lim_x, lim_hi, lim_lo;
        for (const Check& c : t.checks)
          if (c.measurand.window_min && c.measurand.quantity == "trumpet_ep_max_pct") {
            lim_x.push_back(*c.measurand.window_min);
            lim_hi.push_back(c.limit);
          } else if (c.measurand.window_min && c.measurand.quantity == "trumpet_ep_min_pct") {
            lim_lo.push_back(c.limit);
          }
        std::vector<XySeries> s = {{field_numbers(trumpet, "window_min"), field_numbers(trumpet, "ep_max_pct"), IM_COL32(250, 160, 70, 255), "Ep(max)"},
                                   {field_numbers(trumpet, "window_min"), field_numbers(trumpet, "ep_min_pct"), IM_COL32(90, 170, 250, 255), "Ep(min)"}};
        if (!lim_x.empty() && lim_hi.size() == lim_x.size()) s.push_back({lim_x, lim_hi, IM_COL32(230, 80, 80, 255), "limits"});
        if (!lim_x.empty() && lim_lo.size() == lim_x.size()) s.push_back({lim_x, lim_lo, IM_COL32(230, 80, 80, 255), ""});
        refs.push_back({t.field("mean_error_pct").is_number() ? t.field("mean_error_pct").get<double>() : 0.0, IM_COL32(200, 200, 200, 255),
                        "mean error A"});
        xy_plot(("trumpet" + t.id).c_str(), "Trumpet curve (observation window P)", s, refs, "min", "%", ImVec2(w * 0.49f, 260));
      }
    }
    if ((t.kind == "occlusion" || t.kind == "free_flow") && run.station(t.station) && !run.station(t.station)->pressure_mmhg.empty()) {
      // The pressure trace at 800 columns: each column's highest value, so the peak is the peak.
      const MinMaxSeries& p = run.station(t.station)->pressure_mmhg;
      std::vector<MinMaxSeries::Column> cols;
      const Range all = p.time_range();
      p.decimate(all, 800, cols);
      XySeries trace{{}, {}, IM_COL32(250, 160, 70, 255), "line pressure (highest per column)"};
      for (const auto& c : cols) {
        trace.x.push_back(all.lo + (c.column + 0.5) * all.span() / 800.0);
        trace.y.push_back(c.max);
      }
      std::vector<XyReference> refs;
      if (t.field("peak_pressure_mmhg").is_number())
        refs.push_back({t.field("peak_pressure_mmhg").get<double>(), IM_COL32(230, 80, 80, 255),
                        fmt::format("peak {:.1f} mmHg", t.field("peak_pressure_mmhg").get<double>())});
      xy_plot(("pressure" + t.id).c_str(), fmt::format("Line pressure, station {} (run time)", t.station), {trace}, refs, "s", "mmHg",
              ImVec2(w, 240));
    }
    ImGui::Separator();
  }
  ImGui::EndChild();
}

// Past runs from the run index, newest first; re-read every few seconds (another run may have
// finished meanwhile). The index is only read: a missing one is said, never made.
void Dashboard::history_tab() {
  drawn_.push_back("history");
  if (ImGui::GetTime() - history_loaded_ > 5 || ImGui::Button("Refresh")) {
    history_loaded_ = ImGui::GetTime();
    try {
      history_ = RunIndex::open_existing(index_path_).list();
      std::reverse(history_.begin(), history_.end());
      history_error_.clear();
    } catch (const std::exception& e) {
      history_.clear();
      history_error_ = e.what();
    }
  }
  ImGui::Text("Run index: %s (%zu runs)", index_path_.string().c_str(), history_.size());
  if (!history_error_.empty()) ImGui::TextColored(kAmber, "%s", history_error_.c_str());
  if (!ImGui::BeginTable("history", 7, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY)) return;
  for (const char* h : {"start (UTC)", "scenario", "fixture", "pumps", "status", "verdict", ""}) ImGui::TableSetupColumn(h);
  ImGui::TableHeadersRow();
  for (const IndexedRun& r : history_) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(r.start_utc.substr(0, 19).c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(r.scenario_id.c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(r.fixture.c_str());
    ImGui::TableNextColumn();
    std::string pumps;
    for (const auto& p : r.pumps) pumps += (pumps.empty() ? "" : ", ") + p.serial;
    ImGui::TextUnformatted(pumps.c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(r.status.c_str());
    ImGui::TableNextColumn();
    const std::string v = ascii_upper(r.verdict);
    ImGui::TextColored(verdict_colour(v), "%s", v.c_str());
    ImGui::TableNextColumn();
    if (open_run_ && ImGui::SmallButton(("Open##" + r.id).c_str())) open_run_(r.folder);
  }
  ImGui::EndTable();
}

void Dashboard::prompt_modal(LiveRun& run) {
  const bool any = !run.prompts.empty();
  if (any && open_prompt_ != run.prompts.front().id) {
    ImGui::OpenPopup("Operator");
    open_prompt_ = run.prompts.front().id;
  }
  ImGui::SetNextWindowSize(ImVec2(520, 0));
  if (ImGui::BeginPopupModal("Operator", nullptr, ImGuiWindowFlags_NoSavedSettings)) {
    // Answered anywhere (the terminal, another client, this one): the dialog goes.
    if (!any || run.prompts.front().id != open_prompt_) {
      ImGui::CloseCurrentPopup();
      open_prompt_ = 0;
    } else {
      const PromptView& p = run.prompts.front();
      drawn_.push_back("prompt");
      ImGui::Text("Station %s asks:", p.station.c_str());
      ImGui::TextWrapped("%s", p.text.c_str());
      if (ImGui::Button("Confirm", ImVec2(120, 0))) send_({{"type", "answer"}, {"prompt", p.id}, {"choice", "confirm"}});
      ImGui::SameLine();
      if (ImGui::Button("Decline", ImVec2(120, 0))) send_({{"type", "answer"}, {"prompt", p.id}, {"choice", "decline"}});
    }
    ImGui::EndPopup();
  }
}

}  // namespace pumprig::gui
