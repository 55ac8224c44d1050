#include "rig/config/yaml_reader.hpp"

#include <algorithm>
#include <charconv>
#include <stdexcept>

#include <fmt/format.h>

#include "rig/core/safe_text.hpp"

namespace pumprig::yaml_reader {

namespace {

const char* type_name(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Map: return "a map";
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Scalar: return "a scalar";
    default: return "nothing";
  }
}

std::string line_of(const SourcePos& p) { return "line " + std::to_string(p.line); }

// yaml-cpp also reads UTF-16 and UTF-32 files, which start with a byte order mark.
bool starts_with_utf16_or_32_bom(const std::string& t) {
  const auto b = [&](std::size_t i) { return i < t.size() ? static_cast<unsigned char>(t[i]) : 0x100u; };
  return (b(0) == 0xFE && b(1) == 0xFF) || (b(0) == 0xFF && b(1) == 0xFE) ||
         (b(0) == 0 && b(1) == 0 && b(2) == 0xFE && b(3) == 0xFF);
}

std::string checked_text(const Value& v, const Resolved& r, std::size_t max_chars) {
  if (const auto problem = text_problem(r.text, max_chars))
    throw ConfigError(v.pos, "'" + v.label + "' " + *problem + r.origin);
  return r.text;
}

}  // namespace

SourcePos Context::pos(const YAML::Node& node) const {
  const YAML::Mark m = node.Mark();
  if (m.is_null()) return SourcePos{file, 0, 0};
  return SourcePos{file, m.line + 1, m.column + 1};
}

YAML::Node load(const Context& ctx, const std::string& text) {
  if (!starts_with_utf16_or_32_bom(text)) {
    if (const auto bad = first_invalid_utf8(text)) {
      const LineCol lc = line_col_of(text, *bad);
      throw ConfigError(SourcePos{ctx.file, lc.line, lc.col},
                        fmt::format("invalid UTF-8 (byte \\x{:02x}): the file must be UTF-8 text",
                                    static_cast<unsigned char>(text[*bad])));
    }
  }
  try {
    return YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    throw ConfigError(SourcePos{ctx.file, e.mark.line + 1, e.mark.column + 1}, "YAML syntax error: " + e.msg);
  }
}

void check_schema(const Context& ctx, const YAML::Node& root, const std::string& expected, const std::string& kind) {
  if (!root.IsDefined() || root.IsNull())
    throw ConfigError(SourcePos{ctx.file, 1, 1}, "empty file: a " + kind + " starts with 'schema: " + expected + "'");
  if (!root.IsMap())
    throw ConfigError(ctx.pos(root), "a " + kind + " is a map of keys starting with 'schema: " + expected +
                                         "', got " + type_name(root));
  const YAML::Node schema = root["schema"];
  if (!schema)
    throw ConfigError(ctx.pos(root), "missing key 'schema' in " + kind + " (the first line should be 'schema: " +
                                         expected + "')");
  const SourcePos pos = ctx.pos(schema);
  if (!schema.IsScalar()) throw ConfigError(pos, "schema must be text such as '" + expected + "'");
  const std::string& got = schema.Scalar();
  if (got == expected) return;
  const auto eslash = expected.rfind('/');
  const std::string expected_family = expected.substr(0, eslash);
  const auto slash = got.rfind('/');
  const std::string family = got.substr(0, slash);
  if (slash == std::string::npos && family == expected_family)
    throw ConfigError(pos, "schema '" + got + "' has no version: write '" + expected + "'");
  if (family == expected_family)
    throw ConfigError(pos, "unsupported schema version '" + got + "': this pumprig reads '" + expected + "'");
  if (family == "pumprig.fixture" || family == "pumprig.scenario")
    throw ConfigError(pos, "this is a " + family.substr(8) + " file (schema '" + got + "'), expected a " + kind +
                               " ('" + expected + "')");
  throw ConfigError(pos, "unknown schema '" + got + "': expected '" + expected + "'");
}

MapReader::MapReader(const Context& ctx, const Value& v, std::string what, std::vector<std::string> allowed)
    : where_(v.pos), what_(std::move(what)) {
  if (is_empty(v)) return;
  if (!v.node.IsMap())
    throw ConfigError(v.pos, what_ + " must be a map of keys (" + quoted_list(allowed, "and") + "), got " +
                                 type_name(v.node));
  for (const auto& kv : v.node) {
    const SourcePos key_pos = ctx.pos(kv.first);
    if (!kv.first.IsScalar()) throw ConfigError(key_pos, "keys in " + what_ + " must be plain words");
    const std::string key = kv.first.Scalar();
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      std::string msg = "unknown key '" + key + "' in " + what_;
      const std::string hint = did_you_mean_suffix(key, allowed);
      msg += hint.empty() ? " (allowed: " + quoted_list(allowed, "and") + ")" : hint;
      throw ConfigError(key_pos, msg);
    }
    for (const auto& f : fields_)
      if (f.label == key) throw ConfigError(key_pos, "key '" + key + "' given twice in " + what_ + " (first at " + line_of(f.key_pos) + ")");
    Field f;
    f.node = kv.second;
    f.key_pos = key_pos;
    f.pos = kv.second.IsNull() ? key_pos : ctx.pos(kv.second);
    f.label = key;
    fields_.push_back(std::move(f));
  }
}

std::optional<Field> MapReader::get(std::string_view key) const {
  for (const auto& f : fields_)
    if (f.label == key) return f;
  return std::nullopt;
}

Field MapReader::need(std::string_view key) const {
  if (auto f = get(key)) return *f;
  throw ConfigError(where_, "missing key '" + std::string(key) + "' in " + what_);
}

bool is_empty(const Value& v) { return !v.node.IsDefined() || v.node.IsNull(); }

Resolved scalar(const Context& ctx, const Value& v, std::string_view expected_what) {
  if (is_empty(v)) throw ConfigError(v.pos, "missing value for '" + v.label + "': expected " + std::string(expected_what));
  if (!v.node.IsScalar())
    throw ConfigError(v.pos, "'" + v.label + "' must be " + std::string(expected_what) + ", got " + type_name(v.node));
  const std::string& raw = v.node.Scalar();
  Resolved r;
  std::size_t i = 0;
  while (i < raw.size()) {
    const auto open = raw.find("${", i);
    if (open == std::string::npos) {
      r.text += raw.substr(i);
      break;
    }
    r.text += raw.substr(i, open - i);
    const auto close = raw.find('}', open + 2);
    if (close == std::string::npos) throw ConfigError(v.pos, "unterminated '${' in '" + raw + "' (write '${name}')");
    const std::string name = raw.substr(open + 2, close - open - 2);
    const auto it = ctx.params.find(name);
    if (it == ctx.params.end()) {
      std::vector<std::string> names;
      for (const auto& [k, _] : ctx.params) names.push_back(k);
      std::string msg = "unknown parameter '${" + name + "}'" + did_you_mean_suffix(name, names);
      msg += names.empty() ? " (this file has no parameters block)" : "; parameters are " + quoted_list(names, "and");
      throw ConfigError(v.pos, msg);
    }
    r.text += it->second;
    if (r.origin.empty() && ctx.param_origin.count(name)) {
      r.origin = " (from parameter '" + name + "', given as " + ctx.param_origin.at(name) + ")";
    } else if (r.origin.empty()) {
      const auto w = ctx.param_where.find(name);
      r.origin = " (from parameter '" + name + "'" + (w != ctx.param_where.end() ? ", " + line_of(w->second) : "") + ")";
    }
    i = close + 1;
  }
  return r;
}

std::string text(const Context& ctx, const Value& v, std::size_t max_chars) {
  Resolved r = scalar(ctx, v, "text");
  if (r.text.empty()) throw ConfigError(v.pos, "'" + v.label + "' must not be empty");
  return checked_text(v, r, max_chars);
}

std::string optional_text(const Context& ctx, const Value& v, std::size_t max_chars) {
  if (is_empty(v)) return {};
  return checked_text(v, scalar(ctx, v, "text"), max_chars);
}

double quantity(const Context& ctx, const Value& v, Dimension d) {
  const std::string what = std::string(dimension_name(d)) + " such as '" + dimension_example(d) + "'";
  const Resolved r = scalar(ctx, v, "a " + what);
  try {
    return parse_quantity(r.text, d);
  } catch (const std::invalid_argument& e) {
    throw ConfigError(v.pos, e.what() + r.origin);
  }
}

double positive_quantity(const Context& ctx, const Value& v, Dimension d) {
  const double q = quantity(ctx, v, d);
  if (!(q > 0.0))
    throw ConfigError(v.pos, "'" + v.label + "' must be more than zero, got '" + scalar(ctx, v, "").text + "'");
  return q;
}

long long integer(const Context& ctx, const Value& v, long long min, long long max) {
  const std::string range = std::to_string(min) + " to " + std::to_string(max);
  const Resolved r = scalar(ctx, v, "a whole number (" + range + ")");
  long long out = 0;
  const auto [end, ec] = std::from_chars(r.text.data(), r.text.data() + r.text.size(), out);
  if (ec != std::errc() || end != r.text.data() + r.text.size() || out < min || out > max)
    throw ConfigError(v.pos, "'" + v.label + "' must be a whole number from " + range + ", got '" + r.text + "'" + r.origin);
  return out;
}

std::uint64_t unsigned_integer(const Context& ctx, const Value& v) {
  const Resolved r = scalar(ctx, v, "a whole number (0 or more)");
  std::uint64_t out = 0;
  const auto [end, ec] = std::from_chars(r.text.data(), r.text.data() + r.text.size(), out);
  if (ec != std::errc() || end != r.text.data() + r.text.size())
    throw ConfigError(v.pos, "'" + v.label + "' must be a whole number 0 or more, got '" + r.text + "'" + r.origin);
  return out;
}

std::vector<Value> items(const Context& ctx, const Value& v) {
  if (is_empty(v) || !v.node.IsSequence())
    throw ConfigError(v.pos, "'" + v.label + "' must be a list (- item, or [a, b]), got " + type_name(v.node));
  std::vector<Value> out;
  for (const auto& item : v.node) {
    Value iv;
    iv.node = static_cast<const YAML::Node&>(item);
    iv.pos = item.IsNull() ? v.pos : ctx.pos(item);
    iv.label = v.label + " item";
    out.push_back(std::move(iv));
  }
  return out;
}

}  // namespace pumprig::yaml_reader
