#include "rig/cli/keys_command.hpp"

#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>

#include "rig/session/exit_codes.hpp"
#include "rig/integrity/signing.hpp"

namespace pumprig {

int run_keys_init(const std::string& dir, std::ostream& out, std::ostream& err) {
  try {
    const KeyPairFiles k = generate_signing_keys(dir);
    out << "private key: " << k.private_key.string() << " (keep it secret; mode 0600)\n"
        << "public key:  " << k.public_key.string() << "\n"
        << "fingerprint: " << k.fingerprint << "\n"
        << "seal runs with:  pumprig run SCENARIO --sign-key " << k.private_key.string() << "\n"
        << "or, as a person: pumprig sign RUN_DIR --key " << k.private_key.string() << " --meaning reviewed|approved\n"
        << "verifiers trust: pumprig verify RUN_DIR --key " << k.public_key.string() << "\n";
    return kExitPass;
  } catch (const std::exception& e) {
    err << "pumprig: " << e.what() << "\n";
    return kExitUsage;
  }
}

void add_keys_command(CLI::App& app, int& exit_code) {
  CLI::App* keys = app.add_subcommand("keys", "Signing keys for run folders");
  keys->require_subcommand(1);
  auto dir = std::make_shared<std::string>(".");
  CLI::App* init = keys->add_subcommand("init", "Make an Ed25519 key pair (refuses to overwrite one)");
  init->add_option("--dir", *dir, "Folder for signing-key.pem and signing-key.pub.pem")->capture_default_str();
  init->callback([dir, &exit_code] { exit_code = run_keys_init(*dir, std::cout, std::cerr); });
}

}  // namespace pumprig
