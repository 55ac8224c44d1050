#include "rig/analysis/result_json.hpp"

#include "rig/core/json_fields.hpp"

#include <cstdio>
#include <optional>

namespace pumprig {

namespace {

using nlohmann::json;

// Schema 1 wrote a check weight's limit as the text "<nominal> g +- <tolerance> g".
bool parse_band_text(const std::string& text, double& nominal, double& tolerance) {
  char tail = 0;
  return std::sscanf(text.c_str(), "%lf g +- %lf g%c", &nominal, &tolerance, &tail) == 2;
}

constexpr const char* kFrameKeys[] = {"id", "kind", "station", "method", "checks", "verdict", "notes", "deviations"};

bool is_frame_key(const std::string& key) {
  for (const char* k : kFrameKeys)
    if (key == k) return true;
  return false;
}

}  // namespace

json check_to_json(const Check& c) {
  json check = {{"name", c.name},
                {"quantity", c.measurand.quantity},
                {"unit", c.measurand.unit},
                {"value", json_or_null(c.value)},
                {"limit", c.limit},
                {"comparison", to_string(c.comparison)},
                {"verdict", std::string(to_string(c.verdict))}};
  if (c.measurand.window_min) check["window_min"] = *c.measurand.window_min;
  // Written when known, so that a check of an older record reads and writes back unchanged.
  if (!c.limit_source.empty()) check["limit_source"] = c.limit_source;
  if (c.uncertainty) {
    check["uncertainty"] = *c.uncertainty;
    check["decision_rule"] = to_string(c.decision_rule);
    check["within_uncertainty"] = c.within_uncertainty;
  }
  if (c.nominal) {
    check["nominal"] = *c.nominal;
    if (c.value) check["deviation_" + c.measurand.unit] = *c.value - *c.nominal;
  }
  return check;
}

json checks_to_json(const std::vector<Check>& checks) {
  json out = json::array();
  for (const auto& c : checks) out.push_back(check_to_json(c));
  return out;
}

Check check_from_json(const json& j) {
  Check c;
  if (!j.is_object()) return c;
  c.name = string_field(j, "name");
  c.measurand.quantity = string_field(j, "quantity");
  c.measurand.unit = string_field(j, "unit");
  c.measurand.window_min = number_field(j, "window_min");
  c.value = number_field(j, "value");
  c.nominal = number_field(j, "nominal");
  c.comparison = parse_comparison(string_field(j, "comparison")).value_or(CheckComparison::at_most);
  c.verdict = parse_verdict(string_field(j, "verdict")).value_or(Verdict::inconclusive);
  c.limit_source = string_field(j, "limit_source");
  c.uncertainty = number_field(j, "uncertainty");
  c.decision_rule = parse_decision_rule(string_field(j, "decision_rule")).value_or(DecisionRule::simple);
  if (const auto it = j.find("within_uncertainty"); it != j.end() && it->is_boolean()) c.within_uncertainty = it->get<bool>();
  if (const auto limit = number_field(j, "limit")) {
    c.limit = *limit;
  } else if (double nominal = 0, tolerance = 0; parse_band_text(string_field(j, "limit"), nominal, tolerance)) {
    // A schema-1 check weight: typed as schema 2 writes it.
    c.nominal = nominal;
    c.limit = tolerance;
    c.comparison = CheckComparison::abs_at_most;
    if (c.measurand.quantity.empty()) c.measurand.quantity = "check_weight_g";
    if (c.measurand.unit.empty()) c.measurand.unit = "g";
  }
  return c;
}

json uncertainty_to_json(const Uncertainty& u) {
  json budget = json::array();
  for (const auto& r : u.budget)
    budget.push_back({{"source", r.source}, {"input", r.input}, {"distribution", r.distribution}, {"standard", r.standard}});
  return {{"standard", u.standard}, {"expanded", u.expanded}, {"k", u.k}, {"unit", u.unit}, {"budget", std::move(budget)}};
}

std::optional<Uncertainty> uncertainty_from_json(const json& j) {
  if (!j.is_object()) return std::nullopt;
  const auto standard = number_field(j, "standard");
  const auto expanded = number_field(j, "expanded");
  if (!standard || !expanded) return std::nullopt;
  Uncertainty u;
  u.standard = *standard;
  u.expanded = *expanded;
  u.k = number_field(j, "k").value_or(kCoverageFactor);
  u.unit = string_field(j, "unit");
  if (const auto it = j.find("budget"); it != j.end() && it->is_array())
    for (const auto& r : *it)
      if (r.is_object())
        u.budget.push_back({string_field(r, "source"), string_field(r, "input"), string_field(r, "distribution"),
                            number_field(r, "standard").value_or(0.0)});
  return u;
}

void put_uncertainty(json& fields, const std::string& key, const std::optional<Uncertainty>& u) {
  if (u) fields[key + "_uncertainty"] = uncertainty_to_json(*u);
}

json deviation_to_json(const Deviation& d) {
  return {{"t_s", json_or_null(d.t_s)}, {"source", d.source}, {"what", d.what}, {"policy", d.policy}};
}

Deviation deviation_from_json(const json& j) {
  Deviation d;
  if (!j.is_object()) return d;
  d.t_s = number_field(j, "t_s");
  d.source = string_field(j, "source");
  d.what = string_field(j, "what");
  d.policy = string_field(j, "policy");
  return d;
}

const json& TestResult::field(const char* key) const {
  static const json none;
  const auto it = fields.find(key);
  return it == fields.end() ? none : *it;
}

json to_json(const TestResult& t) {
  json j = t.fields.is_object() ? t.fields : json::object();
  j["id"] = t.id;
  j["kind"] = t.kind;
  j["station"] = t.station;
  j["method"] = t.method;
  j["checks"] = checks_to_json(t.checks);
  j["verdict"] = std::string(to_string(t.verdict));
  j["notes"] = t.notes;
  if (!t.deviations.empty()) {
    json deviations = json::array();
    for (const auto& d : t.deviations) deviations.push_back(deviation_to_json(d));
    j["deviations"] = std::move(deviations);
  }
  return j;
}

TestResult test_result_from_json(const json& j) {
  TestResult t;
  if (!j.is_object()) return t;
  t.id = string_field(j, "id");
  t.kind = string_field(j, "kind");
  t.station = string_field(j, "station");
  t.method = string_field(j, "method");
  t.verdict = parse_verdict(string_field(j, "verdict")).value_or(Verdict::inconclusive);
  if (const auto it = j.find("checks"); it != j.end() && it->is_array())
    for (const auto& c : *it) t.checks.push_back(check_from_json(c));
  if (const auto it = j.find("notes"); it != j.end() && it->is_array())
    for (const auto& n : *it) t.notes.push_back(n.is_string() ? n.get<std::string>() : n.dump());
  if (const auto it = j.find("deviations"); it != j.end() && it->is_array())
    for (const auto& d : *it) t.deviations.push_back(deviation_from_json(d));
  for (const auto& [key, value] : j.items())
    if (!is_frame_key(key)) t.fields[key] = value;
  return t;
}

}  // namespace pumprig
