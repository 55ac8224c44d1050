#include "rig/integrity/verify.hpp"

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "rig/core/safe_text.hpp"
#include "rig/index/run_index.hpp"
#include "rig/index/run_ref.hpp"
#include "rig/integrity/manifest.hpp"
#include "rig/integrity/signing.hpp"
#include "rig/record/event_chain.hpp"
#include "rig/record/file_bytes.hpp"
#include "rig/record/sha256.hpp"
#include "rig/record/run_files.hpp"

namespace pumprig {
namespace {

namespace fs = std::filesystem;
using Kind = VerifyProblem::Kind;

void check_files(VerifyReport& r, const std::string& manifest_text) {
  std::vector<ManifestEntry> listed;
  try {
    listed = parse_manifest(manifest_text);
  } catch (const std::exception& e) {
    r.problems.push_back({Kind::manifest_malformed, kManifestFile, 0, e.what()});
    return;
  }
  std::set<std::string> names;
  for (const auto& e : listed) {
    names.insert(e.name);
    const fs::path p = r.dir / e.name;
    std::error_code ec;
    if (!fs::is_regular_file(p, ec)) {
      r.problems.push_back({Kind::missing, e.name, 0, e.name + ": missing (listed in the manifest)"});
      continue;
    }
    try {
      const std::string actual = sha256_file_hex(p);
      ++r.files_checked;
      if (actual != e.sha256)
        r.problems.push_back({Kind::changed, e.name, 0, e.name + ": changed (SHA-256 differs from the manifest)"});
    } catch (const std::exception& ex) {
      r.problems.push_back({Kind::missing, e.name, 0, e.name + ": unreadable (" + ex.what() + ")"});
    }
  }
  for (const auto& entry : fs::directory_iterator(r.dir)) {
    const std::string name = entry.path().filename().string();
    if (names.count(name)) continue;
    switch (classify_run_file(name)) {
      case RunFileRole::recorded:
        r.problems.push_back({Kind::unexpected, name, 0, name + ": unexpected (a recorded file the manifest does not list)"});
        break;
      case RunFileRole::other:
        if (name.front() != '.') r.notes.push_back(name + ": not covered by the manifest (not a recorded file)");
        break;
      default: break;
    }
  }
}

void check_chain(VerifyReport& r, const nlohmann::json& run) {
  const fs::path events = r.dir / run_files::kEvents;
  std::error_code ec;
  if (!fs::exists(events, ec)) return;  // a missing events.jsonl is the manifest's finding
  EventChainCheck c;
  try {
    c = check_event_chain(events);
  } catch (const std::exception& e) {
    r.problems.push_back({Kind::chain_broken, "events.jsonl", 0, std::string("events.jsonl: unreadable: ") + e.what()});
    return;
  }
  r.chain_lines = c.lines;
  for (const auto& n : c.notes) r.notes.push_back(n);
  const bool chained_format = run.value("record_format", std::string()) != "pumprig-run/1";
  if (c.state == EventChainCheck::State::broken) {
    r.problems.push_back({Kind::chain_broken, "events.jsonl", c.broken_line, "events.jsonl: " + c.describe()});
    return;
  }
  if (c.state == EventChainCheck::State::absent && c.lines > 0) {
    if (chained_format)
      r.problems.push_back({Kind::chain_broken, "events.jsonl", 1, "events.jsonl: chain broken at line 1: no line carries a chain field"});
    else
      r.notes.push_back("events.jsonl: not chained (record format pumprig-run/1)");
    return;
  }
  // The head in run.json covers the end: lines cut off after the last one stay an intact chain.
  if (run.contains("events_chain") && run["events_chain"].is_object()) {
    const auto& ec_json = run["events_chain"];
    const std::string head = ec_json.value("head", std::string());
    const std::size_t lines = ec_json.value("lines", std::size_t{0});
    if (head != c.head || lines != c.lines)
      r.problems.push_back({Kind::chain_broken, "events.jsonl", c.lines + 1,
                            fmt::format("events.jsonl: chain broken at line {}: run.json records {} chained lines ending "
                                        "in {}, the file has {} (lines removed or added at the end)",
                                        std::min(lines, c.lines) + 1, lines, head.substr(0, 12), c.lines)});
  }
}

// The bench's seal: MANIFEST.sha256.sig. Under a trusted key when one of `trusted` verifies it;
// otherwise checked under the folder's own key, which vouches for nothing.
void check_bench_signature(VerifyReport& r, const std::optional<std::string>& manifest_text, const nlohmann::json& run,
                           const std::vector<VerifyKey>& trusted) {
  const fs::path sig_path = r.dir / kSignatureFile;
  const auto sig = read_file_bytes(sig_path);
  r.signed_ = sig.has_value();
  const std::string claimed = run.contains("signing") && run["signing"].is_object()
                                  ? run["signing"].value("key_fingerprint", std::string())
                                  : std::string();
  if (!manifest_text) {
    // A run is signed when it is sealed: a killed run has no signature, and that is no finding.
    // A signature without its manifest is: the manifest was removed after the seal.
    if (sig)
      r.problems.push_back({Kind::bad_signature, kSignatureFile, 0,
                            std::string(kSignatureFile) + ": present without " + kManifestFile +
                                ": the run was sealed and its manifest removed"});
    else if (!trusted.empty() || !claimed.empty())
      r.notes.push_back("no signature to check: the run was never sealed");
    return;
  }
  if (!sig) {
    if (!claimed.empty())
      r.problems.push_back({Kind::signature_missing, kSignatureFile, 0,
                            std::string(kSignatureFile) + ": missing, but run.json says the run was signed by " + claimed});
    return;
  }
  for (const auto& key : trusted)
    if (key.verify(*manifest_text, *sig)) {
      r.key_fingerprint = key.fingerprint();
      r.signature_valid = r.signature_trusted = true;
      break;
    }
  if (!r.signature_valid) {
    const auto pem = read_file_bytes(r.dir / kSignerKeyFile);
    if (!pem) {
      r.problems.push_back({Kind::bad_signature, kSignerKeyFile, 0,
                            std::string(kSignerKeyFile) + ": missing, and no trusted key (--key) verifies " + kSignatureFile});
      return;
    }
    try {
      const VerifyKey key = VerifyKey::from_pem(*pem, (r.dir / kSignerKeyFile).string());
      r.key_fingerprint = key.fingerprint();
      r.signature_valid = key.verify(*manifest_text, *sig);
    } catch (const std::exception& e) {
      r.problems.push_back({Kind::bad_signature, kSignerKeyFile, 0, e.what()});
      return;
    }
  }
  if (!r.signature_valid) {
    r.problems.push_back({Kind::bad_signature, kSignatureFile, 0,
                          std::string(kSignatureFile) + ": bad signature: not a signature of MANIFEST.sha256 by key " +
                              r.key_fingerprint + (trusted.empty() ? "" : " nor by any trusted key (--key)")});
    return;
  }
  if (!claimed.empty() && claimed != r.key_fingerprint)
    r.problems.push_back({Kind::bad_signature, kSignatureFile, 0,
                          "signed by " + r.key_fingerprint + " but run.json names the key " + claimed});
  if (r.signature_trusted)
    r.anchors.push_back("bench signature valid under the trusted key " + r.key_fingerprint + " (--key)");
  else
    r.notes.push_back("bench signature valid under " + std::string(kSignerKeyFile) + ", the key stored in the folder (" +
                      r.key_fingerprint + "): untrusted, since whoever re-signs the folder replaces that key too; "
                      "give --key with a key you trust");
}

// People's signatures in signatures/: each must be valid and over this folder's manifest; one
// under a trusted key anchors the folder.
void check_person_signatures(VerifyReport& r, const nlohmann::json& run, const std::vector<std::string>& trusted) {
  (void)run;
  const std::string run_id = run_id_of_folder(r.dir);
  r.person_signatures = pumprig::check_person_signatures(r.dir, r.manifest_digest, run_id, trusted);
  for (const auto& f : r.person_signatures) {
    const std::string where = std::string(kSignaturesDir) + "/" + printable(f.signature.file.filename().string());
    if (!f.problem.empty()) {
      r.problems.push_back({Kind::bad_signature, where, 0, f.problem});
    } else if (f.trusted) {
      r.person_signature_trusted = true;
      r.anchors.push_back("signature " + f.describe() + ", under a trusted key (--key)");
    } else {
      r.notes.push_back("signature " + f.describe() + " is valid, but its key is not among the trusted keys (--key)");
    }
  }
}

// With trusted keys given, some signature must be under one of them.
void require_trusted_signature(VerifyReport& r, const std::vector<VerifyKey>& trusted) {
  if (trusted.empty() || !r.sealed || r.signature_trusted || r.person_signature_trusted) return;
  for (const auto& p : r.problems)
    if (p.kind == Kind::bad_signature) return;  // already said why
  if (r.signature_valid)
    r.problems.push_back({Kind::bad_signature, kSignatureFile, 0,
                          std::string(kSignatureFile) + ": signed by " + r.key_fingerprint +
                              ", which is none of the trusted keys (--key), and no person's signature is under one"});
  else
    r.problems.push_back({Kind::signature_missing, kSignatureFile, 0,
                          std::string(kSignatureFile) + ": missing, and no person's signature in " + kSignaturesDir +
                              "/ is under a trusted key (--key)"});
}

// The index entry of a folder: by its resolved path; else, when the index sits in the folder's
// parent (the default layout), by the folder's name, for a runs folder moved with its index.
// For a run in a suite folder (the index beside the suite folder), by its last two names: run
// folder names repeat across suites.
std::optional<IndexedRun> indexed_entry(VerifyReport& r, const RunIndex& index, const fs::path& folder) {
  if (auto entry = index.find_by_folder(folder)) return entry;
  const fs::path index_dir = resolved_run_folder(fs::absolute(index.path())).parent_path();
  const bool in_suite = index_dir == folder.parent_path().parent_path();
  if (index_dir != folder.parent_path() && !in_suite) return std::nullopt;
  auto by_name = index.find_by_folder_name(folder.filename().string());
  if (in_suite)
    std::erase_if(by_name, [&](const IndexedRun& e) {
      return fs::path(e.folder).parent_path().filename() != folder.parent_path().filename();
    });
  if (by_name.size() == 1) {
    r.notes.push_back("the index lists this folder at " + by_name.front().folder +
                      " (the runs folder was moved with its index)");
    return by_name.front();
  }
  if (by_name.size() > 1)
    r.notes.push_back(fmt::format("the index lists {} folders named {} elsewhere; none is taken for this one",
                                  by_name.size(), folder.filename().string()));
  return std::nullopt;
}

void check_index(VerifyReport& r, const VerifyOptions& o) {
  if (o.no_index) {
    r.notes.push_back("run index not consulted (--no-index)");
    return;
  }
  // Resolved first: "RUN/" names the same folder as "RUN", and its index is beside it, not in it.
  const fs::path folder = resolved_run_folder(r.dir);
  fs::path index_path;
  if (o.index_path) {
    index_path = *o.index_path;
  } else {
    // Beside the folder; for a run inside a suite's folder, beside the suite's folder. That one
    // counts when the suite folder holds its summary.json, or (a suite killed before its
    // summary) when it lists this very folder; an index that merely sits higher and does not is
    // no anchor for this folder, and no finding against it.
    index_path = folder.parent_path() / kIndexFile;
    std::error_code ec;
    if (!fs::is_regular_file(index_path, ec)) {
      const fs::path beside_suite = folder.parent_path().parent_path() / kIndexFile;
      const std::string none = "no run index next to the folder (" + index_path.string() + ") or its suite folder";
      if (!fs::is_regular_file(beside_suite, ec)) {
        r.notes.push_back(none);
        return;
      }
      if (!fs::is_regular_file(folder.parent_path() / "summary.json", ec)) {
        bool lists_it = false;
        try {
          lists_it = RunIndex::open_existing(beside_suite).find_by_folder(folder).has_value();
        } catch (const std::exception&) {
        }
        if (!lists_it) {
          r.notes.push_back(none + "; " + beside_suite.string() + " does not list it");
          return;
        }
      }
      index_path = beside_suite;
    }
  }
  // What the folder claims; the index, not the folder, says which run this folder is.
  const std::string claimed_id = run_id_of_folder(folder);
  try {
    const RunIndex index = RunIndex::open_existing(index_path);
    const auto entry = indexed_entry(r, index, folder);
    if (!entry) {
      if (!r.sealed) {
        r.notes.push_back("not in " + index_path.string() + " (an unsealed run never is)");
        return;
      }
      std::string detail = "index mismatch: " + index_path.string() + " does not list this folder (" + folder.string() + ")";
      if (const auto by_id = index.find(claimed_id)) detail += "; it lists run " + claimed_id + " at " + by_id->folder;
      r.problems.push_back({Kind::index_mismatch, index_path.string(), 0, detail});
      return;
    }
    r.index_checked = true;
    r.indexed_id = entry->id;
    bool agrees = true;
    if (entry->id != claimed_id) {
      agrees = false;
      r.problems.push_back({Kind::run_id_mismatch, "run.json", 0,
                            "run id mismatch: run.json says " + claimed_id + ", " + index_path.string() +
                                " lists this folder as run " + entry->id});
    }
    if (!r.sealed) {
      agrees = false;
      r.problems.push_back({Kind::index_mismatch, index_path.string(), 0,
                            "index mismatch: " + index_path.string() + " lists this folder as sealed (manifest digest " +
                                entry->manifest_digest + "), but it has no manifest: it was removed"});
    } else if (entry->manifest_digest != r.manifest_digest) {
      agrees = false;
      r.problems.push_back({Kind::index_mismatch, index_path.string(), 0,
                            "index mismatch: " + index_path.string() + " records manifest digest " +
                                entry->manifest_digest + ", the folder's is " + r.manifest_digest});
    }
    r.index_agrees = agrees;
    if (agrees)
      r.anchors.push_back("run index " + index_path.string() + ": lists this folder as run " + entry->id +
                          " with the same manifest digest");
  } catch (const std::exception& e) {
    r.problems.push_back({Kind::index_mismatch, index_path.string(), 0, std::string("index not readable: ") + e.what()});
  }
}

}  // namespace

const char* to_string(VerifyProblem::Kind k) {
  switch (k) {
    case Kind::manifest_missing: return "manifest missing";
    case Kind::manifest_malformed: return "manifest malformed";
    case Kind::changed: return "changed";
    case Kind::missing: return "missing";
    case Kind::unexpected: return "unexpected";
    case Kind::chain_broken: return "chain broken";
    case Kind::index_mismatch: return "index mismatch";
    case Kind::run_id_mismatch: return "run id mismatch";
    case Kind::signature_missing: return "signature missing";
    case Kind::bad_signature: return "bad signature";
  }
  return "?";
}

std::string VerifyReport::state() const {
  const bool only_unsealed = !sealed && problems.size() == 1 && problems.front().kind == Kind::manifest_missing;
  if (only_unsealed) return "unsealed";
  if (!consistent()) return "tampered";
  return anchored() ? "verified" : "self-consistent only";
}

std::string VerifyReport::detail() const {
  const std::string st = state();
  if (st == "tampered") {
    std::string s = problems.front().detail;
    if (problems.size() > 1) s += fmt::format(" (and {} more)", problems.size() - 1);
    return s;
  }
  if (st == "unsealed")
    return fmt::format("never sealed (no {}: the run was killed, or its seal failed); events chain intact ({} lines)",
                       kManifestFile, chain_lines);
  std::string s = fmt::format("{} files match the manifest, events chain intact ({} lines)", files_checked, chain_lines);
  if (index_agrees) s += fmt::format(", index agrees (run {})", indexed_id);
  if (signature_valid)
    s += fmt::format(", signed by {}{}", key_fingerprint, signature_trusted ? " (trusted key)" : " (the folder's own key, untrusted)");
  else
    s += ", not signed by the bench";
  if (!person_signatures.empty()) {
    std::size_t trusted = 0;
    for (const auto& f : person_signatures) trusted += f.trusted;
    s += fmt::format(", {} {} ({} under a trusted key)", person_signatures.size(),
                     person_signatures.size() == 1 ? "person's signature" : "people's signatures", trusted);
  }
  if (st == "self-consistent only") s += "; nothing outside the folder vouches for it (no run index lists it, no signature under a trusted key)";
  return s;
}

VerifyReport verify_run_folder(const fs::path& dir, const VerifyOptions& o) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw std::runtime_error("no run folder at " + dir.string());
  VerifyReport r;
  r.dir = dir;
  nlohmann::json run = nlohmann::json::object();
  if (const auto text = read_file_bytes(dir / run_files::kRunJson)) {
    try {
      auto j = nlohmann::json::parse(*text);
      if (j.is_object()) run = std::move(j);
    } catch (const nlohmann::json::parse_error&) {
      // A damaged run.json is the manifest's finding; without it the run.json claims are unknown.
    }
  }
  const auto manifest_text = read_file_bytes(dir / kManifestFile);
  r.sealed = manifest_text.has_value();
  if (!manifest_text) {
    r.problems.push_back({Kind::manifest_missing, kManifestFile, 0,
                          std::string(kManifestFile) + ": missing (the run was never sealed, or the file was removed)"});
  } else {
    r.manifest_digest = sha256_hex(*manifest_text);
    check_files(r, *manifest_text);
  }
  // run.json is the folder's own claim: a field of the wrong type is a finding, never a crash.
  const auto guarded = [&](const char* what, auto&& check) {
    try {
      check();
    } catch (const nlohmann::json::exception& e) {
      r.problems.push_back({Kind::chain_broken, run_files::kRunJson, 0,
                            std::string(run_files::kRunJson) + ": " + what + " not readable: " + e.what()});
    }
  };
  guarded("events_chain", [&] { check_chain(r, run); });
  const std::vector<VerifyKey> trusted = load_trusted_keys(o.trusted_keys);
  std::vector<std::string> trusted_fingerprints;
  for (const auto& k : trusted) trusted_fingerprints.push_back(k.fingerprint());
  guarded("signing", [&] { check_bench_signature(r, manifest_text, run, trusted); });
  check_person_signatures(r, run, trusted_fingerprints);
  require_trusted_signature(r, trusted);
  check_index(r, o);
  return r;
}

}  // namespace pumprig
