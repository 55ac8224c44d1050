#pragma once
// What the dashboard knows of a run, built only from control-protocol messages
// (rig/control/PROTOCOL.md): the run block, each station's latest state, its traces (mass,
// flow, pressure) with every reading, the events, the open prompts and the verdict. The
// connection's thread applies messages, the GUI thread draws: both under `mutex`.
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "gui/plot/min_max_series.hpp"

namespace pumprig::gui {

struct StationView {
  std::string id;
  nlohmann::json state = nlohmann::json::object();  // the latest snapshot's station, without its readings
  MinMaxSeries mass_g, flow_ml_h, pressure_mmhg;     // loop time
  // Flow over a window ending at the last reading, from the mass trace: (m(t) - m(t - w)) / rho / w.
  std::optional<double> flow_over(double window_s) const;
  double density() const;
  // A balance reading, and the flow point it completes: the mass change over the last
  // kFlowWindowS, when that window starts at or after `flow_from` (none: no flow yet).
  void add_mass(double t_s, double mass_g, std::optional<double> flow_from);
};

struct EventView {
  double t_s = 0;
  std::string kind, severity, source, message;
};

struct PromptView {
  int id = 0;
  std::string station, text, action;
};

class LiveRun {
 public:
  // Applies one message; unknown types and keys are ignored (the protocol may grow).
  void apply(const nlohmann::json& message);
  void apply_line(const std::string& line);
  void set_connection(std::string status, bool connected);

  mutable std::mutex mutex;
  nlohmann::json hello = nullptr, run = nullptr, finished = nullptr;
  std::vector<StationView> stations;
  std::vector<EventView> events;
  std::vector<PromptView> prompts;
  std::vector<std::string> replies;  // the controller's error replies, newest last
  double t_s = 0;                    // loop time of the last snapshot
  bool connected = false;
  std::string connection_status = "not connected";
  std::size_t messages = 0;

  StationView* station(const std::string& id);

 private:
  void start_run(const nlohmann::json& run_block);
  void add_readings(StationView& s, const nlohmann::json& readings, const nlohmann::json& io);
};

// Flow derived from a mass trace, per reading: what the dashboard plots (30 s window, as the
// controller's live flow).
inline constexpr double kFlowWindowS = 30.0;

}  // namespace pumprig::gui
