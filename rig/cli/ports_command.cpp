#include "rig/cli/ports_command.hpp"

#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "rig/cli/json_output.hpp"
#include "rig/link/serial_port_link.hpp"
#include "rig/session/exit_codes.hpp"

namespace pumprig {

nlohmann::json ports_json(const std::vector<SerialPortInfo>& ports) {
  using nlohmann::json;
  auto text_or_null = [](const std::string& s) { return s.empty() ? json(nullptr) : json(s); };
  json list = json::array();
  for (const auto& p : ports)
    list.push_back(json{{"name", p.name},
                        {"description", text_or_null(p.description)},
                        {"transport", p.transport},
                        {"usb_vid", p.usb_vid ? json(fmt::format("{:04x}", *p.usb_vid)) : json(nullptr)},
                        {"usb_pid", p.usb_pid ? json(fmt::format("{:04x}", *p.usb_pid)) : json(nullptr)},
                        {"usb_serial", text_or_null(p.usb_serial)},
                        {"usb_manufacturer", text_or_null(p.usb_manufacturer)},
                        {"usb_product", text_or_null(p.usb_product)}});
  return json{{"schema", json_schema::kPorts}, {"ports", list}, {"exit_code", kExitPass}};
}

void add_ports_command(CLI::App& app, int& exit_code) {
  CLI::App* cmd = app.add_subcommand("ports", "List serial ports (name, description, USB VID:PID, serial number)");
  auto json = std::make_shared<bool>(false);
  cmd->add_flag("--json", *json, "Print one JSON document (schema pumprig.ports/1) instead of the list");
  cmd->callback([&exit_code, json] {
    std::vector<SerialPortInfo> ports;
    try {
      ports = list_serial_ports();
    } catch (const std::exception& e) {
      if (*json) print_json_document(std::cout, json_error_document(json_schema::kPorts, e.what(), kExitUsage));
      std::cerr << "pumprig ports: " << e.what() << "\n";
      exit_code = kExitUsage;
      return;
    }
    exit_code = kExitPass;
    if (*json) return print_json_document(std::cout, ports_json(ports));
    if (ports.empty()) std::cout << "no serial ports found (pseudo-terminals are not listed: use tty:/dev/pts/N)\n";
    for (const auto& p : ports) std::cout << describe(p) << "\n";
  });
}

}  // namespace pumprig
