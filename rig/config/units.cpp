#include "rig/config/units.hpp"

#include <cctype>
#include <charconv>
#include <cmath>
#include <optional>
#include <stdexcept>

#include <fmt/format.h>

#include "rig/config/config_error.hpp"

namespace pumprig {

namespace {

constexpr double kMmHgPerKPa = 7.500616827041697;  // 101.325 kPa == 760 mmHg

// A simple unit: canonical = value * factor + offset (offset only for kelvin).
struct SimpleUnit {
  std::string_view spelling;
  Dimension dim;
  double factor;
  double offset = 0.0;
};

// Both micro signs appear in real files: U+00B5 (keyboard) and U+03BC (Greek mu).
constexpr SimpleUnit kSimpleUnits[] = {
    // volume -> ml
    {"ml", Dimension::volume, 1.0}, {"mL", Dimension::volume, 1.0}, {"cc", Dimension::volume, 1.0},
    {"cm3", Dimension::volume, 1.0}, {"cm\u00b3", Dimension::volume, 1.0},
    {"ul", Dimension::volume, 1e-3}, {"uL", Dimension::volume, 1e-3}, {"\u00b5l", Dimension::volume, 1e-3},
    {"\u00b5L", Dimension::volume, 1e-3}, {"\u03bcl", Dimension::volume, 1e-3}, {"\u03bcL", Dimension::volume, 1e-3},
    {"l", Dimension::volume, 1e3}, {"L", Dimension::volume, 1e3}, {"m3", Dimension::volume, 1e6},
    // time -> s
    {"ms", Dimension::time, 1e-3}, {"s", Dimension::time, 1.0}, {"sec", Dimension::time, 1.0},
    {"min", Dimension::time, 60.0}, {"h", Dimension::time, 3600.0}, {"hr", Dimension::time, 3600.0},
    {"hour", Dimension::time, 3600.0}, {"hours", Dimension::time, 3600.0}, {"d", Dimension::time, 86400.0},
    // mass -> g
    {"ug", Dimension::mass, 1e-6}, {"\u00b5g", Dimension::mass, 1e-6}, {"\u03bcg", Dimension::mass, 1e-6},
    {"mg", Dimension::mass, 1e-3}, {"g", Dimension::mass, 1.0}, {"kg", Dimension::mass, 1e3},
    // length -> mm
    {"um", Dimension::length, 1e-3}, {"\u00b5m", Dimension::length, 1e-3}, {"\u03bcm", Dimension::length, 1e-3},
    {"mm", Dimension::length, 1.0}, {"cm", Dimension::length, 10.0}, {"m", Dimension::length, 1e3},
    // percent
    {"%", Dimension::percent, 1.0}, {"percent", Dimension::percent, 1.0},
    // pressure -> mmHg
    {"mmHg", Dimension::pressure, 1.0}, {"kPa", Dimension::pressure, kMmHgPerKPa},
    {"Pa", Dimension::pressure, kMmHgPerKPa / 1000.0}, {"bar", Dimension::pressure, kMmHgPerKPa * 100.0},
    {"mbar", Dimension::pressure, kMmHgPerKPa / 10.0}, {"hPa", Dimension::pressure, kMmHgPerKPa / 10.0}, {"psi", Dimension::pressure, 51.71493257157},
    {"cmH2O", Dimension::pressure, 0.73555912},
    // temperature -> degC
    {"degC", Dimension::temperature, 1.0}, {"\u00b0C", Dimension::temperature, 1.0},
    {"C", Dimension::temperature, 1.0}, {"K", Dimension::temperature, 1.0, -273.15},
};

const SimpleUnit* find_simple(std::string_view s) {
  for (const auto& u : kSimpleUnits)
    if (u.spelling == s) return &u;
  return nullptr;
}

struct ResolvedUnit {
  Dimension dim;
  double factor;
  double offset;
};

// Simple units, or numerator/denominator compounds: volume/time (flow), mass/volume (density),
// mass/time (mass rate). Any volume and time spelling combine, so "uL/min" needs no table row.
std::optional<ResolvedUnit> resolve_unit(std::string_view unit) {
  const auto slash = unit.find('/');
  if (slash == std::string_view::npos) {
    const SimpleUnit* u = find_simple(unit);
    if (!u) return std::nullopt;
    return ResolvedUnit{u->dim, u->factor, u->offset};
  }
  const SimpleUnit* num = find_simple(unit.substr(0, slash));
  const SimpleUnit* den = find_simple(unit.substr(slash + 1));
  if (!num || !den) return std::nullopt;
  if (num->dim == Dimension::volume && den->dim == Dimension::time)
    return ResolvedUnit{Dimension::flow, num->factor * 3600.0 / den->factor, 0.0};
  if (num->dim == Dimension::mass && den->dim == Dimension::volume)
    return ResolvedUnit{Dimension::density, num->factor / den->factor, 0.0};
  if (num->dim == Dimension::mass && den->dim == Dimension::time)
    return ResolvedUnit{Dimension::mass_rate, num->factor * 1000.0 * 3600.0 / den->factor, 0.0};
  if (num->dim == Dimension::volume && den->dim == Dimension::pressure)
    return ResolvedUnit{Dimension::compliance, num->factor / den->factor, 0.0};
  return std::nullopt;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string expected_text(std::optional<Dimension> d) {
  if (!d) return "expected a quantity such as '25 ml/h'";
  const std::string name = dimension_name(*d);
  const char* article = (name[0] == 'a' || name[0] == 'e' || name[0] == 'i' || name[0] == 'o') ? "an " : "a ";
  return "expected " + std::string(article) + name + " such as '" + dimension_example(*d) + "'";
}

std::string a_dimension(Dimension d) { return std::string("a ") + dimension_name(d); }

Quantity parse_impl(std::string_view text, std::optional<Dimension> expected) {
  const std::string_view s = trim(text);
  const std::string head = expected_text(expected) + ", got '" + std::string(text) + "'";
  if (s.empty()) throw std::invalid_argument(head + " (empty)");
  const char* first = s.data();
  const char* last = s.data() + s.size();
  // std::from_chars takes no leading '+'; people write "+300 mmHg" for back-pressure.
  if (*first == '+' && s.size() > 1 && (std::isdigit(static_cast<unsigned char>(first[1])) || first[1] == '.')) ++first;
  double value = 0.0;
  const auto [end, ec] = std::from_chars(first, last, value);
  if (ec != std::errc() || end == first) throw std::invalid_argument(head + " (not a number)");
  if (!std::isfinite(value)) throw std::invalid_argument(head + " (not a finite number)");
  if (end != last && *end == ',') throw std::invalid_argument(head + " (use '.' as the decimal separator)");
  // The unit, with any spaces dropped: "ml / h" and "deg C" read as "ml/h" and "degC".
  std::string unit;
  for (const char* p = end; p != last; ++p)
    if (*p != ' ' && *p != '\t') unit += *p;
  if (unit.empty()) throw std::invalid_argument(head + " (missing unit)");
  const auto r = resolve_unit(unit);
  if (!r) {
    std::vector<std::string> candidates;
    if (expected) {
      candidates = unit_spellings(*expected);
    } else {
      for (const auto& u : kSimpleUnits) candidates.emplace_back(u.spelling);
      for (Dimension d : {Dimension::flow, Dimension::density, Dimension::mass_rate, Dimension::compliance})
        for (const auto& c : unit_spellings(d)) candidates.push_back(c);
    }
    throw std::invalid_argument(head + ": unknown unit '" + unit + "'" + did_you_mean_suffix(unit, candidates));
  }
  if (expected && r->dim != *expected) throw std::invalid_argument(head + " (" + a_dimension(r->dim) + ")");
  return Quantity{value * r->factor + r->offset, r->dim};
}

}  // namespace

const char* canonical_unit(Dimension d) {
  switch (d) {
    case Dimension::flow: return "ml/h";
    case Dimension::volume: return "ml";
    case Dimension::time: return "s";
    case Dimension::mass: return "g";
    case Dimension::length: return "mm";
    case Dimension::density: return "g/ml";
    case Dimension::percent: return "%";
    case Dimension::pressure: return "mmHg";
    case Dimension::temperature: return "degC";
    case Dimension::mass_rate: return "mg/h";
    case Dimension::compliance: return "ml/mmHg";
  }
  return "?";
}

const char* dimension_name(Dimension d) {
  switch (d) {
    case Dimension::flow: return "flow rate";
    case Dimension::volume: return "volume";
    case Dimension::time: return "duration";
    case Dimension::mass: return "mass";
    case Dimension::length: return "length";
    case Dimension::density: return "density";
    case Dimension::percent: return "percentage";
    case Dimension::pressure: return "pressure";
    case Dimension::temperature: return "temperature";
    case Dimension::mass_rate: return "mass rate";
    case Dimension::compliance: return "compliance";
  }
  return "?";
}

const char* dimension_example(Dimension d) {
  switch (d) {
    case Dimension::flow: return "25 ml/h";
    case Dimension::volume: return "60 ml";
    case Dimension::time: return "30 s";
    case Dimension::mass: return "50 g";
    case Dimension::length: return "26.59 mm";
    case Dimension::density: return "0.998 g/ml";
    case Dimension::percent: return "5 %";
    case Dimension::pressure: return "300 mmHg";
    case Dimension::temperature: return "20 degC";
    case Dimension::mass_rate: return "0.5 mg/h";
    case Dimension::compliance: return "0.002 ml/mmHg";
  }
  return "?";
}

const std::vector<std::string>& unit_spellings(Dimension d) {
  static const auto table = [] {
    std::vector<std::vector<std::string>> t(static_cast<std::size_t>(Dimension::compliance) + 1);
    for (const auto& u : kSimpleUnits) t[static_cast<std::size_t>(u.dim)].emplace_back(u.spelling);
    t[static_cast<std::size_t>(Dimension::flow)] = {"ml/h", "ml/min", "ml/s", "ul/h", "ul/min", "mL/h",
                                                    "mL/min", "uL/h", "uL/min", "l/h"};
    t[static_cast<std::size_t>(Dimension::density)] = {"g/ml", "g/mL", "g/cm3", "kg/l", "kg/L", "g/l"};
    t[static_cast<std::size_t>(Dimension::mass_rate)] = {"mg/h", "mg/min", "g/h", "ug/h", "ug/min"};
    t[static_cast<std::size_t>(Dimension::compliance)] = {"ml/mmHg", "mL/mmHg", "ul/mmHg", "ml/kPa"};
    return t;
  }();
  return table[static_cast<std::size_t>(d)];
}

double parse_quantity(std::string_view text, Dimension expected) { return parse_impl(text, expected).value; }

Quantity parse_quantity(std::string_view text) { return parse_impl(text, std::nullopt); }

std::string format_quantity(double canonical_value, Dimension d) {
  return fmt::format("{} {}", canonical_value, canonical_unit(d));
}

std::string format_duration(double seconds) {
  const double whole = std::round(seconds);
  if (std::fabs(seconds - whole) > 1e-9 || whole < 60) return fmt::format("{:g} s", seconds);
  const auto total = static_cast<long long>(whole);
  const long long h = total / 3600, m = (total % 3600) / 60, s = total % 60;
  std::string out;
  if (h) out += fmt::format("{} h", h);
  if (m) out += fmt::format("{}{} min", out.empty() ? "" : " ", m);
  if (s) out += fmt::format("{}{} s", out.empty() ? "" : " ", s);
  return out;
}

std::string format_quantity(double canonical_value, Dimension d, std::string_view unit) {
  const auto r = resolve_unit(unit);
  if (!r || r->dim != d)
    throw std::invalid_argument("cannot express " + a_dimension(d) + " in '" + std::string(unit) + "'");
  return fmt::format("{:.12g} {}", (canonical_value - r->offset) / r->factor, unit);
}

}  // namespace pumprig
