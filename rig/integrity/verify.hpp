#pragma once
// Checking a run folder against its own tamper evidence: the manifest (every recorded file,
// no more, no less, byte for byte), the events hash chain (and its head in run.json), the run
// index's manifest digest, and the Ed25519 signature when there is one or a key is given.
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace pumprig {

struct VerifyOptions {
  // Trusted public key: the signature must be valid under this key (and must exist).
  std::optional<std::filesystem::path> public_key;
  // The run index; its entry for the run must exist and carry the folder's manifest digest.
  // None: <folder's parent>/index.sqlite when that file exists (a missing entry is then only a note).
  std::optional<std::filesystem::path> index_path;
};

struct VerifyProblem {
  enum class Kind {
    manifest_missing,    // no MANIFEST.sha256
    manifest_malformed,
    changed,             // file's digest differs from the manifest
    missing,             // listed in the manifest, not in the folder
    unexpected,          // a recorded file (by name) not in the manifest
    chain_broken,        // events.jsonl hash chain (line set)
    index_mismatch,      // the index's manifest digest differs, or the run is not in a given index
    signature_missing,   // run.json or --key says signed, no signature
    bad_signature,
  };
  Kind kind;
  std::string file;       // the file concerned, when one is
  std::size_t line = 0;   // chain_broken: 1-based line of events.jsonl
  std::string detail;     // one line a tester can act on
};

const char* to_string(VerifyProblem::Kind k);

struct VerifyReport {
  std::filesystem::path dir;
  std::vector<VerifyProblem> problems;
  std::vector<std::string> notes;   // what was checked or could not be (no index, no signature, torn line)
  std::string manifest_digest;      // SHA-256 of MANIFEST.sha256 as found ("" if none)
  std::size_t files_checked = 0;
  std::size_t chain_lines = 0;
  bool signed_ = false;             // a signature file is present
  bool signature_valid = false;
  bool signature_trusted = false;   // valid under a key the caller gave (--key), not just the folder's own
  std::string key_fingerprint;      // of the key the signature was checked with
  bool index_checked = false;

  bool ok() const { return problems.empty(); }
  // For reports (IntegrityStatus{state, detail, manifest_digest, signed_}):
  //   "verified" | "tampered" | "unsealed" (no manifest: a run from before manifests, or killed)
  std::string state() const;
  // One line: "12 files, events chain 812 lines, signed (sha256:...)" or the first problems.
  std::string detail() const;
};

// Never throws for what it finds in the folder; only a folder that does not exist throws
// std::runtime_error.
VerifyReport verify_run_folder(const std::filesystem::path& dir, const VerifyOptions& options = {});

}  // namespace pumprig
