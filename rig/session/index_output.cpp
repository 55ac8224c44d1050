#include "rig/session/index_output.hpp"

#include <stdexcept>

#include "rig/index/run_index.hpp"
#include "rig/index/run_ref.hpp"

namespace pumprig {

std::filesystem::path IndexOutput::path_for(const std::filesystem::path& run_dir) const {
  return index_path_ ? *index_path_ : resolved_run_folder(run_dir).parent_path() / kIndexFile;
}

void IndexOutput::write(const FinishedRun& run, std::ostream&) {
  // An unsealed run has no digest to anchor: it is not listed (verify reports it as unsealed).
  if (!run.sealed) return;
  const std::filesystem::path path = path_for(run.dir);
  try {
    RunIndex(path).record(indexed_run_from_folder(run.dir, run.manifest_digest));
  } catch (const std::exception& e) {
    throw std::runtime_error("run not recorded in the index " + path.string() + ": " + e.what());
  }
}

}  // namespace pumprig
