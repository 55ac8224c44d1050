#include "rig/control/control_protocol.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "rig/core/safe_text.hpp"

namespace pumprig::control {

namespace {

using nlohmann::json;

// Shortest text that reads back as the same double; JSON has no NaN or infinity.
void append_number(std::string& out, double v) {
  if (!std::isfinite(v)) {
    out += "null";
    return;
  }
  fmt::format_to(std::back_inserter(out), "{}", v);
}

void append_numbers(std::string& out, std::string_view key, const std::vector<double>& values) {
  out += '"';
  out += key;
  out += "\":[";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i) out += ',';
    append_number(out, values[i]);
  }
  out += ']';
}

void append_flags(std::string& out, std::string_view key, const std::vector<bool>& values) {
  out += '"';
  out += key;
  out += "\":[";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i) out += ',';
    out += values[i] ? '1' : '0';
  }
  out += ']';
}

json run_json(const RunStarted& r) {
  return {{"run_id", r.run_id},        {"run_dir", r.run_dir},       {"fixture", r.fixture_name},
          {"scenario_id", r.scenario_id}, {"scenario", r.scenario_title}, {"simulated", r.simulated},
          {"virtual_time", r.virtual_time}, {"speed", r.speed},          {"stations", r.stations}};
}

json prompt_json(const OperatorPrompt& p) {
  json j = {{"type", "prompt"}, {"id", p.id},          {"station", p.station},
            {"text", p.text},   {"action", p.action}, {"choices", {"confirm", "decline"}}};
  if (p.mass_g > 0) j["mass_g"] = p.mass_g;
  if (p.rate_ml_h > 0) j["rate_ml_h"] = p.rate_ml_h;
  return j;
}

std::optional<double> age_s(Nanos now, std::optional<Nanos> at) {
  if (!at) return std::nullopt;
  return to_seconds(now - *at);
}

json optional_number(std::optional<double> v) { return v && std::isfinite(*v) ? json(*v) : json(nullptr); }

json station_json(const StationSnapshot& st, Nanos now) {
  const LiveStationState& l = st.live;
  json j = {{"id", st.id},
            {"step", l.step},
            {"step_index", l.step_index},
            {"step_count", l.step_count},
            {"steps", l.steps},
            {"finished", st.finished},
            {"aborted", st.aborted},
            {"paused", st.paused},
            {"pump_running", l.pump_running},
            {"set_rate_ml_h", l.set_rate_ml_h},
            {"density_g_ml", l.density_g_ml},
            {"flow_30s_ml_h", l.pump_running ? json(l.flow_ml_h) : json(nullptr)},
            {"occluder_closed", l.occluder_closed},
            {"alarm", l.alarm_sensed}};
  j["progress"] = nullptr;
  j["step_elapsed_s"] = l.step_index > 0 ? json(to_seconds(now - l.step_started_ns)) : json(nullptr);
  j["step_duration_s"] = l.step_duration_ns > 0 ? json(to_seconds(l.step_duration_ns)) : json(nullptr);
  if (l.step_duration_ns > 0 && l.step_index > 0)
    j["progress"] = std::clamp(static_cast<double>(now - l.step_started_ns) / static_cast<double>(l.step_duration_ns), 0.0, 1.0);
  j["mass_g"] = l.last_reading ? json(l.last_reading->mass_g) : json(nullptr);
  j["mass_age_s"] = optional_number(age_s(now, l.last_reading ? std::optional<Nanos>(l.last_reading->t_ns) : std::nullopt));
  j["pressure_mmhg"] = optional_number(l.pressure_mmhg);
  j["pressure_age_s"] = optional_number(age_s(now, l.pressure_at_ns));
  j["t0_s"] = l.test_origin_ns ? json(to_seconds(*l.test_origin_ns)) : json(nullptr);
  json instruments = json::array();
  for (const auto& i : l.instruments)
    instruments.push_back({{"name", i.name},
                           {"role", i.role},
                           {"identity", i.identity},
                           {"connected", i.connected},
                           {"age_s", optional_number(age_s(now, i.last_seen_ns))}});
  j["instruments"] = std::move(instruments);
  return j;
}

const char* severity_name(EventSeverity s) {
  switch (s) {
    case EventSeverity::normal: return "normal";
    case EventSeverity::warn: return "warn";
    case EventSeverity::fail: return "fail";
  }
  return "normal";
}

const json* member(const json& j, const char* key) {
  const auto it = j.find(key);
  return it == j.end() ? nullptr : &*it;
}

std::string optional_text(const json& j, const char* key) {
  const json* v = member(j, key);
  return v && v->is_string() ? v->get<std::string>() : std::string();
}

}  // namespace

std::string dump_line(const json& message) { return message.dump(-1, ' ', false, json::error_handler_t::replace); }

std::string hello_line(const HelloInfo& h) {
  json j = {{"type", "hello"},       {"protocol", kProtocol}, {"software_version", h.software_version},
            {"pid", h.pid},          {"user", h.user},         {"socket", h.socket_path}};
  j["suite"] = h.suite_id.empty() ? json(nullptr) : json(h.suite_id);
  j["run"] = h.run ? run_json(*h.run) : json(nullptr);
  json prompts = json::array();
  for (const auto& p : h.open_prompts) prompts.push_back(prompt_json(p));
  j["open_prompts"] = std::move(prompts);
  return dump_line(j);
}

std::string run_started_line(const RunStarted& run) {
  json j = run_json(run);
  j["type"] = "run_started";
  return dump_line(j);
}

std::string event_line(const RigEvent& e) {
  return dump_line({{"type", "event"},
                    {"t_s", to_seconds(e.t_ns)},
                    {"kind", to_string(e.kind)},
                    {"severity", severity_name(severity_of(e.kind))},
                    {"source", e.source},
                    {"message", e.message},
                    {"data", e.data.is_null() ? json::object() : e.data}});
}

std::string prompt_line(const OperatorPrompt& prompt) { return dump_line(prompt_json(prompt)); }

std::string prompt_closed_line(int id, const OperatorAnswer& a) {
  return dump_line({{"type", "prompt_closed"}, {"id", id}, {"confirmed", a.confirmed}, {"answered_by", a.answered_by}});
}

std::string snapshot_line(const RunSnapshot& snapshot, const std::vector<StationReadings>& readings, double wall_s) {
  // Built by hand around the stations' JSON: the reading columns can hold tens of thousands of
  // numbers at --speed 100 and shortest-form formatting keeps them exact and fast.
  std::string out = "{\"type\":\"snapshot\",\"t_s\":";
  append_number(out, to_seconds(snapshot.now));
  out += ",\"wall_s\":";
  append_number(out, wall_s);
  out += ",\"stations\":[";
  for (std::size_t i = 0; i < snapshot.stations.size(); ++i) {
    if (i) out += ',';
    std::string st = dump_line(station_json(snapshot.stations[i], snapshot.now));
    st.pop_back();  // the closing brace: the readings go inside
    out += st;
    out += ",\"readings\":{";
    static const StationReadings none;
    const StationReadings& r = i < readings.size() ? readings[i] : none;
    append_numbers(out, "t_s", r.t_s);
    out += ',';
    append_numbers(out, "mass_g", r.mass_g);
    out += ',';
    append_flags(out, "stable", r.stable);
    out += "},\"io\":{";
    append_numbers(out, "t_s", r.io_t_s);
    out += ',';
    append_numbers(out, "pressure_mmhg", r.pressure_mmhg);
    out += ',';
    append_flags(out, "occluder_closed", r.occluder_closed);
    out += ',';
    append_flags(out, "alarm", r.alarm);
    out += "}}";
  }
  out += "]}";
  return out;
}

std::string finished_line(const FinishedInfo& f) {
  return dump_line({{"type", "finished"},
                    {"run_id", f.run_id},
                    {"run_dir", f.run_dir},
                    {"verdict", f.verdict},
                    {"reason", f.reason},
                    {"exit_code", f.exit_code},
                    {"tests", f.tests}});
}

std::string reply_line(std::string_view command, const std::string& refused) {
  if (refused.empty()) return dump_line({{"type", "ok"}, {"command", command}});
  return dump_line({{"type", "error"}, {"command", command}, {"message", refused}});
}

std::string dropped_line(const std::string& why) { return dump_line({{"type", "dropped"}, {"message", why}}); }

std::string_view command_name(const ClientCommand& command) {
  return std::visit(
      [](const auto& c) -> std::string_view {
        using T = std::decay_t<decltype(c)>;
        if constexpr (std::is_same_v<T, ClientHello>) return "hello";
        else if constexpr (std::is_same_v<T, AnswerCommand>) return "answer";
        else if constexpr (std::is_same_v<T, AbortCommand>) return "abort";
        else if constexpr (std::is_same_v<T, PauseCommand>) return "pause";
        else if constexpr (std::is_same_v<T, ResumeCommand>) return "resume";
        else return "speed";
      },
      command);
}

std::variant<ClientCommand, CommandError> parse_client_command(std::string_view line) {
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
  const json j = json::parse(line, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return CommandError{"not a JSON object: every command is one JSON object on one line, e.g. {\"type\":\"abort\",\"reason\":\"...\"}"};
  const json* type = member(j, "type");
  if (!type || !type->is_string()) return CommandError{"the command has no \"type\" text"};
  const std::string t = type->get<std::string>();
  if (t == "hello") return ClientCommand{ClientHello{optional_text(j, "client")}};
  if (t == "abort") {
    const json* reason = member(j, "reason");
    if (!reason || !reason->is_string() || reason->get<std::string>().empty())
      return CommandError{"abort needs a \"reason\" text: it goes into the run's record"};
    return ClientCommand{AbortCommand{reason->get<std::string>()}};
  }
  if (t == "answer") {
    const json* prompt = member(j, "prompt");
    if (!prompt || !prompt->is_number_integer() || prompt->get<long long>() < 1 || prompt->get<long long>() > std::numeric_limits<int>::max())
      return CommandError{"answer needs \"prompt\": the prompt's id (a whole number, as the prompt message gave it)"};
    const std::string choice = optional_text(j, "choice");
    if (choice != "confirm" && choice != "decline")
      return CommandError{"answer needs \"choice\": \"confirm\" or \"decline\""};
    return ClientCommand{AnswerCommand{prompt->get<int>(), choice == "confirm", optional_text(j, "text")}};
  }
  if (t == "pause") return ClientCommand{PauseCommand{optional_text(j, "station")}};
  if (t == "resume") return ClientCommand{ResumeCommand{optional_text(j, "station")}};
  if (t == "speed") {
    const json* speed = member(j, "speed");
    if (!speed || !speed->is_number() || !(speed->get<double>() > 0) || !std::isfinite(speed->get<double>()))
      return CommandError{"speed needs \"speed\": a positive number (x real time)"};
    return ClientCommand{SpeedCommand{speed->get<double>()}};
  }
  return CommandError{fmt::format("unknown command type '{}' (hello, answer, abort, pause, resume, speed)",
                                  printable(std::string_view(t).substr(0, 40)))};
}

}  // namespace pumprig::control
