#include "rig/cli/report_command.hpp"

#include <fstream>
#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>

#include "reports/report.hpp"
#include "rig/session/exit_codes.hpp"
#include "rig/integrity/verify.hpp"
#include "rig/record/run_reader.hpp"
#include "rig/record/run_files.hpp"
#include "rig/record/run_status.hpp"

namespace pumprig {

namespace {

// What the report says about the folder's integrity: the same check and outcome as `pumprig
// verify` with the same options (by default the run index next to the folder, when there is one).
reports::IntegrityStatus integrity_of(const std::filesystem::path& run_dir, const VerifyOptions& options) {
  reports::IntegrityStatus st;
  try {
    const VerifyReport v = verify_run_folder(run_dir, options);
    st.manifest_digest = v.manifest_digest;
    st.signed_ = v.signed_;
    st.detail = v.detail();
    for (const auto& f : v.person_signatures)
      st.signatures.push_back({f.valid ? f.signature.meaning : "", f.valid ? f.signature.name : f.describe(),
                               f.valid ? f.signature.time : "", f.valid ? f.signature.key_fingerprint : "",
                               !f.problem.empty()        ? "INVALID: " + f.problem
                               : f.trusted               ? "valid, trusted key"
                               : options.trusted_keys.empty() ? "UNTRUSTED: valid, but no trusted key was given"
                                                              : "UNTRUSTED: valid, but the key is not among the trusted ones",
                               f.problem.empty() && f.trusted});
    const std::string state = v.state();
    // "tampered" reads "failed" on the cover; "unsealed" and "self-consistent only" keep their
    // names: neither is a failure, and neither is verified.
    st.state = state == "tampered" ? "failed" : state;
  } catch (const std::exception& e) {
    st.detail = e.what();
  }
  return st;
}

VerifyOptions verify_options_of(const ReportOptions& o) {
  VerifyOptions v;
  for (const auto& k : o.key_paths) v.trusted_keys.emplace_back(k);
  if (o.index_path) v.index_path = *o.index_path;
  v.no_index = o.no_index;
  return v;
}

}  // namespace

int run_report(const ReportOptions& o, std::ostream& out, std::ostream& err) {
  try {
    reports::ReportInputs in;
    in.run = load_run_folder(o.run_dir);
    in.integrity = integrity_of(o.run_dir, verify_options_of(o));
    const auto files = reports::write_reports(in, o.out_dir ? std::filesystem::path(*o.out_dir) : std::filesystem::path(o.run_dir));
    out << "  report: " << files.pdf.string() << "\n  report: " << files.html.string() << "\n  junit:  " << files.junit.string() << "\n";
    return kExitPass;
  } catch (const std::exception& e) {
    err << "pumprig report: error: " << e.what() << "\n";
    return kExitUsage;
  }
}

bool write_run_reports(const std::filesystem::path& run_dir, std::ostream& err, const VerifyOptions& verify) {
  try {
    reports::ReportInputs in;
    in.run = load_run_folder(run_dir);
    in.integrity = integrity_of(run_dir, verify);
    reports::write_reports(in, run_dir);
    return true;
  } catch (const std::exception& e) {
    err << "pumprig: reports not written: " << e.what() << "\n";
    return false;
  }
}

int write_imported_reports(const std::filesystem::path& result_dir, const std::string& input_csv,
                           const std::filesystem::path& report_dir, std::ostream& out, std::ostream& err) {
  namespace fs = std::filesystem;
  try {
    RunFolderContents c;
    c.dir = result_dir.empty() ? fs::path(".") : result_dir;
    c.status = RunStatus::finished;
    std::ifstream in(c.dir / run_files::kResult);
    c.result = run_result_from_json(nlohmann::json::parse(in));
    if (!c.result) throw std::runtime_error((c.dir / run_files::kResult).string() + " is not a result document");
    if (!c.result->tests.empty())
      c.samples.emplace(c.result->tests[0].station.empty() ? std::string("imported") : c.result->tests[0].station, fs::path(input_csv));
    reports::ReportInputs inputs;
    inputs.run = std::move(c);
    const auto files = reports::write_reports(inputs, report_dir);
    out << "  report: " << files.pdf.string() << ", " << files.html.string() << ", " << files.junit.string() << "\n";
    return kExitPass;
  } catch (const std::exception& e) {
    err << "pumprig analyze: error: reports not written: " << e.what() << "\n";
    return kExitUsage;
  }
}

void add_report_command(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<ReportOptions>();
  CLI::App* cmd = app.add_subcommand("report", "Write report.pdf, report.html and junit.xml of a run folder (finished, aborted or killed)");
  cmd->add_option("run_dir", opts->run_dir, "Run folder")->required();
  cmd->add_option("--out", opts->out_dir, "Folder for the reports (default: the run folder)");
  cmd->add_option("--key", opts->key_paths, "Trusted public key (PEM) or folder of them for the integrity check, as in `pumprig verify`; repeatable");
  auto* index = cmd->add_option("--index", opts->index_path, "Run index for the integrity check (default: next to the folder)");
  cmd->add_flag("--no-index", opts->no_index, "Consult no run index in the integrity check")->excludes(index);
  cmd->callback([opts, &exit_code] { exit_code = run_report(*opts, std::cout, std::cerr); });
}

}  // namespace pumprig
