#include "rig/cli/verify_command.hpp"

#include <filesystem>
#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "rig/cli/json_output.hpp"
#include "rig/index/run_index.hpp"
#include "rig/integrity/signing.hpp"
#include "rig/session/exit_codes.hpp"
#include "rig/integrity/verify.hpp"

namespace pumprig {

namespace {

// The first line: the outcome in capitals, and for the two that are no pass, why.
std::string headline(const VerifyReport& r) {
  const std::string st = r.state();
  if (st == "verified") return "VERIFIED";
  if (st == "unsealed") return "UNSEALED (the run never reached its seal: killed, or the seal failed)";
  if (st == "self-consistent only") return "SELF-CONSISTENT ONLY (nothing outside the folder vouches for it)";
  return "FAILED";
}

const std::string kSchema = json_schema::kVerify;

int exit_code_of(const VerifyReport& r) {
  const std::string st = r.state();
  return st == "verified" ? kExitPass : st == "unsealed" ? kExitUnsealed : kExitFail;
}

nlohmann::json verify_json(const std::string& folder, const VerifyReport& r) {
  using nlohmann::json;
  json problems = json::array();
  for (const auto& p : r.problems) problems.push_back(json{{"kind", to_string(p.kind)}, {"detail", p.detail}});
  json signatures = json::array();
  for (const auto& f : r.person_signatures) {
    // An invalid record's fields are anybody's words: only its file is named, as in the text.
    const bool checked = f.readable && f.valid;
    signatures.push_back(json{{"file", f.signature.file.filename().string()},
                              {"valid", checked && f.problem.empty()},
                              {"trusted", f.trusted},
                              {"problem", f.problem.empty() ? json(nullptr) : json(f.problem)},
                              {"meaning", checked ? json(f.signature.meaning) : json(nullptr)},
                              {"name", checked ? json(f.signature.name) : json(nullptr)},
                              {"time", checked ? json(f.signature.time) : json(nullptr)},
                              {"key_fingerprint", checked ? json(f.signature.key_fingerprint) : json(nullptr)}});
  }
  auto text_or_null = [](const std::string& s) { return s.empty() ? json(nullptr) : json(s); };
  return json{{"schema", kSchema},
              {"folder", folder},
              {"state", r.state()},
              {"verified", r.ok()},
              {"sealed", r.sealed},
              {"manifest_digest", text_or_null(r.manifest_digest)},
              {"files_checked", r.files_checked},
              {"chain_lines", r.chain_lines},
              {"problems", problems},
              {"bench_signature", json{{"present", r.signed_},
                                       {"valid", r.signature_valid},
                                       {"trusted", r.signature_trusted},
                                       {"key_fingerprint", text_or_null(r.key_fingerprint)}}},
              {"signatures", signatures},
              {"index", json{{"checked", r.index_checked}, {"agrees", r.index_agrees}, {"run_id", text_or_null(r.indexed_id)}}},
              {"anchors", r.anchors},
              {"notes", r.notes},
              {"detail", r.detail()},
              {"exit_code", exit_code_of(r)}};
}

}  // namespace

int run_verify(const VerifyCommandOptions& o, std::ostream& out, std::ostream& err) {
  VerifyOptions options;
  // A key or index the tester names must be usable: otherwise the check would quietly lose the
  // anchor it was asked for. That is an input error, not a finding about the folder.
  try {
    for (const auto& k : o.key_paths) options.trusted_keys.emplace_back(k);
    (void)load_trusted_keys(options.trusted_keys);
    if (!o.index_path.empty()) {
      (void)RunIndex::open_existing(o.index_path);
      options.index_path = o.index_path;
    }
  } catch (const std::exception& e) {
    if (o.json) print_json_document(out, json_error_document(kSchema, e.what(), kExitUsage));
    err << "pumprig verify: " << e.what() << "\n";
    return kExitUsage;
  }
  options.no_index = o.no_index;
  VerifyReport r;
  try {
    r = verify_run_folder(o.run_dir, options);
  } catch (const std::exception& e) {
    if (o.json) print_json_document(out, json_error_document(kSchema, e.what(), kExitUsage));
    err << "pumprig: " << e.what() << "\n";
    return kExitUsage;
  }
  if (o.json) {
    print_json_document(out, verify_json(o.run_dir, r));
    return exit_code_of(r);
  }
  out << fmt::format("{}: {}\n", o.run_dir, headline(r));
  for (const auto& p : r.problems) {
    // A detail that already starts with its kind ("index mismatch: ...") is printed once.
    const std::string kind = to_string(p.kind);
    out << "  " << (p.detail.rfind(kind + ":", 0) == 0 ? p.detail : kind + ": " + p.detail) << "\n";
  }
  for (const auto& f : r.person_signatures) {
    const std::string state = !f.problem.empty() ? "INVALID" : f.trusted ? "valid, trusted key" : "valid, key not trusted (--key)";
    out << "  signature: " << f.describe() << ": " << state << "\n";
  }
  for (const auto& a : r.anchors) out << "  vouched for by: " << a << "\n";
  for (const auto& n : r.notes) out << "  note: " << n << "\n";
  if (!r.manifest_digest.empty()) out << "  manifest digest: " << r.manifest_digest << "\n";
  if (r.consistent() || r.state() == "unsealed") out << "  " << r.detail() << "\n";
  return exit_code_of(r);
}

void add_verify_command(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<VerifyCommandOptions>();
  CLI::App* cmd = app.add_subcommand(
      "verify", "Check a run folder against its manifest, events chain, index entry and signature, and say what vouches "
                "for it. Exit 0 verified, 1 tampered or self-consistent only, 2 usage error, 4 unsealed");
  cmd->add_option("run_dir", o->run_dir, "Run folder")->required();
  cmd->add_option("--key", o->key_paths,
                  "Trusted public key (PEM) or folder of them, of benches and people; repeatable. The bench's seal or "
                  "a person's signature must be valid under one of them");
  auto* index = cmd->add_option("--index", o->index_path,
                                "Run index that must list the folder (default: index.sqlite next to the folder, if any)");
  cmd->add_flag("--no-index", o->no_index, "Consult no run index (only --key can then vouch for the folder)")->excludes(index);
  cmd->add_flag("--json", o->json, "Print one JSON document (schema pumprig.verify/1) instead of the text");
  cmd->callback([o, &exit_code] { exit_code = run_verify(*o, std::cout, std::cerr); });
}

}  // namespace pumprig
