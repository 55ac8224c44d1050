#include "rig/cli/verify_command.hpp"

#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "rig/session/exit_codes.hpp"
#include "rig/integrity/verify.hpp"

namespace pumprig {

int run_verify(const VerifyCommandOptions& o, std::ostream& out, std::ostream& err) {
  VerifyOptions options;
  if (!o.key_path.empty()) options.public_key = o.key_path;
  if (!o.index_path.empty()) options.index_path = o.index_path;
  VerifyReport r;
  try {
    r = verify_run_folder(o.run_dir, options);
  } catch (const std::exception& e) {
    err << "pumprig: " << e.what() << "\n";
    return kExitUsage;
  }
  out << fmt::format("{}: {}\n", o.run_dir, r.ok() ? "VERIFIED" : "FAILED");
  for (const auto& p : r.problems) out << fmt::format("  {}: {}\n", to_string(p.kind), p.detail);
  for (const auto& n : r.notes) out << "  note: " << n << "\n";
  if (!r.manifest_digest.empty()) out << "  manifest digest: " << r.manifest_digest << "\n";
  if (r.ok()) out << "  " << r.detail() << "\n";
  return r.ok() ? kExitPass : kExitFail;
}

void add_verify_command(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<VerifyCommandOptions>();
  CLI::App* cmd = app.add_subcommand("verify", "Check a run folder against its manifest, events chain, index entry and signature");
  cmd->add_option("run_dir", o->run_dir, "Run folder")->required();
  cmd->add_option("--key", o->key_path, "Trusted public key (PEM): the run must be signed by it");
  cmd->add_option("--index", o->index_path, "Run index that must list the run (default: index.sqlite next to the folder, if any)");
  cmd->callback([o, &exit_code] { exit_code = run_verify(*o, std::cout, std::cerr); });
}

}  // namespace pumprig
