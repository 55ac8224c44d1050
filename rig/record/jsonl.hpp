#pragma once
// Reading JSON Lines files written by the Recorder (events.jsonl): one JSON object per line.
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace pumprig {

struct JsonlReadResult {
  std::vector<nlohmann::json> objects;
  std::vector<std::string> notes;  // "events.jsonl:812: torn last line ... dropped"
};

// A torn last line (no trailing newline) or an unparsable last line is dropped and a note
// names file and line; a line elsewhere that is not a JSON object throws std::runtime_error
// naming file:line, because that is damage a crash cannot cause.
JsonlReadResult read_jsonl(const std::filesystem::path& path);

}  // namespace pumprig
