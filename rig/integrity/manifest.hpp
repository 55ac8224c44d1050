#include "rig/record/run_files.hpp"
#pragma once
// MANIFEST.sha256: the SHA-256 of every recorded file of a run folder, in the format of
// sha256sum ("<64 hex>  <name>\n", sorted by name), so `sha256sum -c MANIFEST.sha256` checks it
// too. It covers the recorded data (run.json, result.json, events.jsonl, samples-*.csv,
// io-*.csv, wire-*.log), never the derived reports (report.pdf, report.html, junit.xml,
// plots) that can be regenerated from it, and never the integrity files themselves (the
// manifest, its signature, the signer's public key, the signatures/ folder of people's signatures). The manifest digest (SHA-256 of the
// manifest file) is what the run index stores and what the signature covers.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace pumprig {

inline constexpr const char* kManifestFile = run_files::kManifest;

enum class RunFileRole {
  recorded,   // must be in the manifest
  derived,    // reports: regenerable, not covered
  integrity,  // the manifest, its signature, the signer's public key, people's signatures/
  other,      // anything else (hidden temp files, stray files): not covered
};

// By name only: run.json, result.json, events.jsonl, samples-*.csv, io-*.csv, wire-*.log are
// recorded; report.*, junit.xml, *.png, *.svg derived; names starting with '.' other.
RunFileRole classify_run_file(std::string_view name);

struct ManifestEntry {
  std::string sha256;  // 64 lowercase hex
  std::string name;    // file name inside the run folder
  bool operator==(const ManifestEntry&) const = default;
};

// Every recorded regular file in `dir`, hashed, sorted by name. Throws std::system_error when a
// file cannot be read.
std::vector<ManifestEntry> compute_manifest(const std::filesystem::path& dir);
// The file text. Throws std::invalid_argument for a name sha256sum would have to escape.
std::string format_manifest(const std::vector<ManifestEntry>& entries);
// Throws std::runtime_error naming the line of a malformed entry or a repeated name.
std::vector<ManifestEntry> parse_manifest(std::string_view text);

struct WrittenManifest {
  std::vector<ManifestEntry> entries;
  std::string digest;  // SHA-256 of the manifest file, hex
};
// Computes and writes <dir>/MANIFEST.sha256 atomically (call once everything recorded is
// final: after result.json and the last run.json update).
WrittenManifest write_manifest(const std::filesystem::path& dir);

}  // namespace pumprig
