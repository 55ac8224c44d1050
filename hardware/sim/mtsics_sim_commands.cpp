#include "hardware/sim/mtsics_sim_commands.hpp"

#include <charconv>
#include <cmath>

namespace pumprig::sim {

namespace {

std::string_view skip_spaces(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  return s;
}

std::string_view trim_spaces(std::string_view s) {
  s = skip_spaces(s);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (const char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// Digits with at most one decimal point, no sign, no exponent: how a balance writes a weight.
std::optional<double> plain_number(std::string_view s) {
  std::size_t digits = 0, points = 0;
  for (const char c : s) {
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (c == '.') {
      ++points;
    } else {
      return std::nullopt;
    }
  }
  if (digits == 0 || points > 1 || s.size() > 16) return std::nullopt;
  // from_chars does not take "12." or ".5" in every library version: give it "12" and "0.5".
  std::string canonical(s);
  if (canonical.front() == '.') canonical.insert(canonical.begin(), '0');
  if (canonical.back() == '.') canonical.pop_back();
  double v = 0.0;
  const auto res = std::from_chars(canonical.data(), canonical.data() + canonical.size(), v);
  if (res.ec != std::errc() || res.ptr != canonical.data() + canonical.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

}  // namespace

std::vector<MtsicsCommandInfo> implemented_mtsics_commands(bool supports_cancel, bool level0_identity) {
  // Levels as Mettler Toledo's balances list them in I0: level 0 is what every MT-SICS balance
  // has, level 1 the display, keys, tare and send-on-change commands; SNR is level 2 on the
  // balances whose I0 lists it (New Classic, Excellence). C came with later firmware and has no
  // level in the old tables; it is listed with the level-2 commands here.
  static const std::vector<MtsicsCommandInfo> kAll = {
      {"I0", 0, false, false},  {"I1", 0, false, false},  {"I2", 0, false, false}, {"I3", 0, false, false},
      {"I4", 0, false, false},  {"I5", 0, false, false},  {"S", 0, false, true},   {"SI", 0, false, true},
      {"SIR", 0, false, true},  {"Z", 0, false, true},    {"ZI", 0, false, true},  {"@", 0, false, false},
      {"D", 1, true, true},     {"DW", 1, false, true},   {"K", 1, true, true},    {"SR", 1, true, true},
      {"T", 1, false, true},    {"TA", 1, true, false},  {"TAC", 1, false, false}, {"TI", 1, false, true},
      {"C", 2, false, false},   {"SNR", 2, true, true},
  };
  std::vector<MtsicsCommandInfo> out;
  for (const auto& c : kAll) {
    if (c.word == "C" && !supports_cancel) continue;
    if ((c.word == "I0" || c.word == "I1" || c.word == "I5") && !level0_identity) continue;
    out.push_back(c);
  }
  return out;
}

MtsicsCommandLine split_mtsics_command(std::string_view line) {
  const auto space = line.find(' ');
  if (space == std::string_view::npos) return {std::string(line), {}};
  return {std::string(line.substr(0, space)), std::string(skip_spaces(line.substr(space)))};
}

std::optional<std::string> parse_display_text(std::string_view params) {
  params = trim_spaces(params);
  if (params.size() < 2 || params.front() != '"' || params.back() != '"') return std::nullopt;
  return std::string(params.substr(1, params.size() - 2));
}

std::optional<int> parse_keys_mode(std::string_view params) {
  params = trim_spaces(params);
  if (!all_digits(params) || params.size() > 3) return std::nullopt;
  int mode = 0;
  std::from_chars(params.data(), params.data() + params.size(), mode);
  if (mode < 1 || mode > 4) return std::nullopt;
  return mode;
}

std::optional<double> parse_weight_parameter(std::string_view params) {
  params = trim_spaces(params);
  const auto space = params.find(' ');
  if (space == std::string_view::npos) return std::nullopt;
  const auto value = plain_number(params.substr(0, space));
  const std::string_view unit = skip_spaces(params.substr(space));
  if (!value) return std::nullopt;
  if (unit == "g") return *value;
  if (unit == "mg") return *value * 1e-3;
  if (unit == "kg") return *value * 1e3;
  return std::nullopt;
}

}  // namespace pumprig::sim
