#pragma once
// `pumprig sign RUN_DIR --key KEY.pem --meaning reviewed|approved [--name NAME] [--index PATH |
// --no-index]`: a person's electronic signature on a sealed run (see
// rig/integrity/person_signature.hpp). The folder is verified first (as `pumprig verify` with the
// same index options): nobody signs a folder that fails (exit 1) or was never sealed (exit 4), nor
// one that nothing outside vouches for (no index entry agrees) unless --accept-unanchored. The
// name defaults to the OS user. The reports in the folder are then rewritten, so their approval
// section lists the signature. Exit 2 when the key cannot be read or the name is unusable.
#include <iosfwd>
#include <optional>
#include <string>

namespace CLI {
class App;
}

namespace pumprig {

struct SignCommandOptions {
  std::string run_dir;
  std::string key_path;                 // the signer's private key (PEM, Ed25519)
  std::string meaning;                  // "reviewed" | "approved"
  std::optional<std::string> name;      // default: the OS user
  std::optional<std::string> index_path;
  bool no_index = false;
  bool accept_unanchored = false;       // sign a folder that nothing outside vouches for
};
int run_sign(const SignCommandOptions& o, std::ostream& out, std::ostream& err);

void add_sign_command(CLI::App& app, int& exit_code);

}  // namespace pumprig
