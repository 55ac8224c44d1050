#pragma once
// `pumprig verify RUN_DIR [--key PUB] [--index PATH]`: exit 0 only when the folder matches its
// manifest, the events chain is intact, the index agrees and any signature is valid; 1 naming
// every problem otherwise; 2 when the folder does not exist.
#include <iosfwd>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace pumprig {

struct VerifyCommandOptions {
  std::string run_dir;
  std::string key_path;    // empty: none
  std::string index_path;  // empty: next to the folder, if present
};
int run_verify(const VerifyCommandOptions& o, std::ostream& out, std::ostream& err);

void add_verify_command(CLI::App& app, int& exit_code);

}  // namespace pumprig
