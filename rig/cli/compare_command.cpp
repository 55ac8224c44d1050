#include "rig/cli/compare_command.hpp"

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <tuple>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "rig/cli/json_output.hpp"
#include "rig/record/json_file.hpp"
#include "rig/session/exit_codes.hpp"
#include "rig/config/regression.hpp"
#include "rig/config/scenario.hpp"
#include "rig/kinds/scenario_loading.hpp"
#include "rig/index/compare.hpp"
#include "rig/index/run_index.hpp"
#include "rig/index/run_ref.hpp"
#include "rig/record/run_files.hpp"

namespace pumprig {
namespace {

using nlohmann::json;

struct Side {
  ResolvedRunRef ref;
  std::vector<RunMetric> metrics;
  json run = json::object();
  // What makes two runs comparable: from run.json, or the index entry when the folder is gone.
  std::string scenario_id, fixture, parameters;
};

// The folder's result.json is the record; the index's copy of the metrics (and of the scenario,
// fixture and parameters) serves when the folder has moved or gone.
Side load_side(const ResolvedRunRef& ref, const std::filesystem::path& index_path) {
  Side s;
  s.ref = ref;
  if (auto run = read_json_file(ref.folder / run_files::kRunJson); run && run->is_object()) {
    s.run = std::move(*run);
    s.scenario_id = s.run.contains("scenario") ? string_field(s.run["scenario"], "id") : "";
    s.fixture = s.run.contains("fixture") ? string_field(s.run["fixture"], "name") : "";
    s.parameters = scenario_parameters_text(s.run);
  }
  std::optional<IndexedRun> entry;
  std::error_code ec;
  if (std::filesystem::is_regular_file(index_path, ec)) entry = RunIndex::open_existing(index_path).find(ref.id);
  if (entry && s.run.empty()) {
    s.scenario_id = entry->scenario_id;
    s.fixture = entry->fixture;
    s.parameters = entry->parameters;
  }
  if (auto result = read_run_result(ref.folder / run_files::kResult)) {
    s.metrics = metrics_from_result(*result);
    return s;
  }
  if (entry) {
    s.metrics = entry->metrics;
    return s;
  }
  throw std::runtime_error("run " + ref.id + ": no readable result.json in " + ref.folder.string() +
                           " and no metrics in the index");
}

std::string num(const std::optional<double>& v) { return v ? fmt::format("{:.6g}", *v) : "-"; }

}  // namespace

namespace {

json side_json(const Side& s, const std::string& baseline) {
  json j{{"id", s.ref.id}, {"folder", s.ref.folder.string()}};
  j["baseline"] = baseline.empty() ? json(nullptr) : json(baseline);
  return j;
}

json optional_number(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

std::string row_name(const MetricComparison& r) { return r.test_id + " " + r.metric; }

json comparison_json(const Comparison& c) {
  json rows = json::array();
  for (const auto& r : c.rows)
    rows.push_back(json{{"test", r.test_id},
                        {"metric", r.metric},
                        {"a", optional_number(r.a)},
                        {"b", optional_number(r.b)},
                        {"difference", optional_number(r.difference())},
                        {"a_uncertainty", optional_number(r.ua)},
                        {"b_uncertainty", optional_number(r.ub)},
                        {"judged_by", std::string(to_string(r.judgement))},
                        {"tolerance", r.tolerance ? json(r.tolerance->text()) : json(nullptr)},
                        {"allowed", optional_number(r.allowed)},
                        {"moved", r.moved}});
  return rows;
}

}  // namespace

int run_compare(const CompareCommandOptions& o, std::ostream& out, std::ostream& err) {
  static const std::string kSchema = json_schema::kCompare;
  auto refuse = [&](const std::string& message) {
    if (o.json) print_json_document(out, json_error_document(kSchema, message, kExitUsage));
    err << "pumprig: " << message << "\n";
    return kExitUsage;
  };
  const std::filesystem::path index_path =
      o.index_path.empty() ? std::filesystem::path(o.runs_dir) / kIndexFile : std::filesystem::path(o.index_path);
  if (o.baseline.empty() ? o.runs.size() != 2 : o.runs.size() != 1)
    return refuse("compare needs RUN_A RUN_B, or RUN --baseline NAME");
  Side a, b;
  std::map<std::string, MetricTolerance> tolerances;
  std::string tolerance_source;
  try {
    ResolvedRunRef ref_a, ref_b;
    if (!o.baseline.empty()) {
      const RunIndex index = RunIndex::open_existing(index_path);
      const auto id = index.baseline(o.baseline);
      if (!id) throw std::runtime_error("no baseline \"" + o.baseline + "\" in " + index_path.string());
      const auto entry = index.find(*id);
      if (!entry) throw std::runtime_error("baseline \"" + o.baseline + "\" names run " + *id + ", which is not in the index");
      ref_a = ResolvedRunRef{entry->id, entry->folder};
      ref_b = resolve_run_ref(o.runs[0], index_path);
    } else {
      ref_a = resolve_run_ref(o.runs[0], index_path);
      ref_b = resolve_run_ref(o.runs[1], index_path);
    }
    a = load_side(ref_a, index_path);
    b = load_side(ref_b, index_path);
    // Runs of different scenarios or benches share no metric worth comparing: an occlusion run
    // against an accuracy baseline would compare nothing and pass.
    if (!o.force) {
      for (const auto& [what, in_a, in_b] : {std::tuple{"scenario", a.scenario_id, b.scenario_id},
                                             std::tuple{"fixture", a.fixture, b.fixture}})
        if (!in_a.empty() && !in_b.empty() && in_a != in_b)
          throw std::runtime_error(fmt::format("A ran {} '{}', B ran {} '{}': not comparable (--force compares them all the same)",
                                               what, in_a, what, in_b));
      // The same scenario at another rate or threshold (a matrix run, --param) is another test;
      // a run whose parameters are unknown (recorded before they were kept) could be either.
      if (a.parameters != b.parameters) {
        auto said = [](const std::string& p) { return p.empty() ? std::string("unknown parameters") : "parameters " + p; };
        throw std::runtime_error(fmt::format("A ran with {}, B with {}: not comparable (--force compares them all the same)",
                                             said(a.parameters), said(b.parameters)));
      }
    }
    // Tolerances: the scenario given, else the one run B ran (as recorded in its run.json).
    std::optional<RegressionConfig> rc;
    if (!o.scenario_path.empty()) {
      rc = load_scenario_file(o.scenario_path).regression;
      tolerance_source = o.scenario_path;
    } else if (b.run.contains("scenario") && b.run["scenario"].is_object() && b.run["scenario"].contains("text")) {
      rc = regression_from_scenario_text(b.run["scenario"].value("text", std::string()),
                                         b.ref.id + " run.json scenario");
      tolerance_source = "scenario " + b.run["scenario"].value("id", std::string("?")) + " as run by B";
    }
    if (rc) tolerances = rc->tolerances;
  } catch (const std::exception& e) {
    return refuse(e.what());
  }

  const Comparison c = compare_metrics(a.metrics, b.metrics, tolerances);
  std::vector<std::string> moved, unjudgeable;
  for (const auto& r : c.rows) {
    if (r.moved) moved.push_back(row_name(r));
    if (r.judgement == MetricJudgement::unjudgeable) unjudgeable.push_back(row_name(r));
  }
  // A move is a regression whatever else is unknown; a metric that should be judged but cannot
  // be, or nothing judged at all, is no pass: a CI job must not go green on it.
  const int code = !moved.empty() ? kExitFail : (!unjudgeable.empty() || c.judged() == 0) ? kExitCannotJudge : kExitPass;
  std::string conclusion;
  if (!moved.empty())
    conclusion = fmt::format("{} metric{} moved: {}", moved.size(), moved.size() == 1 ? "" : "s", fmt::join(moved, ", "));
  else if (!unjudgeable.empty())
    conclusion = fmt::format("cannot judge {} metric{} (an uncertainty is stated by only one of the runs, and no "
                             "tolerance is declared): {}",
                             unjudgeable.size(), unjudgeable.size() == 1 ? "" : "s", fmt::join(unjudgeable, ", "));
  else if (c.judged() == 0)
    conclusion = "nothing could be judged: no metric of these runs has a tolerance or an uncertainty (declare "
                 "`regression: tolerances:` in the scenario, or give --scenario FILE)";
  else
    conclusion = fmt::format("no metric moved ({} judged: {} against a tolerance, {} against the combined expanded "
                             "uncertainty)",
                             c.judged(), c.count(MetricJudgement::tolerance), c.count(MetricJudgement::uncertainty));

  if (o.json) {
    print_json_document(out, json{{"schema", kSchema},
                                  {"a", side_json(a, o.baseline)},
                                  {"b", side_json(b, "")},
                                  {"tolerances_from", tolerance_source.empty() ? json(nullptr) : json(tolerance_source)},
                                  {"metrics", comparison_json(c)},
                                  {"moved", moved},
                                  {"cannot_judge", unjudgeable},
                                  {"judged", c.judged()},
                                  {"conclusion", conclusion},
                                  {"exit_code", code}});
    return code;
  }
  out << fmt::format("A: {}{}\nB: {}\n", a.ref.id, o.baseline.empty() ? "" : " (baseline " + o.baseline + ")", b.ref.id);
  out << "tolerances: " << (tolerances.empty() ? "none declared" : "from " + tolerance_source)
      << "; a metric without one is judged against U = sqrt(U_A^2 + U_B^2) (k = 2)\n\n";
  out << fmt::format("{:<24} {:<30} {:>13} {:>13} {:>13} {:>10}  {}\n", "test", "metric", "A", "B", "B - A", "limit", "");
  for (const auto& r : c.rows)
    out << fmt::format("{:<24} {:<30} {:>13} {:>13} {:>13} {:>10}  {}\n", r.test_id, r.metric, num(r.a), num(r.b),
                       num(r.difference()), r.limit_text(), r.status_text());
  out << "\n" << conclusion << "\n";
  return code;
}

void add_compare_command(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<CompareCommandOptions>();
  CLI::App* cmd = app.add_subcommand("compare", "Compare the metrics of two runs, or of a run and a baseline");
  cmd->add_option("runs", o->runs, "RUN_A RUN_B, or RUN with --baseline (id, unique id prefix, or folder)")->required()->expected(1, 2);
  cmd->add_option("--baseline", o->baseline, "Compare RUN with this named baseline");
  auto* runs = cmd->add_option("--runs", o->runs_dir, "Runs folder holding index.sqlite")->capture_default_str();
  cmd->add_option("--index", o->index_path, "Run index file")->excludes(runs);
  cmd->add_option("--scenario", o->scenario_path, "Take the tolerances from this scenario file");
  cmd->add_flag("--force", o->force, "Compare runs of different scenarios or fixtures");
  cmd->add_flag("--json", o->json, "Print one JSON document (schema pumprig.compare/1) instead of the table");
  cmd->callback([o, &exit_code] { exit_code = run_compare(*o, std::cout, std::cerr); });
}

}  // namespace pumprig
