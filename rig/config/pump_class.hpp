#pragma once
// The kind of pump under test: decides which container (syringe or reservoir) a fixture
// describes and which scenarios may run on a station.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pumprig {

enum class PumpClass { syringe, volumetric };

const char* to_string(PumpClass c);
std::optional<PumpClass> parse_pump_class(std::string_view text);
// {"syringe", "volumetric"}: for did-you-mean and messages.
const std::vector<std::string>& pump_class_names();

}  // namespace pumprig
