// Wire logs grew without bound (issue 11, item 7): a NUL flood between valid NE-1000 frames
// wrote 39 MB in 23 s. Each wire-<instrument>.log now stops at the fixture's wire_log.max_mb;
// what comes after is counted in events.jsonl (when the cap is reached, and in total at the end
// of the run), the file stays a readable wire log and the sealed folder verifies.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "rig/integrity/manifest.hpp"
#include "rig/integrity/verify.hpp"
#include "rig/record/recorder.hpp"
#include "rig/record/run_reader.hpp"
#include "rig/record/wire_log.hpp"
#include "tests/record/record_test_util.hpp"

using namespace pumprig;
using nlohmann::json;
using pumprig::test::TempDir;

namespace {

std::vector<std::uint8_t> bytes(const std::string& s) { return {s.begin(), s.end()}; }

std::vector<json> events_of_kind(const RunFolderContents& run, const std::string& kind) {
  std::vector<json> out;
  for (const auto& e : run.events)
    if (e["kind"] == kind) out.push_back(e);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(wire_log_cap)

BOOST_AUTO_TEST_CASE(a_nul_flood_stops_at_the_cap_and_the_rest_is_counted) {
  TempDir tmp;
  RecorderOptions options;
  options.wire_log_max_bytes = 1 << 20;  // 1 MB
  const std::string frame = "\x02" "00S" "\x03";
  const std::string flood(4096, '\0');   // a read's worth of NULs: 16 kB as \x00 escapes
  std::uint64_t flood_chunks = 0;
  std::filesystem::path dir;
  {
    Recorder rec(RunFolder::create_at(tmp.path() / "run"), json::object(), options);
    dir = rec.dir();
    Nanos t = 0;
    for (int i = 0; i < 500; ++i) {  // 8 MB of escaped log without the cap
      rec.add_wire("pump-1", t, '>', bytes("\x02" "0VER\x03"));
      rec.add_wire("pump-1", t + 1000, '<', bytes(frame + flood));
      ++flood_chunks;
      t += milliseconds(46);  // about the rate: 39 MB in 23 s
    }
    rec.add_wire("balance-1", t, '<', bytes("S S      1.0000 g\r\n"));  // another instrument is not capped
    rec.finish(RunStatus::finished, "");
  }
  BOOST_TEST(std::filesystem::file_size(dir / "wire-pump-1.log") <= options.wire_log_max_bytes);
  BOOST_TEST(std::filesystem::file_size(dir / "wire-pump-1.log") > options.wire_log_max_bytes - 20000);

  const RunFolderContents run = load_run_folder(dir);
  const auto truncated = events_of_kind(run, "wire_log_truncated");
  BOOST_REQUIRE(truncated.size() == 2u);
  BOOST_TEST(truncated[0]["source"] == "pump-1");
  BOOST_TEST(truncated[0]["message"].get<std::string>().find("size limit of 1048576 bytes") != std::string::npos);
  BOOST_TEST(truncated[1]["data"]["final"] == true);

  // Every chunk is either in the log or counted.
  const WireLogReadResult log = read_wire_log(dir / "wire-pump-1.log");
  BOOST_TEST(log.notes.empty());
  std::uint64_t logged_bytes = 0;
  for (const auto& c : log.chunks) logged_bytes += c.bytes.size();
  const std::uint64_t total_bytes = 500 * (6 + frame.size() + flood.size());
  BOOST_TEST(logged_bytes + truncated[1]["data"]["skipped_bytes"].get<std::uint64_t>() == total_bytes);
  BOOST_TEST(log.chunks.size() + truncated[1]["data"]["skipped_chunks"].get<std::uint64_t>() == 1000u);
  BOOST_TEST(read_wire_log(dir / "wire-balance-1.log").chunks.size() == 1u);

  // The capped log is an ordinary recorded file: sealed and verified like any other.
  write_manifest(dir);
  const VerifyReport report = verify_run_folder(dir);
  BOOST_TEST(report.files_checked >= 4u);
  // (Whether a folder without an index entry passes is verify's business; no file may differ.)
  for (const auto& p : report.problems) {
    BOOST_TEST_MESSAGE(to_string(p.kind) << " " << p.file << ": " << p.detail);
    BOOST_TEST(p.file.find("wire-") == std::string::npos);
    BOOST_TEST((p.kind != VerifyProblem::Kind::changed && p.kind != VerifyProblem::Kind::unexpected));
  }
}

BOOST_AUTO_TEST_CASE(below_the_cap_nothing_is_truncated_or_reported) {
  TempDir tmp;
  std::filesystem::path dir;
  {
    Recorder rec(RunFolder::create_at(tmp.path() / "run"), json::object());
    dir = rec.dir();
    for (int i = 0; i < 100; ++i) rec.add_wire("pump-1", i, '<', bytes(std::string(100, '\0')));
    rec.finish(RunStatus::finished, "");
  }
  BOOST_TEST(events_of_kind(load_run_folder(dir), "wire_log_truncated").empty());
  BOOST_TEST(read_wire_log(dir / "wire-pump-1.log").chunks.size() == 100u);
}

BOOST_AUTO_TEST_CASE(a_zero_cap_is_refused) {
  TempDir tmp;
  RecorderOptions options;
  options.wire_log_max_bytes = 0;
  BOOST_CHECK_THROW(Recorder(RunFolder::create_at(tmp.path() / "run"), json::object(), options), std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()
