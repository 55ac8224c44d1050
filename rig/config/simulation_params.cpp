#include "rig/config/simulation_params.hpp"

#include <algorithm>

#include "rig/config/yaml_reader.hpp"

namespace pumprig {

using namespace yaml_reader;

namespace {

Context context_for(const SourcePos& where) {
  Context ctx;
  ctx.file = where.file;
  return ctx;
}

}  // namespace

SimulationParams::SimulationParams(const std::optional<YAML::Node>& block, const SourcePos& where,
                                   std::vector<std::string> allowed)
    : node_(block), where_(where) {
  if (!node_) return;
  const Context ctx = context_for(where_);
  // The constructor does the checking: unknown keys, duplicates, not a map.
  (void)MapReader(ctx, Value{*node_, where_, "simulation"}, "simulation", std::move(allowed));
}

bool SimulationParams::has(const std::string& key) const {
  return node_ && node_->IsMap() && static_cast<bool>((*node_)[key]);
}

SourcePos SimulationParams::where(const std::string& key) const {
  if (!has(key)) return where_;
  const Context ctx = context_for(where_);
  for (const auto& kv : *node_)
    if (kv.first.Scalar() == key) return kv.second.IsNull() ? ctx.pos(kv.first) : ctx.pos(kv.second);
  return where_;
}

double SimulationParams::quantity(const std::string& key, Dimension d, double default_value) const {
  if (!has(key)) return default_value;
  const Context ctx = context_for(where_);
  return yaml_reader::quantity(ctx, Value{(*node_)[key], where(key), key}, d);
}

std::string SimulationParams::text(const std::string& key, const std::string& default_value) const {
  if (!has(key)) return default_value;
  const Context ctx = context_for(where_);
  return yaml_reader::text(ctx, Value{(*node_)[key], where(key), key});
}

bool SimulationParams::flag(const std::string& key, bool default_value) const {
  if (!has(key)) return default_value;
  const std::string t = text(key, "");
  if (t == "true" || t == "yes" || t == "on") return true;
  if (t == "false" || t == "no" || t == "off") return false;
  throw ConfigError(where(key), "'" + key + "' must be true or false, got '" + t + "'");
}

std::string SimulationParams::choice(const std::string& key, const std::vector<std::string>& choices,
                                     const std::string& default_value) const {
  if (!has(key)) return default_value;
  const std::string t = text(key, "");
  if (std::find(choices.begin(), choices.end(), t) == choices.end())
    throw ConfigError(where(key), "unknown " + key + " '" + t + "'" + did_you_mean_suffix(t, choices) + "; expected " +
                                      quoted_list(choices));
  return t;
}

}  // namespace pumprig
