// A run folder whose last lines were torn by a crash (a write cut short, no line end) still reads:
// the torn line is dropped with a note, everything before it is kept.
#include <boost/test/unit_test.hpp>

#include <fstream>

#include "rig/session/exit_codes.hpp"
#include "rig/record/csv_readings.hpp"
#include "rig/record/run_reader.hpp"
#include "tests/run/run_support.hpp"

namespace fs = std::filesystem;
using namespace pumprig;
using namespace pumprig::test;

namespace {

void append(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary | std::ios::app);
  out << text;
}

bool any_note_contains(const std::vector<std::string>& notes, const std::string& a, const std::string& b) {
  for (const auto& n : notes)
    if (n.find(a) != std::string::npos && n.find(b) != std::string::npos) return true;
  return false;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(run_torn_record)

BOOST_AUTO_TEST_CASE(torn_last_lines_of_a_real_run_are_dropped_with_a_note) {
  TempDir tmp;
  const fs::path dir = tmp.path() / "run";
  const RunOutcome r = run(options("scenarios/iec-accuracy-25mlh.yaml", dir));
  BOOST_TEST_INFO(r.err);
  BOOST_REQUIRE_EQUAL(r.report.exit_code, kExitPass);

  const fs::path samples_path = dir / "samples-station-1.csv";
  const CsvReadings intact = read_readings_csv(samples_path.string());
  BOOST_REQUIRE(intact.notes.empty());
  BOOST_REQUIRE(read_text(samples_path).back() == '\n');

  // A sample line cut off mid-number, as a SIGKILL between write(2) calls cannot leave it but a
  // power loss on a filesystem without ordered data can.
  append(samples_path, "7300.66416676,25.1");
  const CsvReadings torn = read_readings_csv(samples_path.string());
  BOOST_TEST(torn.readings.size() == intact.readings.size());
  BOOST_TEST(torn.readings.back().t_s == intact.readings.back().t_s);
  BOOST_TEST(torn.readings.back().mass_g == intact.readings.back().mass_g);
  BOOST_REQUIRE_EQUAL(torn.notes.size(), 1u);
  BOOST_TEST(torn.notes[0].find("samples-station-1.csv") != std::string::npos, torn.notes[0]);
  BOOST_TEST(torn.notes[0].find("torn") != std::string::npos, torn.notes[0]);

  const RunFolderContents before = load_run_folder(dir);
  BOOST_REQUIRE(before.notes.empty());
  append(dir / "events.jsonl", R"({"t_s":7300.1,"utc":"2026-01-01T00:00:00Z","kind":"ste)");
  const RunFolderContents after = load_run_folder(dir);
  BOOST_TEST(after.events.size() == before.events.size());
  BOOST_TEST(after.events.back() == before.events.back());
  BOOST_TEST((after.status == RunStatus::finished));  // run.json still says so; the tear is only noted
  BOOST_TEST(any_note_contains(after.notes, "events.jsonl", "torn"));
}

BOOST_AUTO_TEST_SUITE_END()
