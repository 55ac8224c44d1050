#include "rig/cli/json_output.hpp"

#include <ostream>

namespace pumprig {

void print_json_document(std::ostream& out, const nlohmann::json& doc) {
  out << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  out.flush();
}

nlohmann::json json_error_document(const std::string& schema, const std::string& message, int exit_code) {
  return nlohmann::json{{"schema", schema}, {"error", message}, {"exit_code", exit_code}};
}

std::string json_schema_of_command(const std::vector<std::string>& args) {
  const std::string command = args.empty() ? "" : args[0];
  if (command == "baseline") {
    const std::string sub = args.size() > 1 ? args[1] : "";
    return sub == "show" ? "pumprig.baseline/1" : "pumprig.baselines/1";
  }
  for (const char* known : {"compare", "history", "verify", "ports", "check"})
    if (command == known) return std::string("pumprig.") + known + "/1";
  return "pumprig.error/1";
}

}  // namespace pumprig
