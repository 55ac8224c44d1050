#pragma once
// The reports of one run: report.pdf (the record an auditor reads), report.html (the same content
// in one self-contained file) and junit.xml (for CI). All three come from the run folder as read
// back (RunFolderContents), never from live state, so `pumprig report` regenerates them exactly.
#include <filesystem>
#include <string>
#include <vector>

#include "rig/record/run_reader.hpp"

namespace pumprig::reports {

// What `pumprig verify` found. The report shows it; "failed" puts INTEGRITY CHECK FAILED on the
// cover. "unsealed" (a killed run) and "self-consistent only" (nothing outside the folder vouches
// for it) are shown as such: neither failed nor verified. Without a verification the digest of
// MANIFEST.sha256 (if present) is still shown.
// A person's signature in the folder's signatures/, as verify checked it.
struct SignatureLine {
  std::string meaning, name, time, key_fingerprint;
  // "valid, trusted key" | "UNTRUSTED: valid, but ..." | "INVALID: <why>"
  std::string check;
  bool trusted = false;  // valid under a key the verifier trusts: shown plainly; anything else in colour
};

struct IntegrityStatus {
  // "verified", "failed", "unsealed", "self-consistent only", "not checked"
  std::string state = "not checked";
  std::string detail;
  std::string manifest_digest;  // SHA-256 of MANIFEST.sha256 in hex; empty: computed from the folder
  bool signed_ = false;
  std::vector<SignatureLine> signatures;
};

struct ReportInputs {
  RunFolderContents run;
  IntegrityStatus integrity;
};

struct ReportFiles {
  std::filesystem::path pdf, html, junit;
};

// Writes report.pdf, report.html and junit.xml into `out_dir` (created if needed), each
// atomically. Renders whatever the folder holds: missing or damaged files are listed in the
// report, never a reason to fail. Throws std::system_error only when a file cannot be written.
ReportFiles write_reports(const ReportInputs& inputs, const std::filesystem::path& out_dir);

// The three renderings as text, for tests and benchmarks that need no files.
std::string render_pdf(const ReportInputs& inputs);
std::string render_html(const ReportInputs& inputs);
std::string render_junit(const ReportInputs& inputs);

}  // namespace pumprig::reports
