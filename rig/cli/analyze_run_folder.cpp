#include "rig/cli/analyze_run_folder.hpp"

#include <filesystem>
#include <ostream>
#include <stdexcept>

#include <fmt/format.h>

#include "rig/cli/result_table.hpp"
#include "rig/cli/result_target.hpp"
#include "rig/core/safe_text.hpp"
#include "rig/record/atomic_write.hpp"
#include "rig/record/run_files.hpp"
#include "rig/record/utc_time.hpp"
#include "rig/session/exit_codes.hpp"
#include "rig/session/reanalysis.hpp"

#ifndef PUMPRIG_VERSION
#define PUMPRIG_VERSION "unknown"
#endif

namespace pumprig {

namespace fs = std::filesystem;

namespace {

// Whether `path` (which need not exist) is `folder` or lies below it.
bool inside(const fs::path& path, const fs::path& folder) {
  const fs::path p = fs::weakly_canonical(fs::absolute(path));
  const fs::path f = fs::weakly_canonical(fs::absolute(folder));
  auto fi = f.begin();
  auto pi = p.begin();
  for (; fi != f.end(); ++fi, ++pi)
    if (pi == p.end() || *pi != *fi) return false;
  return true;
}

}  // namespace

int run_analyze_folder(const AnalyzeFolderOptions& o, std::ostream& out, std::ostream& err) {
  const std::string who = "pumprig analyze: error: ";
  try {
    const fs::path run_dir(o.run_dir);
    if (!fs::is_directory(run_dir)) throw std::runtime_error(fmt::format("{}: not a run folder", o.run_dir));
    Reanalysis r = reanalyse_run_folder(run_dir);

    const fs::path dir = o.out.empty() ? fs::path("analysis-" + r.run_id) : fs::path(o.out);
    // The run folder is sealed: its manifest covers result.json, and a second result in it (or in
    // a folder inside it, as the default would be when run from within it) would make two answers
    // to one run.
    if (inside(dir, run_dir))
      throw std::runtime_error(fmt::format("{} is in the run folder {}, which is sealed: write the re-analysis "
                                           "elsewhere (--out DIR; default: analysis-<run id> in the current folder)",
                                           dir.string(), o.run_dir));
    const fs::path target = dir / run_files::kResult;
    check_result_target(target);

    r.result.run.other["software"] = {{"name", "pumprig"}, {"version", PUMPRIG_VERSION}, {"command", "analyze"}};
    r.result.run.other["reanalysis_of"] = {{"run_dir", fs::absolute(run_dir).lexically_normal().string()},
                                        {"run_status", r.run_status},
                                        {"analyzed_at_utc", utc_iso(std::chrono::system_clock::now())}};

    out << fmt::format("pumprig analyze: {} re-analysed from its record: {} on {} (run {})\n", o.run_dir,
                       r.scenario_title, r.fixture_name, r.run_status);
    for (const auto& note : r.notes) out << "  note: " << printable(note) << "\n";
    print_result_summary(out, r.result, r.stations.details, r.verdict);
    fs::create_directories(dir);
    write_file_atomically(target, to_json(r.result).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
    out << "  result: " << target.string() << "\n";
    return exit_code_for(r.verdict.outcome);
  } catch (const std::exception& e) {
    err << who << printable(e.what()) << "\n";
  }
  return kExitUsage;
}

}  // namespace pumprig
