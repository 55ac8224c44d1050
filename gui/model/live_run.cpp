#include "gui/model/live_run.hpp"

namespace pumprig::gui {

using nlohmann::json;

double StationView::density() const {
  const auto it = state.find("density_g_ml");
  return it != state.end() && it->is_number() && it->get<double>() > 0 ? it->get<double>() : 1.0;
}

std::optional<double> StationView::flow_over(double window_s) const {
  if (mass_g.size() < 2) return std::nullopt;
  const double t1 = mass_g.t(mass_g.size() - 1);
  const auto m0 = mass_g.value_at(t1 - window_s);
  if (!m0 || t1 - window_s < mass_g.t(0)) return std::nullopt;
  return (*mass_g.last_value() - *m0) / density() / window_s * 3600.0;
}

void StationView::add_mass(double t, double m, std::optional<double> flow_from) {
  mass_g.append(t, m);
  if (!flow_from || t - kFlowWindowS < *flow_from) return;
  if (const auto m0 = mass_g.value_at(t - kFlowWindowS); m0 && t - kFlowWindowS >= mass_g.t(0))
    flow_ml_h.append(t, (m - *m0) / density() / kFlowWindowS * 3600.0);
}

StationView* LiveRun::station(const std::string& id) {
  for (auto& s : stations)
    if (s.id == id) return &s;
  return nullptr;
}

void LiveRun::set_connection(std::string status, bool is_connected) {
  std::lock_guard lock(mutex);
  connection_status = std::move(status);
  connected = is_connected;
}

void LiveRun::apply_line(const std::string& line) {
  const json j = json::parse(line, nullptr, false);
  if (!j.is_object()) return;
  try {
    apply(j);
  } catch (const json::exception&) {
    // A key of an unexpected type: the message is skipped, the dashboard goes on.
  }
}

void LiveRun::start_run(const json& run_block) {
  run = run_block;
  finished = nullptr;
  stations.clear();
  events.clear();
  prompts.clear();
  if (run_block.contains("stations") && run_block["stations"].is_array())
    for (const auto& id : run_block["stations"])
      if (id.is_string()) stations.push_back(StationView{id.get<std::string>(), json::object(), {}, {}, {}});
}

void LiveRun::add_readings(StationView& s, const json& readings, const json& io) {
  if (readings.is_object() && readings.value("t_s", json::array()).is_array()) {
    const json& t = readings["t_s"];
    const json& m = readings.value("mass_g", json::array());
    // The flow trace from the pump start on (before it the tare and the check weight are no flow).
    const auto t0 = s.state.find("t0_s");
    const std::optional<double> flow_from =
        t0 != s.state.end() && t0->is_number() ? std::optional<double>(t0->get<double>()) : std::nullopt;
    for (std::size_t i = 0; i < t.size() && i < m.size(); ++i)
      if (t[i].is_number() && m[i].is_number()) s.add_mass(t[i].get<double>(), m[i].get<double>(), flow_from);
  }
  if (io.is_object() && io.value("t_s", json::array()).is_array()) {
    const json& t = io["t_s"];
    const json& p = io.value("pressure_mmhg", json::array());
    for (std::size_t i = 0; i < t.size() && i < p.size(); ++i)
      if (t[i].is_number() && p[i].is_number()) s.pressure_mmhg.append(t[i].get<double>(), p[i].get<double>());
  }
}

void LiveRun::apply(const json& m) {
  std::lock_guard lock(mutex);
  ++messages;
  const std::string type = m.value("type", "");
  if (type == "hello") {
    hello = m;
    if (m.contains("run") && m["run"].is_object()) start_run(m["run"]);
    if (m.contains("open_prompts") && m["open_prompts"].is_array())
      for (const auto& p : m["open_prompts"])
        prompts.push_back(PromptView{p.value("id", 0), p.value("station", ""), p.value("text", ""), p.value("action", "")});
  } else if (type == "run_started") {
    start_run(m);
  } else if (type == "snapshot") {
    t_s = m.value("t_s", t_s);
    if (m.contains("stations") && m["stations"].is_array())
      for (const auto& st : m["stations"]) {
        if (!st.is_object()) continue;
        StationView* s = station(st.value("id", ""));
        if (!s) continue;
        json state = st;
        state.erase("readings");
        state.erase("io");
        s->state = std::move(state);
        add_readings(*s, st.value("readings", json()), st.value("io", json()));
      }
  } else if (type == "event") {
    events.push_back(EventView{m.value("t_s", 0.0), m.value("kind", ""), m.value("severity", ""), m.value("source", ""),
                               m.value("message", "")});
  } else if (type == "prompt") {
    prompts.push_back(PromptView{m.value("id", 0), m.value("station", ""), m.value("text", ""), m.value("action", "")});
  } else if (type == "prompt_closed") {
    const int id = m.value("id", 0);
    std::erase_if(prompts, [id](const PromptView& p) { return p.id == id; });
  } else if (type == "finished") {
    finished = m;
    prompts.clear();
  } else if (type == "error" || type == "dropped") {
    replies.push_back(m.value("message", ""));
  }
}

}  // namespace pumprig::gui
