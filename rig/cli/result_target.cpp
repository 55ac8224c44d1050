#include "rig/cli/result_target.hpp"

#include <fstream>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace pumprig {

void check_result_target(const std::filesystem::path& target) {
  if (!std::filesystem::exists(target)) return;
  std::ifstream in(target);
  const nlohmann::json old = nlohmann::json::parse(in, nullptr, false);
  const bool ours = !old.is_discarded() && old.is_object() && old.contains("run") && old["run"].is_object() &&
                    old["run"].value("software", nlohmann::json::object()).value("command", "") == "analyze";
  if (!ours)
    throw std::runtime_error(fmt::format("{} exists and was not written by pumprig analyze; give --out DIR to write "
                                         "the result elsewhere (or --out with that folder to replace it)",
                                         target.string()));
}

}  // namespace pumprig
