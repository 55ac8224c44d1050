#pragma once
// A run's folder: runs/<UTC time>-<scenario id>-<random id>/ by default, or the folder the
// tester chose with --out. A run folder is never reused: recorded data is evidence, so creating
// one over an existing non-empty folder is an error that names it. Every run has an id of that
// same form, unique whatever the folder is called: the default folder's name is its id, a
// folder given with --out (ci1/ff, ci2/ff) keeps its name and gets an id of its own, so two runs
// never share an id in one run index.
#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>

namespace pumprig {

class RunFolder {
 public:
  // Creates base_dir (and parents) as needed, then a new folder
  // "<base_dir>/20261127T164602Z-<scenario>-3f9a2c". Characters of scenario_id that are not
  // safe in a file name become '-'. Throws std::system_error naming the path on failure.
  static RunFolder create_new(const std::filesystem::path& base_dir, std::string_view scenario_id,
                              std::chrono::system_clock::time_point now = std::chrono::system_clock::now());
  // Uses exactly out_dir, creating it and its parents; an existing empty directory is accepted,
  // an existing non-empty one (or a file) throws std::runtime_error naming it.
  static RunFolder create_at(const std::filesystem::path& out_dir, std::string_view scenario_id = "run",
                             std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

  const std::filesystem::path& path() const { return path_; }
  // "20261127T164602Z-<scenario>-3f9a2c": the folder's name for a default folder.
  const std::string& run_id() const { return run_id_; }

  // The default folder name, exposed so tests and the run index agree on the pattern.
  static std::string folder_name(std::chrono::system_clock::time_point t, std::string_view scenario_id,
                                 std::string_view random_id);

 private:
  RunFolder(std::filesystem::path p, std::string run_id) : path_(std::move(p)), run_id_(std::move(run_id)) {}
  std::filesystem::path path_;
  std::string run_id_;
};

// Keeps [A-Za-z0-9._-], replaces anything else with '-', never starts with '.', never empty.
std::string file_name_part(std::string_view text);
// True when `name` can be used as-is inside a file name (samples-<station>.csv): non-empty,
// only [A-Za-z0-9._-], not starting with '.'. Station and instrument names must satisfy this
// so that the reader can map files back to the names exactly.
bool is_safe_name(std::string_view name);

}  // namespace pumprig
