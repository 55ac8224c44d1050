#pragma once
// `pumprig report RUN_DIR [--out DIR] [--key PUB] [--index PATH | --no-index]`: (re)generate
// report.pdf, report.html and junit.xml from a run folder, finished, aborted or killed. The
// integrity line is `pumprig verify`'s outcome with the same key and index options.
#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "rig/integrity/verify.hpp"

namespace CLI {
class App;
}

namespace pumprig {

struct ReportOptions {
  std::string run_dir;
  std::optional<std::string> out_dir;  // default: the run folder
  std::vector<std::string> key_paths{};     // trusted keys (files or folders) for the integrity check
  std::optional<std::string> index_path{};  // default: index.sqlite next to the folder
  bool no_index = false;
};

// 0 when the reports were written, 2 when the folder cannot be read or a file cannot be written.
int run_report(const ReportOptions& options, std::ostream& out, std::ostream& err);

// The end of `pumprig run`: the reports of the folder just recorded. Never throws; a failure is
// written to `err` and returned as false (the run's own exit code stands). `verify`: the index the
// run was recorded in and the key it was signed with, so the report says what vouches for it.
bool write_run_reports(const std::filesystem::path& run_dir, std::ostream& err, const VerifyOptions& verify = {});

// `pumprig analyze ... --report DIR`: the reports of the result.json just written to `result_dir`
// for imported data (no run.json; the result's `run` says provenance "imported"). 0 or 2.
int write_imported_reports(const std::filesystem::path& result_dir, const std::string& input_csv,
                           const std::filesystem::path& report_dir, std::ostream& out, std::ostream& err);

void add_report_command(CLI::App& app, int& exit_code);

}  // namespace pumprig
