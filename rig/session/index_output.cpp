#include "rig/session/index_output.hpp"

#include "rig/index/run_index.hpp"

namespace pumprig {

void IndexOutput::write(const FinishedRun& run, std::ostream& err) {
  // An unsealed run has no digest to anchor: it is not listed (verify reports it as unsealed).
  if (!run.sealed) return;
  const std::filesystem::path path =
      index_path_ ? *index_path_ : std::filesystem::absolute(run.dir).lexically_normal().parent_path() / kIndexFile;
  try {
    RunIndex(path).record(indexed_run_from_folder(run.dir, run.manifest_digest));
  } catch (const std::exception& e) {
    err << "pumprig: warning: run not recorded in the index " << path.string() << ": " << e.what() << "\n";
  }
}

}  // namespace pumprig
