#include "rig/cli/json_output.hpp"

#include <ostream>
#include <utility>

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
  if (command == "baseline") return args.size() > 1 && args[1] == "show" ? json_schema::kBaseline : json_schema::kBaselines;
  for (const auto& [name, schema] : {std::pair{"compare", json_schema::kCompare}, std::pair{"history", json_schema::kHistory},
                                     std::pair{"verify", json_schema::kVerify}, std::pair{"ports", json_schema::kPorts},
                                     std::pair{"check", json_schema::kCheck}})
    if (command == name) return schema;
  return "pumprig.error/1";
}

}  // namespace pumprig
