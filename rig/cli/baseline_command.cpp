#include "rig/cli/baseline_command.hpp"

#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>

#include "rig/session/exit_codes.hpp"
#include "rig/index/run_index.hpp"
#include "rig/index/run_ref.hpp"

namespace pumprig {

int run_baseline_set(const std::string& name, const std::string& run, const std::string& index_path, std::ostream& out,
                     std::ostream& err) {
  try {
    const ResolvedRunRef ref = resolve_run_ref(run, index_path);
    RunIndex index = RunIndex::open_existing(index_path);
    index.set_baseline(name, ref.id);
    out << "baseline " << name << " = " << ref.id << "\n";
    return kExitPass;
  } catch (const std::exception& e) {
    err << "pumprig: " << e.what() << "\n";
    return kExitUsage;
  }
}

void add_baseline_command(CLI::App& app, int& exit_code) {
  CLI::App* cmd = app.add_subcommand("baseline", "Named reference runs for `compare --baseline`");
  cmd->require_subcommand(1);
  struct Args {
    std::string name, run, runs_dir = "runs", index_path;
  };
  auto a = std::make_shared<Args>();
  CLI::App* set = cmd->add_subcommand("set", "Name a run (id, id prefix or folder; it must be in the index) as a baseline");
  set->add_option("name", a->name, "Baseline name")->required();
  set->add_option("run", a->run, "Run id, unique id prefix, or run folder")->required();
  auto* runs = set->add_option("--runs", a->runs_dir, "Runs folder holding index.sqlite")->capture_default_str();
  set->add_option("--index", a->index_path, "Run index file")->excludes(runs);
  set->callback([a, &exit_code] {
    const std::string index = a->index_path.empty() ? (std::filesystem::path(a->runs_dir) / kIndexFile).string() : a->index_path;
    exit_code = run_baseline_set(a->name, a->run, index, std::cout, std::cerr);
  });
}

}  // namespace pumprig
