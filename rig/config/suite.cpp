#include "rig/config/suite.hpp"

#include <filesystem>

#include "rig/config/fixture.hpp"
#include "rig/config/yaml_reader.hpp"

namespace pumprig {

using namespace yaml_reader;

namespace {

// A matrix grows as the product of its lists: a few keys too many and it would never finish.
constexpr std::size_t kMaxRunsPerEntry = 1000;

std::string scenario_file(const Context& ctx, const Value& item, const std::filesystem::path& base) {
  const std::string file = text(ctx, item, kMaxLongTextChars);
  const std::filesystem::path resolved = std::filesystem::path(file).is_absolute() ? std::filesystem::path(file) : base / file;
  if (std::error_code ec; std::filesystem::is_directory(resolved, ec))
    throw ConfigError(item.pos, "scenario file '" + file + "' is a directory (" + resolved.string() + ")");
  if (!std::filesystem::is_regular_file(resolved))
    throw ConfigError(item.pos, "scenario file '" + file + "' not found (looked for " + resolved.string() + ")");
  return resolved.string();
}

std::string parameter_name(const Context& ctx, const YAML::Node& key) {
  const std::string name = key.IsScalar() ? key.Scalar() : "";
  if (!is_parameter_name(name))
    throw ConfigError(ctx.pos(key), "parameter names use letters, digits and '_' (not starting with a digit), got '" + name + "'");
  return name;
}

// One value for a parameter, as the scenario would have it in its `parameters:` block.
ParameterOverride parameter_value(const Context& ctx, const std::string& name, const SourcePos& name_pos, const Value& v,
                                  const std::string& where_given) {
  if (!v.node.IsScalar() || v.node.Scalar().empty())
    throw ConfigError(v.pos, "parameter '" + name + "' needs a value such as '25 ml/h'");
  const SourcePos at = ctx.pos(v.node);
  return ParameterOverride{name, v.node.Scalar(),
                           where_given + " " + name + "=" + v.node.Scalar() + " at " + to_string(at), name_pos};
}

// matrix: { rate: [1 ml/h, 5 ml/h], level: [low, high] }: every combination, the first key
// varying slowest (rate 1 low, rate 1 high, rate 5 low, ...).
std::vector<ParameterOverrides> read_matrix(const Context& ctx, const Field& f) {
  if (is_empty(f) || !f.node.IsMap() || f.node.size() == 0)
    throw ConfigError(f.pos, "'matrix' maps parameters to lists of values, e.g. { rate: [1 ml/h, 5 ml/h], level: [low, high] }");
  std::vector<ParameterOverrides> sets{ParameterOverrides{}};
  std::vector<std::string> seen;
  for (const auto& kv : f.node) {
    const SourcePos name_pos = ctx.pos(kv.first);
    const std::string name = parameter_name(ctx, kv.first);
    for (const auto& s : seen)
      if (s == name) throw ConfigError(name_pos, "parameter '" + name + "' given twice in the matrix");
    seen.push_back(name);
    const Value axis{kv.second, kv.second.IsNull() ? name_pos : ctx.pos(kv.second), name};
    std::vector<Value> values;
    if (axis.node.IsScalar()) values.push_back(axis);  // one value: the same in every run
    else values = items(ctx, axis);
    if (values.empty()) throw ConfigError(axis.pos, "parameter '" + name + "' needs at least one value in the matrix");
    if (sets.size() * values.size() > kMaxRunsPerEntry)
      throw ConfigError(f.pos, "the matrix makes more than " + std::to_string(kMaxRunsPerEntry) +
                                   " runs: split it over several entries or suites");
    std::vector<ParameterOverrides> next;
    for (const auto& set : sets)
      for (const auto& v : values) {
        next.push_back(set);
        next.back().push_back(parameter_value(ctx, name, name_pos, v, "matrix"));
      }
    sets = std::move(next);
  }
  return sets;
}

// parameters: { rate: 5 ml/h } (one run) or [ {rate: 1 ml/h}, {rate: 5 ml/h} ] (one run each).
std::vector<ParameterOverrides> read_parameter_list(const Context& ctx, const Field& f) {
  std::vector<Value> maps;
  if (!is_empty(f) && f.node.IsMap()) maps.push_back(f);
  else maps = items(ctx, f);
  if (maps.empty()) throw ConfigError(f.pos, "'parameters' needs at least one set, e.g. [ {rate: 1 ml/h}, {rate: 5 ml/h} ]");
  if (maps.size() > kMaxRunsPerEntry)
    throw ConfigError(f.pos, "more than " + std::to_string(kMaxRunsPerEntry) + " parameter sets: split them over several entries or suites");
  std::vector<ParameterOverrides> sets;
  for (const auto& m : maps) {
    if (!m.node.IsMap() || m.node.size() == 0)
      throw ConfigError(m.pos, "each parameter set is a map of names to values, e.g. {rate: 5 ml/h}");
    ParameterOverrides set;
    for (const auto& kv : m.node) {
      const SourcePos name_pos = ctx.pos(kv.first);
      const std::string name = parameter_name(ctx, kv.first);
      for (const auto& o : set)
        if (o.name == name) throw ConfigError(name_pos, "parameter '" + name + "' given twice in this set");
      const Value v{kv.second, kv.second.IsNull() ? name_pos : ctx.pos(kv.second), name};
      set.push_back(parameter_value(ctx, name, name_pos, v, "parameters"));
    }
    sets.push_back(std::move(set));
  }
  return sets;
}

SuiteEntry read_entry(const Context& ctx, const Value& item, const std::filesystem::path& base) {
  if (!item.node.IsMap()) return SuiteEntry{scenario_file(ctx, item, base), item.pos, {}};
  const MapReader m(ctx, item, "suite entry", {"scenario", "matrix", "parameters"});
  const Field file = m.need("scenario");
  SuiteEntry e{scenario_file(ctx, file, base), file.pos, {}};
  const auto matrix = m.get("matrix");
  const auto list = m.get("parameters");
  if (matrix && list)
    throw ConfigError(list->key_pos, "a suite entry takes either 'matrix' (every combination) or 'parameters' (a list of "
                                     "sets), not both");
  if (matrix) e.parameter_sets = read_matrix(ctx, *matrix);
  if (list) e.parameter_sets = read_parameter_list(ctx, *list);
  return e;
}

}  // namespace

bool is_suite_text(const std::string& yaml_text) {
  try {
    const YAML::Node root = YAML::Load(yaml_text);
    return root.IsMap() && root["schema"] && root["schema"].IsScalar() && root["schema"].Scalar() == kSuiteSchema;
  } catch (const YAML::Exception&) {
    return false;  // the real loader reports the syntax error with its position
  }
}

Suite load_suite_file(const std::string& path) { return load_suite_text(read_text_file(path), path); }

Suite load_suite_text(const std::string& text_in, const std::string& path) {
  Context ctx;
  ctx.file = path;
  const YAML::Node root = load(ctx, text_in);
  check_schema(ctx, root, kSuiteSchema, "suite");
  const MapReader m(ctx, Value{root, ctx.pos(root), "suite"}, "suite", {"schema", "id", "title", "scenarios"});
  Suite s;
  s.source = path;
  s.id = text(ctx, m.need("id"));
  if (auto f = m.get("title")) s.title = text(ctx, *f);
  const Field list = m.need("scenarios");
  const auto entries = items(ctx, list);
  if (entries.empty()) throw ConfigError(list.pos, "'scenarios' needs at least one scenario file");
  const std::filesystem::path base = std::filesystem::path(path).parent_path();
  for (const auto& item : entries) s.scenarios.push_back(read_entry(ctx, item, base));
  return s;
}

}  // namespace pumprig
