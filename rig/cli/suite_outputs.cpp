#include "rig/cli/suite_outputs.hpp"

#include <nlohmann/json.hpp>

#include "reports/junit_writer.hpp"
#include "reports/report_values.hpp"
#include "rig/cli/json_output.hpp"
#include "rig/record/atomic_write.hpp"
#include "rig/record/run_reader.hpp"
#include "rig/record/utc_time.hpp"

namespace pumprig {

namespace {

using nlohmann::json;

std::string folder_in_suite(const SuiteOutcome& o, const std::filesystem::path& run_dir) {
  if (run_dir.empty()) return "";
  const auto rel = run_dir.lexically_relative(o.dir);
  return rel.empty() || rel.native().starts_with("..") ? run_dir.string() : rel.string();
}

json run_json(const SuiteOutcome& o, const SuiteRunRecord& r) {
  json tests = json::array();
  json failed_checks = json::array();
  if (r.report->result)
    for (const auto& t : r.report->result->tests) {
      tests.push_back(json{{"id", t.id}, {"kind", t.kind}, {"station", t.station}, {"verdict", std::string(to_string(t.verdict))}});
      for (const auto& c : t.checks)
        if (c.verdict == Verdict::fail)
          failed_checks.push_back(json{{"test", t.id},
                                       {"check", c.name},
                                       {"value", c.value ? json(*c.value) : json(nullptr)},
                                       {"limit", reports::check_limit_text(c)}});
    }
  return json{{"name", r.name},
              {"run_id", r.report->result && r.report->result->run.id ? json(*r.report->result->run.id) : json(nullptr)},
              {"folder", folder_in_suite(o, r.report->run_dir)},
              {"verdict", r.verdict},
              {"exit_code", r.report->exit_code},
              {"wall_s", r.wall_s},
              {"sealed", !r.report->manifest_digest.empty()},
              {"tests", tests},
              {"failed_checks", failed_checks}};
}

}  // namespace

void write_suite_outputs(const SuiteOutcome& o) {
  std::vector<reports::SuiteJunitEntry> entries;
  json runs = json::array();
  for (const auto& r : o.runs) {
    reports::SuiteJunitEntry e;
    e.name = r.name;
    e.folder = folder_in_suite(o, r.report->run_dir);
    if (!r.report->run_dir.empty()) e.run = load_run_folder(r.report->run_dir);
    else e.not_run_reason = "not run: " + r.verdict;
    entries.push_back(std::move(e));
    runs.push_back(run_json(o, r));
  }
  json not_run = json::array();
  for (const auto& [name, why] : o.not_run) {
    entries.push_back(reports::SuiteJunitEntry{name, "", std::nullopt, why});
    not_run.push_back(json{{"name", name}, {"reason", why}});
  }
  const Suite& suite = *o.suite;
  write_file_atomically(o.dir / "junit.xml", reports::suite_to_junit(suite.id, entries));
  const json summary{{"schema", json_schema::kSuiteSummary},
                     {"suite", json{{"id", suite.id}, {"title", suite.title}, {"source", suite.source}}},
                     {"folder", o.dir.string()},
                     {"start_utc", utc_iso(o.start)},
                     {"end_utc", utc_iso(o.end)},
                     {"wall_s", std::chrono::duration<double>(o.end - o.start).count()},
                     {"runs", runs},
                     {"not_run", not_run},
                     {"exit_code", o.exit_code}};
  write_file_atomically(o.dir / "summary.json", summary.dump(2, ' ', false, json::error_handler_t::replace) + "\n");
}

}  // namespace pumprig
