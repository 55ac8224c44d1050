#include "reports/junit_writer.hpp"

#include <fmt/format.h>

#include "reports/report_builder.hpp"
#include "reports/xml_text.hpp"
#include "rig/record/run_verdict.hpp"
#include "rig/record/run_status.hpp"

namespace pumprig::reports {
namespace {

using nlohmann::json;

std::string str(const json& j, const char* key, const std::string& fallback = "") {
  if (!j.is_object() || !j.contains(key)) return fallback;
  const json& v = j[key];
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return fallback;
  return v.dump();
}

std::string value_text(const json& v) {
  if (v.is_number()) return fmt::format("{:.6g}", v.get<double>());
  if (v.is_null()) return "none";
  return v.is_string() ? v.get<std::string>() : v.dump();
}

struct Case {
  std::string name, classname;
  std::string outcome;  // "", "failure", "error"
  std::string type, message, detail;
};

struct Suite {
  std::string name;
  double time_s = 0;
  std::vector<std::pair<std::string, std::string>> properties;
  std::vector<Case> cases;
};

Case check_case(const json& c, const std::string& classname) {
  Case k;
  k.name = str(c, "name", "check");
  k.classname = classname;
  const std::string verdict = str(c, "verdict", "inconclusive");
  const std::string value = value_text(c.value("value", json()));
  const std::string limit = (str(c, "comparison").empty() ? "" : str(c, "comparison") + " ") + value_text(c.value("limit", json()));
  k.detail = fmt::format("measured {} ; limit {} ; verdict {}", value, limit, verdict);
  if (verdict == "fail") {
    k.outcome = "failure";
    k.type = "fail";
    k.message = fmt::format("{} = {} breaks the limit {}", k.name, value, limit);
  } else if (verdict != "pass") {
    k.outcome = "error";
    k.type = "inconclusive";
    k.message = fmt::format("{} inconclusive: measured {} against limit {}; the data cannot show pass or fail", k.name, value, limit);
  }
  return k;
}

Case verdict_case(const std::string& name, const std::string& classname, const std::string& verdict, const std::string& reason) {
  Case k;
  k.name = name;
  k.classname = classname;
  k.detail = "verdict " + verdict + (reason.empty() ? "" : ": " + reason);
  if (verdict == "fail") {
    k.outcome = "failure";
    k.type = "fail";
    k.message = k.detail;
  } else if (verdict == "aborted") {
    k.outcome = "error";
    k.type = "aborted";
    k.message = k.detail;
  } else if (verdict != "pass") {
    k.outcome = "error";
    k.type = "inconclusive";
    k.message = k.detail;
  }
  return k;
}

std::string notes_of(const json& t) {
  std::string out;
  if (t.contains("notes") && t["notes"].is_array())
    for (const auto& n : t["notes"]) out += (out.empty() ? "" : "; ") + (n.is_string() ? n.get<std::string>() : n.dump());
  return out;
}

}  // namespace

std::string run_to_junit(const RunFolderContents& run) {
  const RunFacts facts = run_facts(run);
  const std::string prefix = "pumprig." + (facts.scenario_id.empty() ? std::string("run") : facts.scenario_id);
  std::vector<Suite> suites;

  // The run itself and its stations.
  Suite rs;
  rs.name = "run " + facts.run_id;
  rs.properties = {{"run_id", facts.run_id}, {"provenance", facts.provenance}, {"status", facts.status}};
  const std::string run_class = prefix + ".run";
  rs.cases.push_back(verdict_case("run completed", run_class, facts.ended_normally ? "pass" : "aborted",
                                  str(run.run, "end_reason")));
  const json& result_run = run.result && run.result->contains("run") ? (*run.result)["run"] : json::object();
  if (result_run.contains("stations") && result_run["stations"].is_array())
    for (const auto& st : result_run["stations"]) {
      const std::string id = str(st, "id", "station");
      const std::string cls = prefix + ".station." + id;
      rs.cases.push_back(verdict_case("station " + id + " completed", cls, ended_as(str(st, "status")) == RunStatus::finished ? "pass" : "aborted", str(st, "reason")));
      if (st.contains("checks") && st["checks"].is_array())
        for (const auto& c : st["checks"]) rs.cases.push_back(check_case(c, cls));
    }
  // A run that judged nothing (result.json missing, or no test declared) must not read as green:
  // its overall verdict (the same as everywhere else) becomes an error case.
  const json* declared = run.result && run.result->contains("tests") ? &(*run.result)["tests"] : nullptr;
  if (!declared || !declared->is_array() || declared->empty())
    if (const RunVerdict v = run_verdict(run); v.outcome == OverallVerdict::inconclusive)
      rs.cases.push_back(verdict_case("analysis results", run_class, "inconclusive", v.reason));
  suites.push_back(std::move(rs));

  if (run.result && run.result->contains("tests") && (*run.result)["tests"].is_array())
    for (const auto& t : (*run.result)["tests"]) {
      Suite s;
      const std::string id = str(t, "id", "test");
      s.name = id;
      const std::string cls = prefix + "." + id;
      s.properties = {{"kind", str(t, "kind")}, {"station", str(t, "station")}, {"method", str(t, "method")}};
      if (t.contains("test_duration_min") && t["test_duration_min"].is_number()) s.time_s = t["test_duration_min"].get<double>() * 60;
      else if (t.contains("duration_s") && t["duration_s"].is_number()) s.time_s = t["duration_s"].get<double>();
      if (t.contains("checks") && t["checks"].is_array())
        for (const auto& c : t["checks"]) s.cases.push_back(check_case(c, cls));
      s.cases.push_back(verdict_case("verdict", cls, str(t, "verdict", "inconclusive"), notes_of(t)));
      suites.push_back(std::move(s));
    }

  std::size_t tests = 0, failures = 0, errors = 0;
  double time_s = 0;
  for (const auto& s : suites) {
    tests += s.cases.size();
    for (const auto& c : s.cases) {
      failures += c.outcome == "failure";
      errors += c.outcome == "error";
    }
    time_s += s.time_s;
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  fmt::format_to(std::back_inserter(out), "<testsuites name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"0\" time=\"{:.3f}\">\n",
                 xml_escape("pumprig " + facts.run_id), tests, failures, errors, time_s);
  for (const auto& s : suites) {
    std::size_t f = 0, e = 0;
    for (const auto& c : s.cases) {
      f += c.outcome == "failure";
      e += c.outcome == "error";
    }
    fmt::format_to(std::back_inserter(out), "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"0\" time=\"{:.3f}\">\n",
                   xml_escape(s.name), s.cases.size(), f, e, s.time_s);
    out += "    <properties>\n";
    for (const auto& [k, v] : s.properties)
      fmt::format_to(std::back_inserter(out), "      <property name=\"{}\" value=\"{}\"/>\n", xml_escape(k), xml_escape(v));
    out += "    </properties>\n";
    for (const auto& c : s.cases) {
      fmt::format_to(std::back_inserter(out), "    <testcase name=\"{}\" classname=\"{}\" time=\"0\">", xml_escape(c.name), xml_escape(c.classname));
      if (!c.outcome.empty())
        fmt::format_to(std::back_inserter(out), "\n      <{0} message=\"{1}\" type=\"{2}\">{3}</{0}>\n    ", c.outcome, xml_escape(c.message),
                       xml_escape(c.type), xml_escape(c.detail));
      else
        fmt::format_to(std::back_inserter(out), "<system-out>{}</system-out>", xml_escape(c.detail));
      out += "</testcase>\n";
    }
    out += "  </testsuite>\n";
  }
  out += "</testsuites>\n";
  return out;
}

}  // namespace pumprig::reports
