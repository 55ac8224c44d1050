#pragma once
// `pumprig verify RUN_DIR [--key PUB|DIR]... [--index PATH | --no-index]`: exit 0 only when the
// folder matches its manifest, the events chain is intact, every signature (the bench's and
// people's) is valid, and something outside the folder vouches for it (the index lists this
// folder with the same run id and manifest digest, or a signature is valid under a trusted key).
// Each person's signature is printed: meaning, name, time, key, and whether the key is trusted. 1 naming every problem, or when the
// folder is self-consistent only; 2 when the folder, the key or the index cannot be read; 4 when
// the run was never sealed (killed).
#include <iosfwd>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace pumprig {

struct VerifyCommandOptions {
  std::string run_dir;
  std::vector<std::string> key_paths;  // trusted keys of benches and people: PEM files or folders of them
  std::string index_path;  // empty: next to the folder, if present
  bool no_index = false;   // consult no index
  bool json = false;       // one JSON document (schema pumprig.verify/1) instead of text
};
int run_verify(const VerifyCommandOptions& o, std::ostream& out, std::ostream& err);

void add_verify_command(CLI::App& app, int& exit_code);

}  // namespace pumprig
