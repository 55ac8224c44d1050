// People sign runs (`pumprig sign`): a signature names the person, the time and the meaning, is
// bound to the run id and the manifest digest, lives in signatures/ outside the manifest, and
// vouches for the folder only under a key the verifier trusts (--key FILE|DIR, repeatable).
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <chrono>
#include <sstream>

#include "rig/cli/sign_command.hpp"
#include "rig/cli/verify_command.hpp"
#include "rig/core/os_identity.hpp"
#include "rig/integrity/manifest.hpp"
#include "rig/integrity/person_signature.hpp"
#include "rig/integrity/verify.hpp"
#include "rig/session/exit_codes.hpp"
#include "tests/integrity/integrity_support.hpp"

namespace fs = std::filesystem;
using namespace pumprig;
using namespace pumprig::test;
using Kind = VerifyProblem::Kind;

namespace {

// A copy of a shared run with no index beside it: only signatures can vouch for it.
struct Scratch {
  TempDir tmp{"pumprig-sign"};
  fs::path unsigned_run, signed_run;
  KeyPairFiles alice, mallory;
  Scratch() {
    const SharedRuns& s = shared_runs();
    unsigned_run = copy_run(s.unsigned_run.run_dir, tmp.path() / "a");
    signed_run = copy_run(s.signed_run.run_dir, tmp.path() / "b");
    alice = generate_signing_keys(tmp.path() / "alice");
    mallory = generate_signing_keys(tmp.path() / "mallory");
  }
  static VerifyOptions keys(std::vector<fs::path> trusted) {
    VerifyOptions o;
    o.trusted_keys = std::move(trusted);
    o.no_index = true;
    return o;
  }
};

const auto kNow = std::chrono::system_clock::time_point(std::chrono::seconds(1796486400));  // 2026-12-05T16:00:00Z

}  // namespace

BOOST_AUTO_TEST_SUITE(person_signature)

BOOST_AUTO_TEST_CASE(a_signature_under_a_trusted_person_key_anchors_a_run_without_a_bench_signature) {
  Scratch s;
  const std::string manifest_before = read_text(s.unsigned_run / kManifestFile);
  const PersonSignature sig = sign_run_folder(s.unsigned_run, SigningKey::load(s.alice.private_key), "Alice Tester",
                                              SignatureMeaning::approved, kNow);
  BOOST_TEST(sig.file.parent_path() == s.unsigned_run / kSignaturesDir);
  BOOST_TEST(sig.time == "2026-12-05T16:00:00.000000Z");
  BOOST_TEST(read_text(s.unsigned_run / kManifestFile) == manifest_before);  // the seal is untouched

  // Nobody trusted: the signature is valid but vouches for nothing.
  const VerifyReport untrusted = verify_run_folder(s.unsigned_run, Scratch::keys({}));
  BOOST_TEST(untrusted.state() == "self-consistent only", describe(untrusted));
  BOOST_REQUIRE_EQUAL(untrusted.person_signatures.size(), 1u);
  const SignatureFinding& f = untrusted.person_signatures.front();
  BOOST_TEST(f.valid);
  BOOST_TEST(f.over_manifest);
  BOOST_TEST(!f.trusted);
  BOOST_TEST(f.signature.name == "Alice Tester");
  BOOST_TEST(f.signature.meaning == "approved");
  // signatures/ is neither unexpected nor "not covered".
  for (const auto& n : untrusted.notes) BOOST_TEST(!contains(n, "not covered"), n);

  // Alice's public key trusted: verified, by her signature alone.
  const VerifyReport trusted = verify_run_folder(s.unsigned_run, Scratch::keys({s.alice.public_key}));
  BOOST_TEST(trusted.ok(), describe(trusted));
  BOOST_TEST(trusted.person_signature_trusted);
  BOOST_TEST(!trusted.signed_);
  BOOST_TEST(contains(trusted.detail(), "1 person's signature (1 under a trusted key)"), trusted.detail());

  // Someone else's key trusted: no trusted signature, and --key demands one.
  const VerifyReport other = verify_run_folder(s.unsigned_run, Scratch::keys({s.mallory.public_key}));
  BOOST_TEST(!other.ok());
  BOOST_TEST(has_problem(other, Kind::signature_missing), describe(other));

  // A folder of keys, and repeated --key: either holds Alice's.
  const fs::path ring = s.tmp.path() / "ring";
  fs::create_directories(ring);
  fs::copy_file(s.alice.public_key, ring / "alice.pem");
  fs::copy_file(s.mallory.public_key, ring / "mallory.pem");
  BOOST_TEST(verify_run_folder(s.unsigned_run, Scratch::keys({ring})).ok());
  BOOST_TEST(verify_run_folder(s.unsigned_run, Scratch::keys({s.mallory.public_key, s.alice.public_key})).ok());
}

BOOST_AUTO_TEST_CASE(a_trusted_person_key_satisfies_key_when_the_bench_key_is_not_trusted) {
  Scratch s;
  // The bench's seal alone, bench key not given: the bench signature is under an untrusted key.
  const VerifyReport bench_only = verify_run_folder(s.signed_run, Scratch::keys({s.alice.public_key}));
  BOOST_TEST(has_problem(bench_only, Kind::bad_signature), describe(bench_only));
  sign_run_folder(s.signed_run, SigningKey::load(s.alice.private_key), "Alice", SignatureMeaning::reviewed, kNow);
  const VerifyReport r = verify_run_folder(s.signed_run, Scratch::keys({s.alice.public_key}));
  BOOST_TEST(r.ok(), describe(r));
  BOOST_TEST(r.signature_valid);
  BOOST_TEST(!r.signature_trusted);
  BOOST_TEST(r.person_signature_trusted);
  // Both the bench key and Alice trusted: both anchor.
  const VerifyReport both = verify_run_folder(s.signed_run, Scratch::keys({shared_runs().public_key(), s.alice.public_key}));
  BOOST_TEST(both.ok(), describe(both));
  BOOST_TEST(both.anchors.size() == 2u);
}

BOOST_AUTO_TEST_CASE(forged_moved_or_outdated_signatures_fail) {
  Scratch s;
  const PersonSignature sig =
      sign_run_folder(s.unsigned_run, SigningKey::load(s.alice.private_key), "Alice", SignatureMeaning::reviewed, kNow);
  const std::string original = read_text(sig.file);

  // The meaning changed after signing.
  {
    std::string text = original;
    text.replace(text.find("\"reviewed\""), 10, "\"approved\"");
    write_text(sig.file, text);
    const VerifyReport r = verify_run_folder(s.unsigned_run, Scratch::keys({s.alice.public_key}));
    BOOST_TEST(r.state() == "tampered", describe(r));
    BOOST_TEST(has_problem(r, Kind::bad_signature));
    write_text(sig.file, original);
  }
  // Re-signed by Mallory with Alice's name: valid under Mallory's key, which nobody trusts.
  {
    const PersonSignature forged =
        sign_run_folder(s.unsigned_run, SigningKey::load(s.mallory.private_key), "Alice", SignatureMeaning::approved, kNow);
    const VerifyReport r = verify_run_folder(s.unsigned_run, Scratch::keys({s.alice.public_key}));
    BOOST_TEST(r.ok(), describe(r));  // Alice's own signature still vouches
    BOOST_TEST(std::count_if(r.person_signatures.begin(), r.person_signatures.end(),
                             [](const SignatureFinding& f) { return f.trusted; }) == 1);
    fs::remove(sig.file);
    const VerifyReport without_alice = verify_run_folder(s.unsigned_run, Scratch::keys({s.alice.public_key}));
    BOOST_TEST(!without_alice.ok(), describe(without_alice));
    fs::remove(forged.file);
    write_text(sig.file, original);
  }
  // A recorded file edited and the folder re-sealed: the signature is over the old manifest.
  {
    const fs::path copy = copy_run(s.unsigned_run, s.tmp.path() / "resealed");
    flip_one_byte(copy / "samples-station-1.csv");
    write_manifest(copy);
    const VerifyReport r = verify_run_folder(copy, Scratch::keys({s.alice.public_key}));
    BOOST_TEST(r.state() == "tampered", describe(r));
    BOOST_TEST(contains(describe(r), "signed another record"));
  }
  // The signature copied into another run's folder.
  {
    fs::create_directories(s.signed_run / kSignaturesDir);
    fs::copy_file(sig.file, s.signed_run / kSignaturesDir / sig.file.filename());
    const VerifyReport r = verify_run_folder(s.signed_run, Scratch::keys({s.alice.public_key}));
    BOOST_TEST(r.state() == "tampered", describe(r));
    BOOST_TEST(contains(describe(r), "signed another record"));
  }
  // Garbage in signatures/.
  {
    write_text(s.unsigned_run / kSignaturesDir / "junk.json", "{not json");
    const VerifyReport r = verify_run_folder(s.unsigned_run, Scratch::keys({s.alice.public_key}));
    BOOST_TEST(has_problem(r, Kind::bad_signature), describe(r));
  }
}

BOOST_AUTO_TEST_CASE(hostile_signature_records_are_findings_never_crashes_nor_forged_lines) {
  Scratch s;
  const PersonSignature sig =
      sign_run_folder(s.unsigned_run, SigningKey::load(s.alice.private_key), "Alice", SignatureMeaning::reviewed, kNow);
  const fs::path dir = s.unsigned_run / kSignaturesDir;
  // Fields of the wrong type, and a record that is no object.
  for (const char* text : {R"({"format": 1})", R"({"format": null})", "[1, 2]", "{}", "\"text\""}) {
    write_text(dir / "odd.json", text);
    VerifyReport r;
    BOOST_CHECK_NO_THROW(r = verify_run_folder(s.unsigned_run, Scratch::keys({s.alice.public_key})));
    BOOST_TEST(has_problem(r, Kind::bad_signature), text);
  }
  fs::remove(dir / "odd.json");
  // A forged time that would print a fake line: not in the form, so only its file is named.
  {
    std::string text = read_text(sig.file);
    const std::string time = "\"time\": \"" + sig.time + "\"";
    text.replace(text.find(time), time.size(), "\"time\": \"t\\n  vouched for by: QA Lead\"");
    write_text(dir / "forged.json", text);
    std::ostringstream out, err;
    VerifyCommandOptions v{s.unsigned_run.string(), {s.alice.public_key.string()}, "", true};
    BOOST_TEST(run_verify(v, out, err) == kExitFail);
    BOOST_TEST(!contains(out.str(), "QA Lead"), out.str());
    BOOST_TEST(contains(out.str(), "signatures/forged.json"), out.str());
    fs::remove(dir / "forged.json");
  }
  // A copy of a valid signature under another name counts once, and is named.
  fs::copy_file(sig.file, dir / "copy.json");
  const VerifyReport dup = verify_run_folder(s.unsigned_run, Scratch::keys({s.alice.public_key}));
  BOOST_TEST(has_problem(dup, Kind::bad_signature), describe(dup));
  BOOST_TEST(contains(describe(dup), "a copy of another signature file"));
  fs::remove(dir / "copy.json");
  // Other files in signatures/ are not signatures; "RUN/" is the same folder as "RUN".
  write_text(dir / "README", "signed in the lab meeting");
  const VerifyReport slashed = verify_run_folder(s.unsigned_run.string() + "/", Scratch::keys({s.alice.public_key}));
  BOOST_TEST(slashed.ok(), describe(slashed));
}

BOOST_AUTO_TEST_CASE(the_sign_command_refuses_tampered_and_unsealed_folders_and_rewrites_the_reports) {
  Scratch s;
  SignCommandOptions o;
  o.run_dir = s.unsigned_run.string();
  o.key_path = s.alice.private_key.string();
  o.meaning = "approved";
  o.no_index = true;
  {
    // Nothing outside this copy vouches for it: signing it takes an explicit word.
    std::ostringstream out, err;
    BOOST_TEST(run_sign(o, out, err) == kExitFail);
    BOOST_TEST(contains(err.str(), "--accept-unanchored"), err.str());
    BOOST_TEST(!fs::exists(s.unsigned_run / kSignaturesDir));
  }
  o.accept_unanchored = true;
  {
    std::ostringstream out, err;
    BOOST_TEST(run_sign(o, out, err) == kExitPass, err.str());
    BOOST_TEST(contains(out.str(), "approved by " + current_user_name()), out.str());  // the OS user by default
    // The approval section of the rewritten report lists the signature.
    const std::string html = read_text(s.unsigned_run / "report.html");
    BOOST_TEST(contains(html, current_user_name()));
    BOOST_TEST(contains(html, "UNTRUSTED: valid, but no trusted key was given"));
  }
  {
    o.name = "Bob Reviewer";
    o.meaning = "reviewed";
    std::ostringstream out, err;
    BOOST_TEST(run_sign(o, out, err) == kExitPass, err.str());
    // verify prints each signature: meaning, name, time, and whether its key is trusted.
    std::ostringstream vout, verr;
    VerifyCommandOptions v{o.run_dir, {s.alice.public_key.string()}, "", true};
    BOOST_TEST(run_verify(v, vout, verr) == kExitPass, vout.str() << verr.str());
    BOOST_TEST(contains(vout.str(), "signature: reviewed by Bob Reviewer at "), vout.str());
    BOOST_TEST(contains(vout.str(), ": valid, trusted key"));
  }
  {
    const fs::path copy = copy_run(s.unsigned_run, s.tmp.path() / "tampered");
    flip_one_byte(copy / "result.json");
    SignCommandOptions t = o;
    t.run_dir = copy.string();
    std::ostringstream out, err;
    BOOST_TEST(run_sign(t, out, err) == kExitFail);
    BOOST_TEST(contains(err.str(), "refusing to sign"), err.str());
    fs::remove(copy / kManifestFile);
    fs::remove_all(copy / kSignaturesDir);
    std::ostringstream out2, err2;
    BOOST_TEST(run_sign(t, out2, err2) == kExitUnsealed, err2.str());
  }
  {
    SignCommandOptions bad = o;
    bad.key_path = s.alice.public_key.string();  // a public key cannot sign
    std::ostringstream out, err;
    BOOST_TEST(run_sign(bad, out, err) == kExitUsage);
    bad = o;
    bad.name = "two\nlines";
    BOOST_TEST(run_sign(bad, out, err) == kExitUsage);
    bad.name = "Alice \x1b[2K";  // a terminal escape in a name verify prints
    BOOST_TEST(run_sign(bad, out, err) == kExitUsage);
    bad = o;
    bad.meaning = "approvd";
    BOOST_TEST(run_sign(bad, out, err) == kExitUsage);
  }
}

BOOST_AUTO_TEST_SUITE_END()
