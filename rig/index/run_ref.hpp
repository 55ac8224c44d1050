#pragma once
// How commands name a run: a folder path, a run id, or a unique prefix of an id in the index.
#include <filesystem>
#include <optional>
#include <string>

namespace pumprig {

struct ResolvedRunRef {
  std::string id;
  std::filesystem::path folder;
};

// An existing directory is taken as the run folder (its id from run.json, else its name);
// otherwise `ref` is looked up in the index at `index_path`. Throws IndexError / runtime_error
// with a message naming what was not found or what is ambiguous.
ResolvedRunRef resolve_run_ref(const std::string& ref, const std::filesystem::path& index_path);

// run.json's run_id, else the folder's name.
std::string run_id_of_folder(const std::filesystem::path& dir);

// The folder as the index records it: absolute, symbolic links resolved, no trailing separator
// ("RUN/" and "RUN" are the same folder).
std::filesystem::path resolved_run_folder(const std::filesystem::path& dir);

}  // namespace pumprig
