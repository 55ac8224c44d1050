#include "rig/config/regression.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string_view>

#include <fmt/format.h>

#include "rig/config/yaml_reader.hpp"

namespace pumprig {

using namespace yaml_reader;

double MetricTolerance::allowed_move(double reference) const {
  return relative ? value / 100.0 * std::fabs(reference) : value;
}

bool MetricTolerance::allows(double reference, double candidate) const {
  return std::fabs(candidate - reference) <= allowed_move(reference);
}

std::string MetricTolerance::text() const { return relative ? fmt::format("{} %", value) : fmt::format("{}", value); }

namespace {

MetricTolerance read_tolerance(const Context& ctx, const Value& v) {
  const Resolved r = scalar(ctx, v, "a tolerance such as 0.5 or 10 %");
  std::string_view t = r.text;
  auto trim = [](std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return s;
  };
  t = trim(t);
  MetricTolerance tol;
  tol.where = v.pos;
  if (!t.empty() && t.back() == '%') {
    tol.relative = true;
    t = trim(t.substr(0, t.size() - 1));
  }
  const auto res = std::from_chars(t.data(), t.data() + t.size(), tol.value);
  if (t.empty() || res.ec != std::errc{} || res.ptr != t.data() + t.size() || !std::isfinite(tol.value))
    throw ConfigError(v.pos, "tolerance of '" + v.label + "' must be a number (absolute, in the metric's unit) or a "
                             "percentage such as 10 %, not '" + r.text + "'" + r.origin);
  if (tol.value < 0) throw ConfigError(v.pos, "tolerance of '" + v.label + "' must not be negative" + r.origin);
  return tol;
}

}  // namespace

RegressionConfig read_regression(const Context& ctx, const Value& v) {
  const MapReader m(ctx, v, "regression", {"tolerances"});
  RegressionConfig rc;
  if (auto f = m.get("tolerances")) {
    if (is_empty(*f)) return rc;
    // Keys are metric names, free-form, so not a MapReader with a fixed list.
    if (!f->node.IsMap())
      throw ConfigError(f->pos, "'tolerances' must be a map of metric name to tolerance, e.g. { mean_error_pct: 0.5 }");
    for (const auto& kv : f->node) {
      const SourcePos key_pos = ctx.pos(kv.first);
      const std::string name = kv.first.IsScalar() ? kv.first.Scalar() : std::string();
      const bool ok = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
      });
      if (!ok) throw ConfigError(key_pos, "metric names in 'tolerances' use a-z, 0-9 and '_' (e.g. mean_error_pct)");
      if (rc.tolerances.count(name)) throw ConfigError(key_pos, "tolerance of '" + name + "' given twice");
      Value value{kv.second, kv.second.IsNull() ? key_pos : ctx.pos(kv.second), name};
      rc.tolerances.emplace(name, read_tolerance(ctx, value));
    }
  }
  return rc;
}

std::optional<RegressionConfig> regression_from_scenario_text(const std::string& yaml_text, const std::string& source_name) {
  Context ctx;
  ctx.file = source_name;
  const YAML::Node root = load(ctx, yaml_text);
  if (!root.IsMap() || !root["regression"]) return std::nullopt;
  const YAML::Node node = root["regression"];
  return read_regression(ctx, Value{node, ctx.pos(node), "regression"});
}

}  // namespace pumprig
