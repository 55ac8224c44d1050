// pumprig verify: a clean run verifies; any edit of the recorded data (any byte of any file, a
// missing or extra file, the events chain, the index's digest, the signature) is named.
#include <boost/test/unit_test.hpp>

#include <sys/stat.h>

#include <algorithm>
#include <functional>
#include <sstream>

#include "rig/cli/keys_command.hpp"
#include "rig/cli/verify_command.hpp"
#include "rig/index/run_index.hpp"
#include "rig/integrity/manifest.hpp"
#include "rig/integrity/signing.hpp"
#include "rig/integrity/verify.hpp"
#include "tests/integrity/integrity_support.hpp"

namespace fs = std::filesystem;
using namespace pumprig;
using namespace pumprig::test;
using Kind = VerifyProblem::Kind;

namespace {

// Rewrites events.jsonl with line `n` (1-based) transformed, returning the new text.
void edit_events(const fs::path& dir, std::size_t n, const std::function<std::string(const std::string&)>& edit) {
  std::istringstream in(read_text(dir / "events.jsonl"));
  std::string out, line;
  for (std::size_t i = 1; std::getline(in, line); ++i) {
    const std::string edited = i == n ? edit(line) : line;
    if (!edited.empty()) out += edited + "\n";
  }
  write_text(dir / "events.jsonl", out);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(verify)

BOOST_AUTO_TEST_CASE(a_clean_signed_run_verifies_against_the_trusted_key_and_the_index) {
  const SharedRuns& s = shared_runs();
  VerifyOptions o;
  o.trusted_keys = {s.public_key()};
  o.index_path = s.index();
  const VerifyReport r = verify_run_folder(s.signed_run.run_dir, o);
  BOOST_TEST(r.ok(), describe(r));
  BOOST_TEST(r.state() == "verified");
  BOOST_TEST(r.signed_);
  BOOST_TEST(r.signature_valid);
  BOOST_TEST(r.signature_trusted);
  BOOST_TEST(r.key_fingerprint == s.fingerprint);
  BOOST_TEST(r.index_checked);
  BOOST_TEST(r.manifest_digest == s.signed_run.manifest_digest);
  BOOST_TEST(r.files_checked >= 5u);  // run.json, result.json, events.jsonl, samples, wire logs
  BOOST_TEST(r.chain_lines > 10u);
  // Derived reports written later are not part of the seal.
  const TempDir tmp;
  const fs::path copy = copy_run(s.signed_run.run_dir, tmp.path());
  write_text(copy / "report.html", "<html></html>");
  write_text(copy / "junit.xml", "<testsuites/>");
  const VerifyReport with_reports = verify_run_folder(copy, VerifyOptions{{s.public_key()}, std::nullopt});
  BOOST_TEST(with_reports.ok(), describe(with_reports));
}

BOOST_AUTO_TEST_CASE(an_unsigned_run_verifies_without_a_key_and_fails_with_one) {
  const SharedRuns& s = shared_runs();
  const VerifyReport plain = verify_run_folder(s.unsigned_run.run_dir);
  BOOST_TEST(plain.ok(), describe(plain));
  BOOST_TEST(!plain.signed_);
  BOOST_TEST(plain.index_checked);  // found next to the folder
  const VerifyReport keyed = verify_run_folder(s.unsigned_run.run_dir, VerifyOptions{{s.public_key()}, std::nullopt});
  BOOST_TEST(has_problem(keyed, Kind::signature_missing), describe(keyed));
}

BOOST_AUTO_TEST_CASE(a_one_byte_change_in_any_recorded_file_is_named) {
  const SharedRuns& s = shared_runs();
  const auto entries = parse_manifest(read_text(s.signed_run.run_dir / kManifestFile));
  BOOST_REQUIRE_GE(entries.size(), 5u);
  for (const auto& e : entries) {
    BOOST_TEST_CONTEXT(e.name) {
      const TempDir tmp;
      const fs::path copy = copy_run(s.signed_run.run_dir, tmp.path());
      flip_one_byte(copy / e.name);
      const VerifyReport r = verify_run_folder(copy, VerifyOptions{{s.public_key()}, std::nullopt});
      BOOST_TEST(!r.ok());
      BOOST_TEST(r.state() == "tampered");
      BOOST_TEST(has_problem(r, Kind::changed, e.name), describe(r));
      // Only the file that was touched is reported as changed.
      for (const auto& p : r.problems)
        if (p.kind == Kind::changed) BOOST_TEST(p.file == e.name);
    }
  }
}

BOOST_AUTO_TEST_CASE(a_missing_file_and_an_extra_recorded_file_are_named) {
  const SharedRuns& s = shared_runs();
  const TempDir tmp;
  const fs::path copy = copy_run(s.unsigned_run.run_dir, tmp.path());
  fs::remove(copy / "samples-station-1.csv");
  write_text(copy / "wire-extra.log", "0.000000000 > x\n");
  write_text(copy / "notes.txt", "a tester's note\n");  // not a recorded file: a note, no failure
  const VerifyReport r = verify_run_folder(copy);
  BOOST_TEST(has_problem(r, Kind::missing, "samples-station-1.csv"), describe(r));
  BOOST_TEST(has_problem(r, Kind::unexpected, "wire-extra.log"), describe(r));
  BOOST_TEST(r.problems.size() == 2u, describe(r));
  BOOST_TEST(std::any_of(r.notes.begin(), r.notes.end(), [](const std::string& n) { return n.find("notes.txt") == 0; }));
}

BOOST_AUTO_TEST_CASE(a_missing_manifest_leaves_the_folder_unsealed) {
  const SharedRuns& s = shared_runs();
  const TempDir tmp;
  const fs::path copy = copy_run(s.unsigned_run.run_dir, tmp.path());
  fs::remove(copy / kManifestFile);
  const VerifyReport r = verify_run_folder(copy);
  BOOST_TEST(has_problem(r, Kind::manifest_missing), describe(r));
  BOOST_TEST(r.state() == "unsealed");
}

BOOST_AUTO_TEST_CASE(an_edited_event_line_breaks_the_chain_at_that_line_even_with_a_new_manifest) {
  const SharedRuns& s = shared_runs();
  for (std::size_t n : {1u, 5u, 12u}) {
    BOOST_TEST_CONTEXT("line " << n) {
      const TempDir tmp;
      const fs::path copy = copy_run(s.unsigned_run.run_dir, tmp.path());
      edit_events(copy, n, [](const std::string& line) {
        std::string l = line;
        const auto at = l.find("\"message\":\"") + 11;
        l.insert(at, "X");
        return l;
      });
      write_manifest(copy);  // a forger who re-seals: the chain still tells
      const VerifyReport r = verify_run_folder(copy);
      BOOST_REQUIRE(has_problem(r, Kind::chain_broken, "events.jsonl"));
      const auto p = std::find_if(r.problems.begin(), r.problems.end(), [](const auto& q) { return q.kind == Kind::chain_broken; });
      BOOST_TEST(p->line == n);
      BOOST_TEST(p->detail.find("line " + std::to_string(n)) != std::string::npos, p->detail);
    }
  }
}

BOOST_AUTO_TEST_CASE(a_removed_event_line_breaks_the_chain_at_the_next_one) {
  const SharedRuns& s = shared_runs();
  const TempDir tmp;
  const fs::path copy = copy_run(s.unsigned_run.run_dir, tmp.path());
  edit_events(copy, 7, [](const std::string&) { return std::string(); });
  write_manifest(copy);
  const VerifyReport r = verify_run_folder(copy);
  BOOST_REQUIRE(has_problem(r, Kind::chain_broken));
  BOOST_TEST(r.problems.front().line == 7u, describe(r));
}

BOOST_AUTO_TEST_CASE(events_cut_off_at_the_end_disagree_with_the_head_in_run_json) {
  const SharedRuns& s = shared_runs();
  const TempDir tmp;
  const fs::path copy = copy_run(s.unsigned_run.run_dir, tmp.path());
  const std::string events = read_text(copy / "events.jsonl");
  const auto lines = static_cast<std::size_t>(std::count(events.begin(), events.end(), '\n'));
  edit_events(copy, lines, [](const std::string&) { return std::string(); });
  write_manifest(copy);
  const VerifyReport r = verify_run_folder(copy);
  BOOST_TEST(has_problem(r, Kind::chain_broken, "events.jsonl"), describe(r));
  BOOST_TEST(r.problems.front().line == lines, describe(r));
}

BOOST_AUTO_TEST_CASE(a_resealed_folder_disagrees_with_the_index) {
  const SharedRuns& s = shared_runs();
  // The copy keeps its id and sits next to a copy of the index: the index still holds the digest
  // of the original seal.
  const TempDir tmp;
  const fs::path copy = copy_run(s.unsigned_run.run_dir, tmp.path());
  fs::copy_file(s.index(), tmp.path() / "index.sqlite");
  BOOST_TEST(verify_run_folder(copy).ok(), describe(verify_run_folder(copy)));
  std::string run_json = read_text(copy / "run.json");
  run_json.replace(run_json.find("\"provenance\": \"simulated\""), 25, "\"provenance\": \"real\"     ");
  write_text(copy / "run.json", run_json);
  write_manifest(copy);
  const VerifyReport r = verify_run_folder(copy);
  BOOST_TEST(has_problem(r, Kind::index_mismatch), describe(r));
  BOOST_TEST(r.problems.size() == 1u, describe(r));
}

BOOST_AUTO_TEST_CASE(a_run_missing_from_a_given_index_is_a_mismatch) {
  const SharedRuns& s = shared_runs();
  const TempDir tmp;
  RunIndex empty(tmp.path() / "other.sqlite");
  VerifyOptions o;
  o.index_path = empty.path();
  const VerifyReport r = verify_run_folder(s.unsigned_run.run_dir, o);
  BOOST_TEST(has_problem(r, Kind::index_mismatch), describe(r));
}

BOOST_AUTO_TEST_CASE(a_wrong_key_or_a_modified_signature_is_a_bad_signature) {
  const SharedRuns& s = shared_runs();
  const TempDir tmp;
  const KeyPairFiles other = generate_signing_keys(tmp.path() / "other-keys");
  const VerifyReport wrong_key = verify_run_folder(s.signed_run.run_dir, VerifyOptions{{other.public_key}, std::nullopt});
  BOOST_TEST(has_problem(wrong_key, Kind::bad_signature), describe(wrong_key));

  const fs::path copy = copy_run(s.signed_run.run_dir, tmp.path() / "copies");
  flip_one_byte(copy / kSignatureFile);
  const VerifyReport modified = verify_run_folder(copy, VerifyOptions{{s.public_key()}, std::nullopt});
  BOOST_TEST(has_problem(modified, Kind::bad_signature, kSignatureFile), describe(modified));
  // Without --key the folder's own key is used: a modified signature still fails.
  BOOST_TEST(has_problem(verify_run_folder(copy), Kind::bad_signature));

  // A forger who re-seals with their own key and swaps the folder's key passes the folder's
  // self-check (run.json names the original fingerprint, though) but never the trusted key.
  const fs::path forged = copy_run(s.signed_run.run_dir, tmp.path() / "forged");
  flip_one_byte(forged / "samples-station-1.csv");
  write_manifest(forged);
  sign_manifest(forged, SigningKey::load(other.private_key));
  BOOST_TEST(has_problem(verify_run_folder(forged), Kind::bad_signature));  // fingerprint differs from run.json
  BOOST_TEST(has_problem(verify_run_folder(forged, VerifyOptions{{s.public_key()}, std::nullopt}), Kind::bad_signature));

  const fs::path unsigned_copy = copy_run(s.signed_run.run_dir, tmp.path() / "unsigned");
  fs::remove(unsigned_copy / kSignatureFile);
  BOOST_TEST(has_problem(verify_run_folder(unsigned_copy), Kind::signature_missing));
}

BOOST_AUTO_TEST_CASE(the_command_exits_0_clean_1_tampered_2_no_folder_and_names_the_file) {
  const SharedRuns& s = shared_runs();
  std::ostringstream out, err;
  BOOST_TEST(run_verify({s.signed_run.run_dir.string(), {s.public_key().string()}, s.index().string()}, out, err) == 0,
             out.str() << err.str());
  BOOST_TEST(out.str().find("VERIFIED") != std::string::npos);

  const TempDir tmp;
  const fs::path copy = copy_run(s.signed_run.run_dir, tmp.path());
  flip_one_byte(copy / "result.json");
  std::ostringstream out2, err2;
  BOOST_TEST(run_verify({copy.string(), {}, ""}, out2, err2) == 1);
  BOOST_TEST(out2.str().find("changed: result.json: changed") != std::string::npos, out2.str());

  std::ostringstream out3, err3;
  BOOST_TEST(run_verify({(tmp.path() / "nope").string(), {}, ""}, out3, err3) == 2);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(keys)

BOOST_AUTO_TEST_CASE(keys_init_makes_a_private_key_only_the_owner_reads_and_refuses_to_overwrite) {
  const TempDir tmp;
  const KeyPairFiles k = generate_signing_keys(tmp.path() / "k");
  struct stat st {};
  BOOST_REQUIRE(::stat(k.private_key.c_str(), &st) == 0);
  BOOST_TEST((st.st_mode & 0777) == 0600u);
  BOOST_TEST(k.fingerprint.rfind("sha256:", 0) == 0u);
  BOOST_TEST(SigningKey::load(k.private_key).fingerprint() == k.fingerprint);
  BOOST_TEST(VerifyKey::load(k.public_key).fingerprint() == k.fingerprint);
  const std::string before = read_text(k.private_key);
  BOOST_CHECK_THROW(generate_signing_keys(tmp.path() / "k"), KeyError);
  BOOST_TEST(read_text(k.private_key) == before);
  // Only the public key left: still refused, the private key is not recreated.
  fs::remove(k.private_key);
  BOOST_CHECK_THROW(generate_signing_keys(tmp.path() / "k"), KeyError);
  BOOST_TEST(!fs::exists(k.private_key));
  std::ostringstream out, err;
  BOOST_TEST(run_keys_init((tmp.path() / "k").string(), out, err) == 2);
  BOOST_TEST(err.str().find("refusing to overwrite") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_signature_verifies_only_the_signed_bytes_under_the_signing_key) {
  const TempDir tmp;
  const KeyPairFiles k = generate_signing_keys(tmp.path());
  const SigningKey sk = SigningKey::load(k.private_key);
  const VerifyKey vk = VerifyKey::load(k.public_key);
  const std::string sig = sk.sign("manifest bytes");
  BOOST_TEST(sig.size() == 64u);
  BOOST_TEST(vk.verify("manifest bytes", sig));
  BOOST_TEST(!vk.verify("manifest bytez", sig));
  write_text(tmp.path() / "not-a-key.pem", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
  BOOST_CHECK_THROW(VerifyKey::load(tmp.path() / "not-a-key.pem"), KeyError);
}

BOOST_AUTO_TEST_SUITE_END()
