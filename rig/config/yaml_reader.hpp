#pragma once
// Strict reading of YAML for fixtures and scenarios: every map is checked against its allowed
// keys, every value converted with an error at its own position. yaml-cpp marks are 0-based;
// SourcePos is 1-based.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "rig/config/config_error.hpp"
#include "rig/config/units.hpp"

namespace pumprig::yaml_reader {

struct Context {
  std::string file;
  // Scenario parameters: "${name}" in a scalar is replaced by the parameter's text.
  std::map<std::string, std::string> params;
  std::map<std::string, SourcePos> param_where;
  // Parameters given from outside the file: where, as "--param rate=5 ml/h" (for messages).
  std::map<std::string, std::string> param_origin;
  SourcePos pos(const YAML::Node& node) const;
};

// A value to convert, with where it is and what it is called in messages.
struct Value {
  YAML::Node node;
  SourcePos pos;       // the value's position; the key's when the value is empty (yaml-cpp
                       // marks an empty value at the next token, which misleads)
  std::string label;   // the key, or "<key> item"
};

struct Field : Value {
  SourcePos key_pos;
};

// Parses `text` and returns the root, turning YAML syntax errors and invalid UTF-8 (at the
// line and column of the first bad byte) into ConfigError.
YAML::Node load(const Context& ctx, const std::string& text);

// The root must be a map whose `schema` key is exactly `expected`; `kind` is "fixture" or
// "scenario" for the messages.
void check_schema(const Context& ctx, const YAML::Node& root, const std::string& expected, const std::string& kind);

class MapReader {
 public:
  // Throws ConfigError when `v` is not a map (an empty value counts as an empty map), or has a
  // key not in `allowed` (did-you-mean) or the same key twice. `what` names the map in messages
  // ("set_pump", "balance of station-1").
  MapReader(const Context& ctx, const Value& v, std::string what, std::vector<std::string> allowed);
  std::optional<Field> get(std::string_view key) const;
  // Missing -> "missing key '<key>' in <what>" at the map's position.
  Field need(std::string_view key) const;
  bool has(std::string_view key) const { return get(key).has_value(); }
  const SourcePos& where() const { return where_; }
  const std::string& what() const { return what_; }
  std::size_t size() const { return fields_.size(); }
  const std::vector<Field>& fields() const { return fields_; }

 private:
  SourcePos where_;
  std::string what_;
  std::vector<Field> fields_;
};

struct Resolved {
  std::string text;
  std::string origin;  // " (from parameter 'rate', line 8)" when a ${param} was substituted
};

// Length limits for free text read from files, in characters (code points). Names, ids, titles
// and identity fields (manufacturer, model, serial, firmware) are short; prompt text, paths and
// connection strings may be longer. Every text value is also refused when it holds a control
// character other than tab and newline (the whole file is checked for valid UTF-8 on load).
inline constexpr std::size_t kMaxNameChars = 256;
inline constexpr std::size_t kMaxLongTextChars = 4096;

bool is_empty(const Value& v);
// The scalar text with ${params} substituted. Throws when not a scalar or when empty.
Resolved scalar(const Context& ctx, const Value& v, std::string_view expected_what);
// Non-empty text of at most `max_chars` characters without control characters.
std::string text(const Context& ctx, const Value& v, std::size_t max_chars = kMaxNameChars);
// Empty value -> "".
std::string optional_text(const Context& ctx, const Value& v, std::size_t max_chars = kMaxNameChars);
double quantity(const Context& ctx, const Value& v, Dimension d);
// Strictly positive (durations, rates, volumes, masses).
double positive_quantity(const Context& ctx, const Value& v, Dimension d);
long long integer(const Context& ctx, const Value& v, long long min, long long max);
std::uint64_t unsigned_integer(const Context& ctx, const Value& v);
// Sequence items (a single scalar is not a sequence: error).
std::vector<Value> items(const Context& ctx, const Value& v);

}  // namespace pumprig::yaml_reader
