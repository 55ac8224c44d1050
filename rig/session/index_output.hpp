#pragma once
// The run index as an output: a sealed run is listed in index.sqlite (by default next to its run
// folder) for history and regression comparison.
#include <filesystem>
#include <optional>

#include "rig/session/run_output.hpp"

namespace pumprig {

class IndexOutput final : public RunOutput {
 public:
  // `index_path`: none means <run folder's parent>/index.sqlite.
  explicit IndexOutput(std::optional<std::filesystem::path> index_path) : index_path_(std::move(index_path)) {}
  std::string name() const override { return "run index"; }
  // Throws naming the index file when it cannot be written.
  void write(const FinishedRun& run, std::ostream& err) override;
  // Where a run folder is listed: the given index, or index.sqlite beside the resolved folder
  // (a trailing slash on the folder changes nothing).
  std::filesystem::path path_for(const std::filesystem::path& run_dir) const;

 private:
  std::optional<std::filesystem::path> index_path_;
};

}  // namespace pumprig
