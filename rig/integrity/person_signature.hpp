#pragma once
// People's electronic signatures on a run folder (21 CFR Part 11 §11.50 style: printed name, date
// and time, meaning). A signature is one JSON file in <run>/signatures/, written by `pumprig
// sign`. It signs, with the person's Ed25519 key (`pumprig keys init`), a short statement naming
// the run id, the digest of MANIFEST.sha256 (so every recorded file), the name, the UTC time and
// the meaning: the signature is bound to that record and cannot be moved to another run, or
// survive a re-seal. The manifest does not cover signatures/ (a signature comes after the seal
// and is over it), and verify never counts it as an unexpected file.
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "rig/integrity/signing.hpp"
#include "rig/record/run_files.hpp"

namespace pumprig {

inline constexpr const char* kSignaturesDir = run_files::kSignatures;
inline constexpr const char* kPersonSignatureFormat = "pumprig-signature/1";

// What a signature means; the names are what the tester types and what the record says.
enum class SignatureMeaning { reviewed, approved };
const char* to_string(SignatureMeaning m);
std::optional<SignatureMeaning> parse_signature_meaning(std::string_view text);

struct PersonSignature {
  std::string run_id;
  std::string manifest_sha256;  // digest of MANIFEST.sha256 when it was signed
  std::string name;             // printed name of the signer
  std::string time;             // UTC, ISO 8601
  std::string meaning;          // "reviewed" | "approved"
  std::string key_fingerprint;  // "sha256:<hex>" of the signer's public key
  std::string public_key_pem;   // the signer's public key (only says which key; trust comes from --key)
  std::string signature_hex;    // Ed25519 over signed_statement()
  std::filesystem::path file;   // where it was read from or written to
};

// The exact bytes signed: one "key: value" line each, in a fixed order.
std::string signed_statement(const PersonSignature& s);

// Signs the sealed run in `dir` (its MANIFEST.sha256 and run.json's run_id) and writes
// signatures/<UTC time>-<meaning>-<key fingerprint prefix>.json (never replacing a file).
// `checked_manifest_digest`: the digest verification saw; a manifest that differs now is refused.
// Throws KeyError for an unusable key, std::invalid_argument for a name that is empty, more than
// one line or holds control characters, std::runtime_error when the folder has no manifest.
PersonSignature sign_run_folder(const std::filesystem::path& dir, const SigningKey& key, const std::string& name,
                                SignatureMeaning meaning, std::chrono::system_clock::time_point now,
                                const std::string& checked_manifest_digest = "");

// One signature file as read back and checked.
struct SignatureFinding {
  PersonSignature signature;
  bool readable = false;       // parsed, with every field
  bool valid = false;          // the signature is over the statement, under its own public key
  bool over_manifest = false;  // ... and names the folder's current manifest digest and run id
  bool trusted = false;        // ... and its key is one the caller trusts
  std::string problem;         // empty when readable, valid and over the manifest
  // "approved by NAME at TIME (key sha256:...)" for a valid one; just the file for any other
  // (its fields are unchecked words).
  std::string describe() const;
};

// Every *.json file in <dir>/signatures (sorted by name), checked against `manifest_digest` and
// `run_id`, and its key against `trusted` fingerprints. A record not in the form `pumprig sign`
// writes (a field missing, of another type, a name with control characters, a malformed time or
// fingerprint) is a problem, never an exception; a second copy of one signature is a problem.
std::vector<SignatureFinding> check_person_signatures(const std::filesystem::path& dir, const std::string& manifest_digest,
                                                      const std::string& run_id, const std::vector<std::string>& trusted);

}  // namespace pumprig
