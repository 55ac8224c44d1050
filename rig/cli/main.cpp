// The pumprig command line. (Minimal: the analyze subcommand only; the lead merges the others.)
#include <CLI/CLI.hpp>

#include "rig/cli/analyze_command.hpp"

int main(int argc, char** argv) {
  CLI::App app{"pumprig: hardware-in-the-loop test rig for infusion pumps"};
  app.require_subcommand(1);
  int exit_code = 0;
  pumprig::add_analyze_command(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? 0 : 2;  // --help is no error; every usage error is exit code 2
  }
  return exit_code;
}
