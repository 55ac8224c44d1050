// The pumprig command line: one subcommand per job (run, analyze, report, ports, probe, verify,
// keys, history, compare, baseline); each lives in its own file.
#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "rig/cli/command_suggestion.hpp"
#include "rig/config/config_error.hpp"
#include "rig/cli/analyze_command.hpp"
#include "rig/cli/baseline_command.hpp"
#include "rig/cli/compare_command.hpp"
#include "rig/session/exit_codes.hpp"
#include "rig/cli/history_command.hpp"
#include "rig/cli/json_output.hpp"
#include "rig/cli/keys_command.hpp"
#include "rig/cli/ports_command.hpp"
#include "rig/cli/probe_command.hpp"
#include "rig/cli/report_command.hpp"
#include "rig/cli/run_command.hpp"
#include "rig/cli/check_command.hpp"
#include "rig/cli/sign_command.hpp"
#include "rig/cli/verify_command.hpp"

int main(int argc, char** argv) {
  CLI::App app{"pumprig: hardware-in-the-loop test rig for infusion pumps"};
  app.set_version_flag("--version", std::string("pumprig ") + PUMPRIG_VERSION);
  app.require_subcommand(1);
  int exit_code = 0;
  pumprig::add_run_command(app, exit_code);
  pumprig::add_check_command(app, exit_code);
  pumprig::add_analyze_command(app, exit_code);
  pumprig::add_report_command(app, exit_code);
  pumprig::add_ports_command(app, exit_code);
  pumprig::add_probe_command(app, exit_code);
  pumprig::add_verify_command(app, exit_code);
  pumprig::add_sign_command(app, exit_code);
  pumprig::add_keys_command(app, exit_code);
  pumprig::add_history_command(app, exit_code);
  pumprig::add_compare_command(app, exit_code);
  pumprig::add_baseline_command(app, exit_code);
  // A command pumprig does not have, or none at all: name the commands (and the nearest one),
  // where CLI11 would only say "A subcommand is required".
  std::vector<std::string> commands;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) commands.push_back(sub->get_name());
  if (argc < 2) {
    std::cerr << "pumprig: give a command: " << pumprig::quoted_list(commands, "or") << " (pumprig --help; pumprig COMMAND --help)\n";
    return pumprig::kExitUsage;
  }
  if (const std::string first = argv[1]; !first.empty() && first[0] != '-' &&
                                         std::find(commands.begin(), commands.end(), first) == commands.end()) {
    std::cerr << pumprig::unknown_command_message(first, commands) << "\n";
    return pumprig::kExitUsage;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    if (rc == 0) return 0;  // --help is no error; every usage error is exit code 2
    // --json promises one document on stdout whatever happens, a bad option included.
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (std::find(args.begin(), args.end(), "--json") != args.end())
      pumprig::print_json_document(std::cout, pumprig::json_error_document(pumprig::json_schema_of_command(args), e.what(),
                                                                           pumprig::kExitUsage));
    return pumprig::kExitUsage;
  }
  return exit_code;
}
