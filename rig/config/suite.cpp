#include "rig/config/suite.hpp"

#include <filesystem>

#include "rig/config/fixture.hpp"
#include "rig/config/yaml_reader.hpp"

namespace pumprig {

using namespace yaml_reader;

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
  for (const auto& item : entries) {
    const std::string file = text(ctx, item, kMaxLongTextChars);
    const std::filesystem::path resolved = std::filesystem::path(file).is_absolute() ? std::filesystem::path(file) : base / file;
    if (std::error_code ec; std::filesystem::is_directory(resolved, ec))
      throw ConfigError(item.pos, "scenario file '" + file + "' is a directory (" + resolved.string() + ")");
    if (!std::filesystem::is_regular_file(resolved))
      throw ConfigError(item.pos, "scenario file '" + file + "' not found (looked for " + resolved.string() + ")");
    s.scenarios.push_back(SuiteEntry{resolved.string(), item.pos});
  }
  return s;
}

}  // namespace pumprig
