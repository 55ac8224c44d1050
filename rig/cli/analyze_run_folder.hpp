#pragma once
// `pumprig analyze RUN_DIR [--out DIR]`: re-analyses a recorded run of any kind (accuracy,
// occlusion, free flow) from its folder alone; the rate, markers, limits and parameters come
// from the record. Writes result.json (the schema and test keys of the run's own) into DIR,
// by default analysis-<run id>/ in the current folder, never into the sealed run folder.
//
// Exit codes as `pumprig run`: 0 pass, 1 fail or inconclusive, 2 usage or unreadable record,
// 3 the run was aborted (or killed: its record is analysed as far as it goes).
#include <iosfwd>
#include <string>

namespace pumprig {

struct AnalyzeFolderOptions {
  std::string run_dir;
  std::string out;  // empty: analysis-<run id> in the current folder
};

int run_analyze_folder(const AnalyzeFolderOptions& options, std::ostream& out, std::ostream& err);

}  // namespace pumprig
