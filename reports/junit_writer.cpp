#include "reports/junit_writer.hpp"

#include <fmt/format.h>

#include "reports/report_builder.hpp"
#include "reports/report_values.hpp"
#include "reports/xml_text.hpp"
#include "rig/record/run_verdict.hpp"
#include "rig/record/run_status.hpp"
#include "rig/record/utc_time.hpp"

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

Case check_case(const Check& c, const std::string& classname) {
  Case k;
  k.name = c.name.empty() ? "check" : c.name;
  k.classname = classname;
  const std::string value = c.value ? fmt::format("{:.6g}", *c.value) : "none";
  const std::string limit = check_limit_text(c);
  k.detail = fmt::format("measured {} ; limit {} ; verdict {}", value, limit, to_string(c.verdict));
  if (c.verdict == Verdict::fail) {
    k.outcome = "failure";
    k.type = "fail";
    k.message = fmt::format("{} = {} breaks the limit {}", k.name, value, limit);
  } else if (c.verdict != Verdict::pass) {
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
  } else if (verdict != "pass" && verdict != "measured") {
    // Measured (no limits: nothing judged, nothing failed) passes like the run's exit code 0;
    // its detail says it was not judged.
    k.outcome = "error";
    k.type = "inconclusive";
    k.message = k.detail;
  }
  return k;
}

// A test's verdict case: a failure's message is the check that failed, with its value and limit
// (what a CI page shows first), an inconclusive one the first check that could not be judged or
// else the notes; the detail keeps the verdict and every note.
Case test_verdict_case(const TestResult& t, const std::string& classname, const std::vector<Case>& check_cases) {
  std::string notes;
  for (const auto& n : t.notes) notes += (notes.empty() ? "" : "; ") + n;
  Case k = verdict_case("verdict", classname, std::string(to_string(t.verdict)), notes);
  const char* wanted = t.verdict == Verdict::fail ? "failure" : t.verdict == Verdict::inconclusive ? "error" : nullptr;
  if (wanted)
    for (const auto& c : check_cases)
      if (c.outcome == wanted) {
        k.message = c.message;
        break;
      }
  return k;
}

// Wall seconds from run.json's start to its end; 0 when either is missing (a killed run).
double wall_seconds(const json& run_json) {
  const auto start = parse_utc_iso(str(run_json, "start_utc")), end = parse_utc_iso(str(run_json, "end_utc"));
  if (!start || !end || *end < *start) return 0.0;
  return std::chrono::duration<double>(*end - *start).count();
}


// The suites of one run: the run itself with its stations, then one per test of result.json.
std::vector<Suite> run_suites(const RunFolderContents& run) {
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
  // JUnit time is wall time: the whole run's, on the run's suite (the tests ran within it, in
  // parallel); each test's simulated duration is a property.
  rs.time_s = wall_seconds(run.run);
  // The run's own simulated (station) time: the last recorded event's.
  if (!run.events.empty())
    if (const auto t = run.events.back().find("t_s"); t != run.events.back().end() && t->is_number())
      rs.properties.push_back({"simulated_duration_s", fmt::format("{:g}", t->get<double>())});
  if (run.result)
    for (const auto& st : run.result->run.station_list()) {
      const std::string id = st.id.empty() ? "station" : st.id;
      const std::string cls = prefix + ".station." + id;
      rs.cases.push_back(verdict_case("station " + id + " completed", cls, st.status == RunStatus::finished ? "pass" : "aborted", st.reason));
      for (const auto& c : st.checks) rs.cases.push_back(check_case(c, cls));
    }
  // A run that judged nothing (result.json missing, or no test declared) must not read as green:
  // its overall verdict (the same as everywhere else) becomes an error case.
  if (!run.result || run.result->tests.empty())
    if (const RunVerdict v = run_verdict(run); v.outcome == OverallVerdict::inconclusive)
      rs.cases.push_back(verdict_case("analysis results", run_class, "inconclusive", v.reason));
  suites.push_back(std::move(rs));

  if (run.result)
    for (const auto& t : run.result->tests) {
      Suite s;
      const std::string id = t.id.empty() ? "test" : t.id;
      s.name = id;
      const std::string cls = prefix + "." + id;
      s.properties = {{"kind", t.kind}, {"station", t.station}, {"method", t.method}};
      if (const json& d = t.field("test_duration_min"); d.is_number())
        s.properties.push_back({"simulated_duration_s", fmt::format("{:g}", d.get<double>() * 60)});
      else if (const json& d = t.field("duration_s"); d.is_number())
        s.properties.push_back({"simulated_duration_s", fmt::format("{:g}", d.get<double>())});
      for (const auto& c : t.checks) s.cases.push_back(check_case(c, cls));
      s.cases.push_back(test_verdict_case(t, cls, s.cases));
      suites.push_back(std::move(s));
    }
  return suites;
}

std::string render_testsuites(const std::string& name, const std::vector<Suite>& suites) {
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
                 xml_escape(name), tests, failures, errors, time_s);
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

}  // namespace

std::string run_to_junit(const RunFolderContents& run) {
  return render_testsuites("pumprig " + run_facts(run).run_id, run_suites(run));
}

std::string suite_to_junit(const std::string& suite_id, const std::vector<SuiteJunitEntry>& entries) {
  std::vector<Suite> suites;
  for (const auto& e : entries) {
    Suite s;
    s.name = e.name;
    if (!e.run) {
      s.properties = {{"scenario", e.name}};
      Case k;
      k.name = "run";
      k.classname = "pumprig." + e.name;
      k.outcome = "error";
      k.type = "not run";
      k.message = e.not_run_reason.empty() ? std::string("not run") : e.not_run_reason;
      k.detail = k.message;
      s.cases.push_back(std::move(k));
      suites.push_back(std::move(s));
      continue;
    }
    // One testsuite per scenario: its run's cases, its wall time, and its tests' simulated
    // durations as properties named by test.
    const std::vector<Suite> parts = run_suites(*e.run);
    s.time_s = parts.front().time_s;
    s.properties = parts.front().properties;
    s.properties.push_back({"folder", e.folder});
    for (std::size_t i = 1; i < parts.size(); ++i)
      for (const auto& [k, v] : parts[i].properties)
        if (k == "simulated_duration_s") s.properties.push_back({parts[i].name + "." + k, v});
    for (const auto& part : parts) s.cases.insert(s.cases.end(), part.cases.begin(), part.cases.end());
    // The class names carry the run's name: six runs of one scenario over a matrix are six sets of
    // cases, not one that CI tools would merge by classname and name.
    const std::string from = "pumprig." + run_facts(*e.run).scenario_id, to = "pumprig." + e.name;
    if (from != to)
      for (auto& c : s.cases)
        if (c.classname.rfind(from, 0) == 0) c.classname = to + c.classname.substr(from.size());
    suites.push_back(std::move(s));
  }
  return render_testsuites("pumprig suite " + suite_id, suites);
}

}  // namespace pumprig::reports
