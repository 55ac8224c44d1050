#pragma once
// `pumprig keys init [--dir D]`: a new Ed25519 key pair for signing run folders.
#include <iosfwd>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace pumprig {

int run_keys_init(const std::string& dir, std::ostream& out, std::ostream& err);

void add_keys_command(CLI::App& app, int& exit_code);

}  // namespace pumprig
