#include "rig/cli/sign_command.hpp"

#include <chrono>
#include <filesystem>
#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "rig/cli/report_command.hpp"
#include "rig/core/os_identity.hpp"
#include "rig/integrity/person_signature.hpp"
#include "rig/integrity/verify.hpp"
#include "rig/session/exit_codes.hpp"

namespace pumprig {

int run_sign(const SignCommandOptions& o, std::ostream& out, std::ostream& err) {
  const auto meaning = parse_signature_meaning(o.meaning);
  if (!meaning) {
    err << "pumprig sign: --meaning must be reviewed or approved, not \"" << o.meaning << "\"\n";
    return kExitUsage;
  }
  VerifyOptions check;
  if (o.index_path) check.index_path = *o.index_path;
  check.no_index = o.no_index;
  try {
    const SigningKey key = SigningKey::load(o.key_path);
    const VerifyReport v = verify_run_folder(o.run_dir, check);
    const std::string state = v.state();
    // A signature says "I reviewed these bytes": only a sealed folder that agrees with its seal
    // has bytes worth that.
    if (state == "unsealed") {
      err << "pumprig sign: " << o.run_dir << " was never sealed (" << v.detail() << "): nothing to sign\n";
      return kExitUnsealed;
    }
    if (state == "tampered") {
      err << "pumprig sign: refusing to sign " << o.run_dir << ": it fails verification: " << v.detail() << "\n";
      return kExitFail;
    }
    // Without an anchor the bytes may have been re-sealed by anyone since the run: the signer
    // says so explicitly, and the note stays on the record of this command.
    if (state == "self-consistent only" && !o.accept_unanchored) {
      err << "pumprig sign: refusing to sign " << o.run_dir << ": nothing outside the folder vouches for it (" << v.detail()
          << "); check it against the run index it was recorded in (--index), or sign anyway with --accept-unanchored\n";
      return kExitFail;
    }
    const std::string name = o.name.value_or(current_user_name());
    const PersonSignature s = sign_run_folder(o.run_dir, key, name, *meaning, std::chrono::system_clock::now(), v.manifest_digest);
    out << fmt::format("signed {}: {} by {} at {}\n  key:  {}\n  file: {}\n", o.run_dir, s.meaning, s.name, s.time,
                       s.key_fingerprint, s.file.string());
    if (state == "self-consistent only")
      out << "  note: nothing outside the folder vouches for it yet; verify with --key and your public key\n";
    // The approval section of the reports lists the signatures: rewrite them.
    if (write_run_reports(o.run_dir, err, check)) out << "  reports rewritten with the signature (report.pdf, report.html)\n";
    return kExitPass;
  } catch (const std::exception& e) {
    err << "pumprig sign: " << e.what() << "\n";
    return kExitUsage;
  }
}

void add_sign_command(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<SignCommandOptions>();
  CLI::App* cmd = app.add_subcommand(
      "sign", "Sign a sealed run folder as a person (name, time, meaning) with your Ed25519 key from `pumprig keys init`. "
              "Exit 0 signed, 1 the folder fails verification, 2 usage error, 4 never sealed");
  cmd->add_option("run_dir", o->run_dir, "Run folder")->required();
  cmd->add_option("--key", o->key_path, "Your private key (PEM)")->required();
  cmd->add_option("--meaning", o->meaning, "What the signature means: reviewed or approved")
      ->required()
      ->check(CLI::IsMember({"reviewed", "approved"}));
  cmd->add_option("--name", o->name, "Your printed name (default: the OS user name)");
  auto* index = cmd->add_option("--index", o->index_path, "Run index to verify the folder against first (default: next to it)");
  cmd->add_flag("--no-index", o->no_index, "Consult no run index in the check before signing")->excludes(index);
  cmd->add_flag("--accept-unanchored", o->accept_unanchored,
                "Sign even when nothing outside the folder vouches for it (no run index entry agrees)");
  cmd->callback([o, &exit_code] { exit_code = run_sign(*o, std::cout, std::cerr); });
}

}  // namespace pumprig
