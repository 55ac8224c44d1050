#include "rig/config/scenario_parameters.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <stdexcept>

#include "rig/core/safe_text.hpp"

namespace pumprig {

namespace {

std::string trimmed(std::string_view s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t");
  return std::string(s.substr(first, last - first + 1));
}

}  // namespace

ParameterOverride parse_parameter_option(const std::string& text) {
  const auto eq = text.find('=');
  if (eq == std::string::npos)
    throw std::invalid_argument("bad --param '" + printable(text) + "': write NAME=VALUE, e.g. --param rate=5ml/h");
  ParameterOverride o;
  o.name = trimmed(std::string_view(text).substr(0, eq));
  o.value = trimmed(std::string_view(text).substr(eq + 1));
  if (!is_parameter_name(o.name))
    throw std::invalid_argument("bad --param '" + printable(text) +
                                "': the name uses letters, digits and '_' (not starting with a digit)");
  if (o.value.empty()) throw std::invalid_argument("bad --param '" + printable(text) + "': no value after '='");
  o.origin = "--param " + o.name + "=" + o.value;
  return o;
}

std::vector<ParameterOverride> parse_parameter_options(const std::vector<std::string>& texts) {
  std::vector<ParameterOverride> out;
  for (const auto& t : texts) {
    ParameterOverride o = parse_parameter_option(t);
    for (const auto& seen : out)
      if (seen.name == o.name)
        throw std::invalid_argument("--param " + o.name + " given twice ('" + printable(seen.value) + "' and '" +
                                    printable(o.value) + "')");
    out.push_back(std::move(o));
  }
  return out;
}

bool is_parameter_name(std::string_view name) {
  return !name.empty() && !(name[0] >= '0' && name[0] <= '9') && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

void check_overrides_declared(const ParameterOverrides& overrides, const std::map<std::string, std::string>& declared,
                              const SourcePos& declared_where) {
  std::vector<std::string> names;
  for (const auto& [name, _] : declared) names.push_back(name);
  for (const auto& o : overrides) {
    // A suite's position says where the value was given; the command line's needs saying.
    const bool positioned = o.where.line > 0;
    const SourcePos at = positioned ? o.where : declared_where;
    const std::string prefix = positioned ? "" : o.origin + ": ";
    if (!declared.count(o.name)) {
      std::string msg = prefix + "scenario " + declared_where.file + " declares no parameter '" + o.name + "'" +
                        did_you_mean_suffix(o.name, names);
      msg += names.empty() ? " (it has no parameters block)" : "; its parameters are " + quoted_list(names, "and");
      throw ConfigError(at, msg);
    }
    if (o.value.find("${") != std::string::npos)
      throw ConfigError(at, prefix + "parameter '" + o.name + "' refers to another parameter; write its value out");
    if (const auto problem = text_problem(o.value, 4096))
      throw ConfigError(at, prefix + "parameter '" + o.name + "' " + *problem);
  }
}

std::string run_display_id(const std::string& scenario_id, const ParameterOverrides& overrides) {
  return overrides.empty() ? scenario_id : scenario_id + "[" + parameters_display(overrides) + "]";
}

std::string run_file_name(const std::string& scenario_id, const ParameterOverrides& overrides) {
  const std::string part = parameters_file_part(overrides);
  return part.empty() ? scenario_id : scenario_id + "-" + part;
}

std::string parameters_display(const ParameterOverrides& overrides) {
  std::string out;
  for (const auto& o : overrides) out += (out.empty() ? "" : ",") + o.name + "=" + o.value;
  return out;
}

std::string parameters_file_part(const ParameterOverrides& overrides) {
  std::string out;
  for (const auto& o : overrides) {
    std::string part;
    for (char c : o.name + o.value) {
      const auto u = static_cast<unsigned char>(c);
      if (std::isalnum(u) && u < 0x80) part += static_cast<char>(std::tolower(u));
      else if (c == '.' || c == '_' || c == '-') part += c;
    }
    // A value like ".5" must not put a '.' or '-' next to the separator.
    while (!part.empty() && (part.back() == '.' || part.back() == '-')) part.pop_back();
    out += (out.empty() ? "" : "-") + part;
  }
  // A folder name has at most 255 bytes: long values keep their first 64 characters and an FNV-1a
  // digest of the whole, so distinct sets stay distinct and the folder can always be made.
  if (out.size() > 80) {
    std::uint32_t h = 2166136261u;
    for (unsigned char c : out) h = (h ^ c) * 16777619u;
    char digest[9];
    std::snprintf(digest, sizeof digest, "%08x", h);
    out = out.substr(0, 64) + "-" + digest;
  }
  return out;
}

}  // namespace pumprig
