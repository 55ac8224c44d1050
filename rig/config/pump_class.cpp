#include "rig/config/pump_class.hpp"

namespace pumprig {

const char* to_string(PumpClass c) { return c == PumpClass::syringe ? "syringe" : "volumetric"; }

std::optional<PumpClass> parse_pump_class(std::string_view text) {
  if (text == "syringe") return PumpClass::syringe;
  if (text == "volumetric") return PumpClass::volumetric;
  return std::nullopt;
}

const std::vector<std::string>& pump_class_names() {
  static const std::vector<std::string> names{"syringe", "volumetric"};
  return names;
}

}  // namespace pumprig
