#pragma once
// `pumprig ports`: the serial ports the OS knows, with USB VID:PID and serial numbers, so a tester
// can tell which adapter is the balance and which the pump before writing a fixture.
namespace CLI {
class App;
}

namespace pumprig {
void add_ports_command(CLI::App& app, int& exit_code);
}
