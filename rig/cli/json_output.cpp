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

}  // namespace pumprig
