#include "rig/cli/baseline_command.hpp"

#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "rig/cli/index_json.hpp"
#include "rig/cli/json_output.hpp"
#include "rig/session/exit_codes.hpp"
#include "rig/index/run_index.hpp"
#include "rig/index/run_ref.hpp"

namespace pumprig {

namespace {

// Runs one baseline subcommand: what it throws is printed and is a usage error (exit 2). With a
// JSON schema (--json), the error is also the one document on stdout.
template <class F>
int or_usage_error(const std::string& json_schema, std::ostream& out, std::ostream& err, F&& f) {
  try {
    f();
    return kExitPass;
  } catch (const std::exception& e) {
    if (!json_schema.empty()) print_json_document(out, json_error_document(json_schema, e.what(), kExitUsage));
    err << "pumprig: " << e.what() << "\n";
    return kExitUsage;
  }
}

}  // namespace

int run_baseline_set(const std::string& name, const std::string& run, const std::string& index_path, std::ostream& out,
                     std::ostream& err, bool force) {
  return or_usage_error("", out, err, [&] {
    const ResolvedRunRef ref = resolve_run_ref(run, index_path);
    RunIndex index = RunIndex::open_existing(index_path);
    const auto entry = index.find(ref.id);
    if (!entry) throw std::runtime_error("no run \"" + ref.id + "\" in " + index_path);
    // A reference that did not pass (aborted, failed, inconclusive) would make every later run
    // look like a regression fixed, or hide one.
    if (entry->verdict != "pass" && !force)
      throw std::runtime_error(fmt::format("run {} is {} ({}): a baseline must be a run that passed (--force sets it all the same)",
                                           ref.id, entry->verdict.empty() ? "without a verdict" : entry->verdict, entry->status));
    const auto previous = index.baseline(name);
    index.set_baseline(name, ref.id);
    out << "baseline " << name << " = " << ref.id;
    if (previous && *previous != ref.id) out << " (replaces " << *previous << ")";
    else if (previous) out << " (unchanged)";
    out << "\n";
  });
}

int run_baseline_list(const std::string& index_path, std::ostream& out, std::ostream& err, bool json) {
  static const std::string kSchema = json_schema::kBaselines;
  return or_usage_error(json ? kSchema : "", out, err, [&] {
    const RunIndex index = RunIndex::open_existing(index_path);
    const auto all = index.baselines();
    if (json) {
      nlohmann::json list = nlohmann::json::array();
      for (const auto& b : all) {
        const auto entry = index.find(b.run_id);
        list.push_back(nlohmann::json{{"name", b.name},
                                      {"run_id", b.run_id},
                                      {"set_utc", b.set_utc},
                                      {"run", entry ? indexed_run_json(*entry, false) : nlohmann::json(nullptr)}});
      }
      print_json_document(out, nlohmann::json{{"schema", kSchema}, {"index", index_path}, {"baselines", list}, {"exit_code", kExitPass}});
      return;
    }
    out << fmt::format("{:<20} {:<46} {:<14} {}\n", "baseline", "run", "verdict", "set (UTC)");
    for (const auto& b : all) {
      const auto entry = index.find(b.run_id);
      out << fmt::format("{:<20} {:<46} {:<14} {}\n", b.name, b.run_id, entry ? entry->verdict : "(run not in index)",
                         b.set_utc.substr(0, 19));
    }
    out << fmt::format("{} baseline{}\n", all.size(), all.size() == 1 ? "" : "s");
  });
}

int run_baseline_show(const std::string& name, const std::string& index_path, std::ostream& out, std::ostream& err, bool json) {
  static const std::string kSchema = json_schema::kBaseline;
  return or_usage_error(json ? kSchema : "", out, err, [&] {
    const RunIndex index = RunIndex::open_existing(index_path);
    const auto id = index.baseline(name);
    if (!id) throw std::runtime_error("no baseline \"" + name + "\" in " + index_path);
    const auto e = index.find(*id);
    if (json) {
      print_json_document(out, nlohmann::json{{"schema", kSchema},
                                              {"name", name},
                                              {"run_id", *id},
                                              {"run", e ? indexed_run_json(*e, true) : nlohmann::json(nullptr)},
                                              {"exit_code", kExitPass}});
      return;
    }
    out << "baseline " << name << " = " << *id << "\n";
    if (e) {
      out << fmt::format("  scenario {}, fixture {}, {} {}, verdict {}\n  folder {}\n  started {}\n", e->scenario_id, e->fixture,
                         e->provenance, e->status, e->verdict, e->folder, e->start_utc);
      for (const auto& m : e->metrics)
        if (m.metric == "mean_error_pct" || m.metric == "time_to_alarm_s" || m.metric == "bolus_ml" || m.metric == "volume_ml")
          out << fmt::format("  {} {} {:.6g}\n", m.test_id, m.metric, m.value);
    }
  });
}

int run_baseline_rm(const std::string& name, const std::string& index_path, std::ostream& out, std::ostream& err) {
  return or_usage_error("", out, err, [&] {
    RunIndex index = RunIndex::open_existing(index_path);
    const auto id = index.baseline(name);
    if (!id || !index.remove_baseline(name)) throw std::runtime_error("no baseline \"" + name + "\" in " + index_path);
    out << "baseline " << name << " removed (was " << *id << "; the run stays in the index)\n";
  });
}

void add_baseline_command(CLI::App& app, int& exit_code) {
  CLI::App* cmd = app.add_subcommand("baseline", "Named reference runs for `compare --baseline`");
  cmd->require_subcommand(1);
  struct Args {
    std::string name, run, runs_dir = "runs", index_path;
    bool force = false, json = false;
    std::string index() const {
      return index_path.empty() ? (std::filesystem::path(runs_dir) / kIndexFile).string() : index_path;
    }
  };
  auto a = std::make_shared<Args>();
  auto index_options = [a](CLI::App* sub) {
    auto* runs = sub->add_option("--runs", a->runs_dir, "Runs folder holding index.sqlite")->capture_default_str();
    sub->add_option("--index", a->index_path, "Run index file")->excludes(runs);
  };
  CLI::App* set = cmd->add_subcommand("set", "Name a run that passed (id, id prefix or folder; it must be in the index) as a baseline");
  set->add_option("name", a->name, "Baseline name")->required();
  set->add_option("run", a->run, "Run id, unique id prefix, or run folder")->required();
  set->add_flag("--force", a->force, "Set a run that did not pass all the same");
  index_options(set);
  set->callback([a, &exit_code] { exit_code = run_baseline_set(a->name, a->run, a->index(), std::cout, std::cerr, a->force); });
  CLI::App* list = cmd->add_subcommand("list", "The baselines, with their runs and verdicts");
  index_options(list);
  list->add_flag("--json", a->json, "Print one JSON document (schema pumprig.baselines/1) instead of the table");
  list->callback([a, &exit_code] { exit_code = run_baseline_list(a->index(), std::cout, std::cerr, a->json); });
  CLI::App* show = cmd->add_subcommand("show", "One baseline: its run, scenario, fixture, verdict and key metrics");
  show->add_option("name", a->name, "Baseline name")->required();
  index_options(show);
  show->add_flag("--json", a->json, "Print one JSON document (schema pumprig.baseline/1)");
  show->callback([a, &exit_code] { exit_code = run_baseline_show(a->name, a->index(), std::cout, std::cerr, a->json); });
  CLI::App* rm = cmd->add_subcommand("rm", "Remove a baseline (the run stays in the index)");
  rm->add_option("name", a->name, "Baseline name")->required();
  index_options(rm);
  rm->callback([a, &exit_code] { exit_code = run_baseline_rm(a->name, a->index(), std::cout, std::cerr); });
}

}  // namespace pumprig
