#pragma once
// `pumprig ports [--json]`: the serial ports the OS knows, with USB VID:PID and serial numbers, so
// a tester can tell which adapter is the balance and which the pump before writing a fixture.
#include <vector>

#include <nlohmann/json.hpp>

#include "rig/link/serial_port_link.hpp"

namespace CLI {
class App;
}

namespace pumprig {
// The --json document (schema pumprig.ports/1); VID and PID as four hex digits, as `ports` prints them.
nlohmann::json ports_json(const std::vector<SerialPortInfo>& ports);
void add_ports_command(CLI::App& app, int& exit_code);
}  // namespace pumprig
