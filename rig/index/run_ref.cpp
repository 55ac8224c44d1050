#include "rig/index/run_ref.hpp"

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "rig/index/run_index.hpp"
#include "rig/record/run_files.hpp"

namespace pumprig {

std::string run_id_of_folder(const std::filesystem::path& dir) {
  std::ifstream in(dir / run_files::kRunJson, std::ios::binary);
  if (in) {
    std::ostringstream s;
    s << in.rdbuf();
    try {
      const auto j = nlohmann::json::parse(s.str());
      if (j.is_object() && j.contains("run_id") && j["run_id"].is_string()) return j["run_id"].get<std::string>();
    } catch (const nlohmann::json::parse_error&) {
    }
  }
  return resolved_run_folder(dir).filename().string();
}

std::filesystem::path resolved_run_folder(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::path p = std::filesystem::weakly_canonical(dir, ec);
  if (ec) p = std::filesystem::absolute(dir).lexically_normal();
  while (p.filename().empty() && p.has_relative_path()) p = p.parent_path();
  return p;
}

ResolvedRunRef resolve_run_ref(const std::string& ref, const std::filesystem::path& index_path) {
  std::error_code ec;
  if (std::filesystem::is_directory(ref, ec)) return ResolvedRunRef{run_id_of_folder(ref), ref};
  const RunIndex index = RunIndex::open_existing(index_path);
  const IndexedRun run = index.resolve(ref);
  return ResolvedRunRef{run.id, run.folder};
}

}  // namespace pumprig
