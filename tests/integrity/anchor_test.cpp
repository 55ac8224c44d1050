// pumprig verify says what vouches for a folder: the run index's entry for this folder (by its
// resolved path, with the run id and manifest digest it lists) or a signature under a key the
// tester trusts. A folder that only agrees with itself is "self-consistent only", a killed run
// is "unsealed" (exit 4), and the forgery from issue 11 (edit a reading, change run_id, re-hash
// the manifest) fails without any key.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <sstream>

#include "rig/session/exit_codes.hpp"
#include "rig/cli/report_command.hpp"
#include "rig/cli/history_command.hpp"
#include "rig/cli/verify_command.hpp"
#include "rig/index/run_index.hpp"
#include "rig/integrity/manifest.hpp"
#include "rig/integrity/signing.hpp"
#include "rig/integrity/verify.hpp"
#include "rig/core/time.hpp"
#include "rig/record/recorder.hpp"
#include "rig/record/sha256.hpp"
#include "tests/integrity/integrity_support.hpp"
#include "tests/record/fork_util.hpp"

namespace fs = std::filesystem;
using namespace pumprig;
using namespace pumprig::test;
using Kind = VerifyProblem::Kind;

namespace {

struct Verified {
  int exit_code;
  std::string out;
};
Verified verify_cmd(const VerifyCommandOptions& o) {
  std::ostringstream out, err;
  const int rc = run_verify(o, out, err);
  return {rc, out.str() + err.str()};
}

// A fresh runs folder with one finished run and its index: these tests edit the folder in place,
// where the index recorded it.
struct OwnRun {
  TempDir tmp{"pumprig-anchor"};
  fs::path runs, dir;
  explicit OwnRun(const fs::path& sign_key = {}) {
    runs = tmp.path() / "runs";
    dir = SharedRuns::record_run(runs, source_path("scenarios/iec-accuracy-25mlh.yaml"), 1, {}, sign_key).run_dir;
  }
};

// The forger's edits from the issue, one at a time.
void edit_one_reading(const fs::path& dir) {
  std::istringstream in(read_text(dir / "samples-station-1.csv"));
  std::string out, line;
  for (std::size_t i = 0; std::getline(in, line); ++i) {
    if (i == 100) {  // a reading well inside the record: the mass's last digit
      const auto end = line.find(',', line.find(',') + 1);
      char& d = line[end - 1];
      d = d == '9' ? '0' : static_cast<char>(d + 1);
    }
    out += line + "\n";
  }
  write_text(dir / "samples-station-1.csv", out);
}

std::string change_last_char_of_run_id(const fs::path& dir) {
  std::string text = read_text(dir / "run.json");
  const auto key = text.find("\"run_id\"");
  const auto open = text.find('"', text.find(':', key));
  const auto close = text.find('"', open + 1);
  char& c = text[close - 1];
  c = c == 'f' ? 'e' : 'f';
  write_text(dir / "run.json", text);
  return text.substr(open + 1, close - open - 1);
}

// Only the manifest lines of `names` get new digests, as a forger with sha256sum would do it.
void rehash(const fs::path& dir, const std::vector<std::string>& names) {
  auto entries = parse_manifest(read_text(dir / kManifestFile));
  for (auto& e : entries)
    if (std::find(names.begin(), names.end(), e.name) != names.end()) e.sha256 = sha256_file_hex(dir / e.name);
  write_text(dir / kManifestFile, format_manifest(entries));
}

void forge(const fs::path& dir) {
  edit_one_reading(dir);
  change_last_char_of_run_id(dir);
  rehash(dir, {"samples-station-1.csv", "run.json"});
}

}  // namespace

BOOST_AUTO_TEST_SUITE(verify_anchors)

BOOST_AUTO_TEST_CASE(the_forgery_from_the_issue_fails_without_a_key) {
  const OwnRun run;
  const std::string genuine_id = run.dir.filename().string();
  forge(run.dir);
  // The forgery is consistent in itself: every file matches the re-hashed manifest.
  const VerifyReport r = verify_run_folder(run.dir);
  BOOST_TEST(r.files_checked >= 5u);
  BOOST_TEST(!has_problem(r, Kind::changed), describe(r));
  BOOST_TEST(r.state() == "tampered", describe(r));
  BOOST_TEST(has_problem(r, Kind::run_id_mismatch), describe(r));
  BOOST_TEST(has_problem(r, Kind::index_mismatch), describe(r));  // another manifest digest
  BOOST_TEST(r.indexed_id == genuine_id);
  BOOST_TEST(!r.index_agrees);

  const Verified v = verify_cmd({run.dir.string(), {}, ""});
  BOOST_TEST(v.exit_code == kExitFail, v.out);
  BOOST_TEST(contains(v.out, ": FAILED"), v.out);
  BOOST_TEST(!contains(v.out, "VERIFIED"), v.out);
  BOOST_TEST(!contains(v.out, "index agrees"), v.out);
  BOOST_TEST(contains(v.out, "run id mismatch: run.json says "), v.out);
  BOOST_TEST(contains(v.out, "lists this folder as run " + genuine_id), v.out);
}

BOOST_AUTO_TEST_CASE(a_trailing_slash_changes_nothing) {
  const SharedRuns& s = shared_runs();
  const std::string slashed = s.unsigned_run.run_dir.string() + "/";
  const VerifyReport plain = verify_run_folder(s.unsigned_run.run_dir);
  const VerifyReport with_slash = verify_run_folder(slashed);
  BOOST_TEST(with_slash.state() == "verified", describe(with_slash));
  BOOST_TEST(with_slash.index_agrees);
  BOOST_TEST(with_slash.indexed_id == plain.indexed_id);
  BOOST_TEST(with_slash.detail() == plain.detail());
  const Verified v = verify_cmd({slashed, {}, ""});
  BOOST_TEST(v.exit_code == kExitPass, v.out);
  BOOST_TEST(!contains(v.out, "no run index"), v.out);  // the index is beside the folder, not in it

  // And the forgery is caught through the slash too.
  const OwnRun run;
  forge(run.dir);
  const Verified forged = verify_cmd({run.dir.string() + "/", {}, ""});
  BOOST_TEST(forged.exit_code == kExitFail, forged.out);
  BOOST_TEST(contains(forged.out, "run id mismatch"), forged.out);

  // A run recorded into "DIR/" is the folder DIR, its index beside it.
  const TempDir tmp;
  RunOptions o;
  o.scenario_path = source_path("scenarios/iec-accuracy-25mlh.yaml").string();
  o.fixture_path = one_station_sim_bench_path().string();
  o.out_dir = (tmp.path() / "slashed-run/").string();
  o.quiet = true;
  std::ostringstream out, err;
  const RunReport rr = run_scenario(o, out, err);
  BOOST_REQUIRE_EQUAL(rr.exit_code, kExitPass);
  BOOST_TEST(fs::exists(tmp.path() / kIndexFile));
  BOOST_TEST(!fs::exists(tmp.path() / "slashed-run" / kIndexFile));
  BOOST_REQUIRE(rr.result.has_value());
  const std::string id = rr.result->run.id.value_or("");
  BOOST_TEST(RunIndex::open_existing(tmp.path() / kIndexFile).find(id).has_value(), id);
  BOOST_TEST(RunIndex::open_existing(tmp.path() / kIndexFile).find(id)->folder == fs::canonical(tmp.path() / "slashed-run").string());
  BOOST_TEST(verify_cmd({(tmp.path() / "slashed-run").string(), {}, ""}).exit_code == kExitPass);
}

// Issue 15: two CI builds writing `--out ci1/ff` and `--out ci2/ff` into one index. The folder
// names agree, the run ids do not: the index lists both runs, history shows both, and each
// untouched folder verifies against its own entry.
BOOST_AUTO_TEST_CASE(two_runs_with_the_same_out_leaf_name_in_one_index_both_verify) {
  const TempDir tmp;
  const fs::path index = tmp.path() / kIndexFile;
  std::vector<std::string> ids;
  for (const char* build : {"ci1", "ci2"}) {
    RunOptions o;
    o.scenario_path = source_path("scenarios/free-flow-80cm.yaml").string();
    o.out_dir = (tmp.path() / build / "ff").string();
    o.index_path = index.string();
    o.quiet = true;
    std::ostringstream out, err;
    const RunReport rr = run_scenario(o, out, err);
    BOOST_REQUIRE_EQUAL(rr.exit_code, kExitPass);
    BOOST_REQUIRE(rr.result.has_value());
    ids.push_back(rr.result->run.id.value_or(""));
  }
  BOOST_TEST(ids[0] != ids[1]);
  BOOST_TEST(ids[0].find("free-flow-80cm") != std::string::npos, ids[0]);
  const RunIndex listed = RunIndex::open_existing(index);
  for (const std::string& id : ids) BOOST_TEST(listed.find(id).has_value(), id);
  for (const char* build : {"ci1", "ci2"}) {
    const Verified v = verify_cmd({(tmp.path() / build / "ff").string(), {}, index.string()});
    BOOST_TEST(v.exit_code == kExitPass, build << ": " << v.out);
  }
  std::ostringstream hist, herr;
  BOOST_TEST(run_history(HistoryCommandOptions{"runs", index.string(), "", ""}, hist, herr) == 0, herr.str());
  for (const std::string& id : ids) BOOST_TEST(contains(hist.str(), id), hist.str());
}

BOOST_AUTO_TEST_CASE(a_key_found_only_in_the_folder_is_untrusted) {
  const SharedRuns& s = shared_runs();
  VerifyOptions no_index;
  no_index.no_index = true;
  const VerifyReport r = verify_run_folder(s.signed_run.run_dir, no_index);
  BOOST_TEST(r.signature_valid);
  BOOST_TEST(!r.signature_trusted);
  BOOST_TEST(r.state() == "self-consistent only", describe(r));
  BOOST_TEST(contains(r.detail(), "untrusted"), r.detail());
  const Verified v = verify_cmd({s.signed_run.run_dir.string(), {}, "", true});
  BOOST_TEST(v.exit_code == kExitFail, v.out);
  BOOST_TEST(contains(v.out, "SELF-CONSISTENT ONLY"), v.out);
  BOOST_TEST(contains(v.out, "the key stored in the folder"), v.out);
  BOOST_TEST(contains(v.out, "untrusted"), v.out);

  // A forger who re-signs with their own key, swaps signer.pub.pem and names it in run.json gets
  // no further than self-consistent: only a trusted key or the index could vouch.
  const TempDir tmp;
  const KeyPairFiles other = generate_signing_keys(tmp.path() / "forger-keys");
  const fs::path forged = copy_run(s.signed_run.run_dir, tmp.path() / "forged");
  edit_one_reading(forged);
  std::string run_json = read_text(forged / "run.json");
  run_json = replace_all(run_json, s.fingerprint, other.fingerprint);
  write_text(forged / "run.json", run_json);
  write_manifest(forged);
  sign_manifest(forged, SigningKey::load(other.private_key));
  const VerifyReport re_signed = verify_run_folder(forged, no_index);
  BOOST_TEST(re_signed.consistent(), describe(re_signed));
  BOOST_TEST(re_signed.state() == "self-consistent only", describe(re_signed));
  BOOST_TEST(!re_signed.ok());
  BOOST_TEST(verify_cmd({forged.string(), {}, "", true}).exit_code == kExitFail);
  BOOST_TEST(verify_cmd({forged.string(), {s.public_key().string()}, "", true}).exit_code == kExitFail);
}

BOOST_AUTO_TEST_CASE(a_run_the_index_does_not_list_fails) {
  // A genuine folder copied under a new name next to the index, its run_id set to match.
  const OwnRun run;
  const fs::path copy = run.runs / "20260101T000000Z-iec-accuracy-25mlh-000000";
  fs::copy(run.dir, copy, fs::copy_options::recursive);
  std::string run_json = read_text(copy / "run.json");
  run_json = replace_all(run_json, run.dir.filename().string(), copy.filename().string());
  write_text(copy / "run.json", run_json);
  rehash(copy, {"run.json"});
  const VerifyReport r = verify_run_folder(copy);
  BOOST_TEST(r.state() == "tampered", describe(r));
  BOOST_TEST(has_problem(r, Kind::index_mismatch), describe(r));
  BOOST_TEST(contains(r.problems.front().detail, "does not list this folder"), r.problems.front().detail);
  BOOST_TEST(verify_cmd({copy.string(), {}, ""}).exit_code == kExitFail);
  // The same with the index named explicitly.
  BOOST_TEST(verify_cmd({copy.string(), {}, (run.runs / kIndexFile).string()}).exit_code == kExitFail);
  // A missing --index file is a usage error, not a silent skip.
  BOOST_TEST(verify_cmd({run.dir.string(), {}, (run.tmp.path() / "none.sqlite").string()}).exit_code == kExitUsage);
}

BOOST_AUTO_TEST_CASE(an_index_listing_another_digest_fails) {
  const OwnRun run;
  RunIndex index(run.runs / kIndexFile);
  IndexedRun entry = *index.find_by_folder(run.dir);
  entry.manifest_digest = std::string(64, 'a');
  index.record(entry);
  const VerifyReport r = verify_run_folder(run.dir);
  BOOST_TEST(r.state() == "tampered", describe(r));
  BOOST_TEST(has_problem(r, Kind::index_mismatch));
  BOOST_TEST(!has_problem(r, Kind::run_id_mismatch));
  const Verified v = verify_cmd({run.dir.string(), {}, ""});
  BOOST_TEST(v.exit_code == kExitFail, v.out);
  BOOST_TEST(contains(v.out, "records manifest digest " + std::string(64, 'a')), v.out);
}

BOOST_AUTO_TEST_CASE(a_killed_run_is_unsealed_exit_4_and_a_removed_manifest_is_not) {
  // A run killed mid-recording: the child records and leaves without finishing, as SIGKILL would.
  const OwnRun run;  // its index sits in the same runs folder
  const fs::path killed = run.runs / "20260101T000000Z-killed-abcdef";
  const ChildResult child = run_in_child([&](int) {
    Recorder rec(RunFolder::create_at(killed), {{"provenance", "simulated"}, {"seed", 1}});
    for (int i = 0; i < 20; ++i) {
      rec.add_event({Nanos{i} * 1000000000, EventKind::info, "runner", "tick " + std::to_string(i), {{"i", i}}});
      rec.add_sample("station-1", i, 1.0 + i * 0.01, true);
    }
    rec.sync_now();
    ::_exit(0);
    return 0;
  });
  BOOST_REQUIRE_EQUAL(child.exit_code, 0);
  const VerifyReport r = verify_run_folder(killed);
  BOOST_TEST(r.state() == "unsealed", describe(r));
  BOOST_TEST(!r.ok());
  BOOST_TEST(r.chain_lines == 20u);
  const Verified v = verify_cmd({killed.string(), {}, ""});
  BOOST_TEST(v.exit_code == kExitUnsealed, v.out);
  BOOST_TEST(contains(v.out, "UNSEALED"), v.out);
  BOOST_TEST(!contains(v.out, "FAILED"), v.out);
  // An edited event in a killed run is tampering, not just unsealed.
  std::string events = read_text(killed / "events.jsonl");
  events.replace(events.find("tick 3"), 6, "tock 3");
  write_text(killed / "events.jsonl", events);
  BOOST_TEST(verify_cmd({killed.string(), {}, ""}).exit_code == kExitFail);

  // A sealed, indexed run whose manifest was removed is no killed run: the index says it was sealed.
  fs::remove(run.dir / kManifestFile);
  const VerifyReport removed = verify_run_folder(run.dir);
  BOOST_TEST(removed.state() == "tampered", describe(removed));
  BOOST_TEST(verify_cmd({run.dir.string(), {}, ""}).exit_code == kExitFail);
}

BOOST_AUTO_TEST_CASE(a_genuine_run_verifies_with_its_index_or_with_the_trusted_key) {
  const SharedRuns& s = shared_runs();
  const Verified by_index = verify_cmd({s.unsigned_run.run_dir.string(), {}, ""});
  BOOST_TEST(by_index.exit_code == kExitPass, by_index.out);
  BOOST_TEST(contains(by_index.out, ": VERIFIED"), by_index.out);
  BOOST_TEST(contains(by_index.out, "vouched for by: run index"), by_index.out);

  const Verified by_key = verify_cmd({s.signed_run.run_dir.string(), {s.public_key().string()}, "", true});
  BOOST_TEST(by_key.exit_code == kExitPass, by_key.out);
  BOOST_TEST(contains(by_key.out, "vouched for by: bench signature valid under the trusted key " + s.fingerprint), by_key.out);

  const Verified neither = verify_cmd({s.unsigned_run.run_dir.string(), {}, "", true});
  BOOST_TEST(neither.exit_code == kExitFail, neither.out);
  BOOST_TEST(contains(neither.out, "SELF-CONSISTENT ONLY"), neither.out);
  BOOST_TEST(!contains(neither.out, "VERIFIED"), neither.out);

  // A key file that cannot be read is a usage error.
  BOOST_TEST(verify_cmd({s.signed_run.run_dir.string(), {"/nonexistent/key.pem"}, ""}).exit_code == kExitUsage);
}

BOOST_AUTO_TEST_CASE(a_runs_folder_moved_with_its_index_still_verifies_and_without_it_does_not) {
  const SharedRuns& s = shared_runs();
  const TempDir tmp;
  const fs::path moved = copy_run(s.unsigned_run.run_dir, tmp.path() / "moved");
  fs::copy_file(s.index(), tmp.path() / "moved" / kIndexFile);
  const VerifyReport r = verify_run_folder(moved);
  BOOST_TEST(r.state() == "verified", describe(r));
  BOOST_TEST(std::any_of(r.notes.begin(), r.notes.end(), [](const std::string& n) { return contains(n, "moved with its index"); }));
  // Alone, with no index beside it: consistent, but nothing vouches.
  const fs::path alone = copy_run(s.unsigned_run.run_dir, tmp.path() / "alone");
  BOOST_TEST(verify_run_folder(alone).state() == "self-consistent only");
}

BOOST_AUTO_TEST_CASE(reports_carry_the_outcome_in_its_own_words) {
  const SharedRuns& s = shared_runs();
  const TempDir tmp;
  // Self-consistent only: neither "verified" nor a failure.
  ReportOptions o;
  o.run_dir = s.unsigned_run.run_dir.string();
  o.out_dir = (tmp.path() / "self").string();
  o.no_index = true;
  std::ostringstream out, err;
  BOOST_REQUIRE_EQUAL(run_report(o, out, err), kExitPass);
  const std::string self = read_text(tmp.path() / "self" / "report.html");
  BOOST_TEST(contains(self, "self-consistent only: "));
  BOOST_TEST(!contains(self, "verified: "));
  BOOST_TEST(!contains(self, "INTEGRITY CHECK FAILED"));
  // With the index (the default beside the folder): verified.
  o.no_index = false;
  o.out_dir = (tmp.path() / "indexed").string();
  BOOST_REQUIRE_EQUAL(run_report(o, out, err), kExitPass);
  BOOST_TEST(contains(read_text(tmp.path() / "indexed" / "report.html"), "verified: "));
  // The reports written by the run itself: the signed run checks against its own key and index.
  BOOST_TEST(contains(read_text(s.signed_run.run_dir / "report.html"), "verified: "));
  // The forgery: failed.
  const OwnRun run;
  forge(run.dir);
  o.run_dir = run.dir.string();
  o.out_dir = (tmp.path() / "forged").string();
  BOOST_REQUIRE_EQUAL(run_report(o, out, err), kExitPass);
  BOOST_TEST(contains(read_text(tmp.path() / "forged" / "report.html"), "INTEGRITY CHECK FAILED"));
}

BOOST_AUTO_TEST_SUITE_END()
