#include "rig/index/run_ref.hpp"

#include "rig/index/run_index.hpp"
#include "rig/record/json_file.hpp"
#include "rig/record/run_files.hpp"

namespace pumprig {

std::string run_id_of_folder(const std::filesystem::path& dir) {
  if (const auto j = read_json_file(dir / run_files::kRunJson); j && j->is_object())
    if (const auto id = j->find("run_id"); id != j->end() && id->is_string()) return id->get<std::string>();
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
