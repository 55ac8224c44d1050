#include "rig/record/jsonl.hpp"

#include <stdexcept>

#include "rig/record/recorded_lines.hpp"

namespace pumprig {

JsonlReadResult read_jsonl(const std::filesystem::path& path) {
  JsonlReadResult result;
  RecordedLines lines(path);
  std::string line;
  while (lines.next(line)) {
    if (lines.torn()) {
      result.notes.push_back(lines.torn_note());
      break;
    }
    std::string problem;
    try {
      nlohmann::json obj = nlohmann::json::parse(line);
      if (obj.is_object()) {
        result.objects.push_back(std::move(obj));
        continue;
      }
      problem = "not a JSON object";
    } catch (const nlohmann::json::parse_error& e) {
      problem = e.what();
    }
    if (lines.last()) {
      result.notes.push_back(lines.unreadable_last_note());
      break;
    }
    throw std::runtime_error(lines.where() + ": " + problem);
  }
  return result;
}

}  // namespace pumprig
