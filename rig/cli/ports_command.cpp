#include "rig/cli/ports_command.hpp"

#include <iostream>

#include <CLI/CLI.hpp>

#include "rig/session/exit_codes.hpp"
#include "rig/link/serial_port_link.hpp"

namespace pumprig {

void add_ports_command(CLI::App& app, int& exit_code) {
  CLI::App* cmd = app.add_subcommand("ports", "List serial ports (name, description, USB VID:PID, serial number)");
  cmd->callback([&exit_code] {
    const auto ports = list_serial_ports();
    if (ports.empty()) std::cout << "no serial ports found (pseudo-terminals are not listed: use tty:/dev/pts/N)\n";
    for (const auto& p : ports) std::cout << p << "\n";
    exit_code = kExitPass;
  });
}

}  // namespace pumprig
