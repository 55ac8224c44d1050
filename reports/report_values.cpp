#include "reports/report_values.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "rig/core/fixed_text.hpp"
#include "rig/core/safe_text.hpp"

namespace pumprig::reports {

const json& field(const json& j, const char* key) {
  static const json null_json;
  if (!j.is_object()) return null_json;
  auto it = j.find(key);
  return it == j.end() ? null_json : *it;
}

std::string text(const json& j, const char* key, const std::string& fallback) {
  const json& v = field(j, key);
  if (v.is_string()) return v.get<std::string>().empty() ? fallback : v.get<std::string>();
  if (v.is_number() || v.is_boolean()) return v.dump();
  return fallback;
}

std::optional<double> number(const json& j, const char* key) {
  const json& v = field(j, key);
  if (v.is_number()) return v.get<double>();
  return std::nullopt;
}

std::string fmt_value(const json& v, int decimals, const std::string& unit) {
  if (v.is_number()) return fixed_text(v.get<double>(), decimals) + (unit.empty() ? "" : " " + unit);
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "yes" : "no";
  return "n/a";
}

std::string fmt_num(const json& j, const char* key, int decimals, const std::string& unit) {
  return fmt_value(field(j, key), decimals, unit);
}

Tone verdict_tone(const std::string& v) {
  if (v == "pass" || v == "verified") return Tone::pass;
  if (v == "fail" || v == "failed" || v == "aborted") return Tone::fail;
  return Tone::warn;
}

Cell verdict_cell(const std::string& v) {
  return Cell{ascii_upper(v), verdict_tone(v)};
}

std::string clock_text(double t_s) {
  const bool neg = t_s < 0;
  double a = std::abs(t_s);
  const int h = static_cast<int>(a / 3600);
  a -= h * 3600.0;
  const int m = static_cast<int>(a / 60);
  a -= m * 60.0;
  return fmt::format("{}{}:{:02d}:{:04.1f}", neg ? "-" : "", h, m, a);
}

std::string check_value_text(const Check& c) { return c.value ? fmt::format("{:.4g}", *c.value) : "n/a"; }

std::string check_limit_text(const Check& c) {
  if (c.nominal) return fmt::format("{:g} {} +- {:g} {}", *c.nominal, c.measurand.unit, c.limit, c.measurand.unit);
  return fmt::format("{} {:g}", to_string(c.comparison), c.limit);
}

Series line(std::string label, std::vector<Point> pts, Color c, bool dashed, bool markers) {
  Series s;
  s.label = std::move(label);
  s.points = std::move(pts);
  s.color = c;
  s.dashed = dashed;
  s.markers = markers;
  return s;
}

std::vector<Point> xy(const Trace& tr, const std::string& x, const std::string& y) {
  std::vector<Point> out;
  const auto* xs = tr.column(x);
  const auto* ys = tr.column(y);
  if (!xs || !ys) return out;
  out.reserve(xs->size());
  for (std::size_t i = 0; i < xs->size(); ++i) out.push_back({(*xs)[i], (*ys)[i]});
  return out;
}

}  // namespace pumprig::reports
