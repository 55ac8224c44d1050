#pragma once
// Quantities written as text in fixtures and scenarios ("25 ml/h", "30 s", "300 mmHg"), parsed
// into one canonical unit per dimension so the rest of the rig never converts units.
#include <string>
#include <string_view>
#include <vector>

namespace pumprig {

// Canonical units: flow ml/h, volume ml, time s, mass g, length mm, density g/ml, percent %,
// pressure mmHg, temperature degC, mass_rate mg/h (evaporation corrections).
enum class Dimension { flow, volume, time, mass, length, density, percent, pressure, temperature, mass_rate, compliance };

const char* canonical_unit(Dimension d);       // "ml/h"
const char* dimension_name(Dimension d);       // "flow rate"
const char* dimension_example(Dimension d);    // "25 ml/h"

struct Quantity {
  double value = 0.0;  // in canonical_unit(dimension)
  Dimension dimension = Dimension::flow;
};

// Number (std::from_chars: optional sign, decimals, exponent), optional spaces, unit. Throws
// std::invalid_argument with a message that names what was expected and what was found:
//   "expected a flow rate such as '25 ml/h', got '25 ml' (a volume)"
//   "expected a duration such as '30 s', got 'soon' (not a number)"
//   "expected a mass such as '50 g', got '50' (missing unit)"
//   "expected a pressure such as '300 mmHg', got '300 mmgh': unknown unit 'mmgh' (did you mean 'mmHg'?)"
double parse_quantity(std::string_view text, Dimension expected);
// Any known dimension (the unit decides).
Quantity parse_quantity(std::string_view text);

// Back to text in the canonical unit with the shortest digits that round-trip exactly:
// format_quantity(25, Dimension::flow) == "25 ml/h"; parse_quantity(format_quantity(v, d), d) == v.
std::string format_quantity(double canonical_value, Dimension d);
// A duration as people write it: "2 h", "30 min", "1 h 30 min", "45 s", "1.5 s".
std::string format_duration(double seconds);
// In a chosen unit of the same dimension, 12 significant digits: (0.0005, mass, "mg") -> "0.5 mg".
// Throws std::invalid_argument when the unit is unknown or of another dimension.
std::string format_quantity(double canonical_value, Dimension d, std::string_view unit);

// Accepted spellings that did-you-mean suggests from (simple units plus common compounds).
const std::vector<std::string>& unit_spellings(Dimension d);

}  // namespace pumprig
