#pragma once
// Checking a run folder against its tamper evidence, and saying what vouches for it.
//
// Inside the folder: the manifest (every recorded file, no more, no less, byte for byte), the
// events hash chain (and its head in run.json), the signature. All of that a forger can
// recompute. What a forger cannot recompute without also reaching outside the folder are the
// anchors: the run index's entry for this folder (looked up by the folder's resolved path; its
// run id and manifest digest must match), and a signature valid under a key the caller trusts
// (--key). A folder that is consistent but anchored by neither is "self-consistent only", never
// verified. See rig/integrity/README.md for the threat model.
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "rig/integrity/person_signature.hpp"

namespace pumprig {

struct VerifyOptions {
  // Trusted public keys of benches and people (PEM files, or folders of *.pem; a private key's
  // public half also works). When any is given, some signature must be valid under one of them:
  // the bench's seal or a person's signature in signatures/.
  std::vector<std::filesystem::path> trusted_keys;
  // The run index; it must list this folder with the same run id and manifest digest.
  // None: <folder's parent>/index.sqlite when that file exists.
  std::optional<std::filesystem::path> index_path;
  bool no_index = false;  // consult no index: only a trusted key can then vouch for the folder
};

struct VerifyProblem {
  enum class Kind {
    manifest_missing,    // no MANIFEST.sha256 (alone: the run is unsealed, not tampered)
    manifest_malformed,
    changed,             // file's digest differs from the manifest
    missing,             // listed in the manifest, not in the folder
    unexpected,          // a recorded file (by name) not in the manifest
    chain_broken,        // events.jsonl hash chain (line set)
    index_mismatch,      // the index does not list this folder, or lists another manifest digest
    run_id_mismatch,     // run.json's run_id differs from the id the index lists for this folder
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
  std::vector<std::string> anchors;  // what outside the folder vouches for it, one line each
  std::vector<std::string> notes;    // what was checked or could not be (no index, untrusted key, torn line)
  std::string manifest_digest;       // SHA-256 of MANIFEST.sha256 as found ("" if none)
  std::size_t files_checked = 0;
  std::size_t chain_lines = 0;
  bool sealed = false;               // MANIFEST.sha256 is present
  bool signed_ = false;              // a signature file is present
  bool signature_valid = false;
  bool signature_trusted = false;    // valid under a key the caller gave (--key), not the folder's own
  std::string key_fingerprint;       // of the key the signature was checked with
  std::vector<SignatureFinding> person_signatures;  // signatures/, each checked
  bool person_signature_trusted = false;  // one of them is valid, over this manifest, under a trusted key
  bool index_checked = false;        // an index lists this folder and its entry was compared
  bool index_agrees = false;         // ... same run id, same manifest digest
  std::string indexed_id;            // the run id the index lists for this folder

  // Something outside the folder vouches for it: the index entry agrees, or the bench's or a
  // person's signature is valid under a trusted key.
  bool anchored() const { return index_agrees || signature_trusted || person_signature_trusted; }
  // No problem found inside or against the anchors (may still be unanchored or unsealed).
  bool consistent() const { return problems.empty(); }
  // "verified": consistent, sealed and anchored. The only outcome worth exit code 0.
  bool ok() const { return consistent() && sealed && anchored(); }
  //   "verified" | "tampered" (a problem) | "unsealed" (no manifest, nothing else wrong: the run
  //   was killed before its seal) | "self-consistent only" (consistent, nothing outside vouches)
  std::string state() const;
  // One line for that state: what matched and what vouches, or the first problems.
  std::string detail() const;
};

// Never throws for what it finds in the folder; only a folder that does not exist throws
// std::runtime_error, and a trusted key that cannot be read KeyError.
VerifyReport verify_run_folder(const std::filesystem::path& dir, const VerifyOptions& options = {});

}  // namespace pumprig
