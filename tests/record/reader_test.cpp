#include <boost/test/unit_test.hpp>

#include "rig/record/jsonl.hpp"
#include "rig/record/run_reader.hpp"
#include "tests/record/record_test_util.hpp"

using namespace pumprig;
using pumprig::test::TempDir;

namespace {
bool any_note_contains(const std::vector<std::string>& notes, const std::string& part) {
  for (const auto& n : notes)
    if (n.find(part) != std::string::npos) return true;
  return false;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(jsonl)

BOOST_AUTO_TEST_CASE(complete_file_reads_without_notes) {
  TempDir tmp;
  const auto p = tmp.path() / "events.jsonl";
  test::write_text(p, "{\"a\":1}\n{\"a\":2}\n");
  const auto r = read_jsonl(p);
  BOOST_REQUIRE(r.objects.size() == 2u);
  BOOST_TEST(r.objects[1]["a"].get<int>() == 2);
  BOOST_TEST(r.notes.empty());
}

BOOST_AUTO_TEST_CASE(torn_last_line_is_dropped_and_says_so) {
  TempDir tmp;
  const auto p = tmp.path() / "events.jsonl";
  test::write_text(p, "{\"a\":1}\n{\"a\":2}\n{\"a\":3,\"b\":\"cut of");
  const auto r = read_jsonl(p);
  BOOST_TEST(r.objects.size() == 2u);
  BOOST_REQUIRE(r.notes.size() == 1u);
  BOOST_TEST(r.notes[0].find(p.string() + ":3") != std::string::npos, r.notes[0]);
  BOOST_TEST(r.notes[0].find("torn") != std::string::npos, r.notes[0]);
}

BOOST_AUTO_TEST_CASE(a_complete_last_line_without_newline_is_still_torn) {
  // The writer always ends lines with '\n'; without it we cannot know the line is whole.
  TempDir tmp;
  const auto p = tmp.path() / "events.jsonl";
  test::write_text(p, "{\"a\":1}\n{\"a\":2}");
  const auto r = read_jsonl(p);
  BOOST_TEST(r.objects.size() == 1u);
  BOOST_TEST(r.notes.size() == 1u);
}

BOOST_AUTO_TEST_CASE(unparsable_last_line_is_dropped_with_a_note) {
  TempDir tmp;
  const auto p = tmp.path() / "events.jsonl";
  test::write_text(p, "{\"a\":1}\n{\"a\":\n");
  const auto r = read_jsonl(p);
  BOOST_TEST(r.objects.size() == 1u);
  BOOST_REQUIRE(r.notes.size() == 1u);
  BOOST_TEST(r.notes[0].find(p.string() + ":2") != std::string::npos, r.notes[0]);
}

BOOST_AUTO_TEST_CASE(bad_middle_line_is_an_error_naming_file_and_line) {
  TempDir tmp;
  const auto p = tmp.path() / "events.jsonl";
  test::write_text(p, "{\"a\":1}\n{\"a\":1}\nnot json\n{\"a\":4}\n");
  try {
    read_jsonl(p);
    BOOST_FAIL("expected an error");
  } catch (const std::runtime_error& e) {
    BOOST_TEST(std::string(e.what()).find(p.string() + ":3") != std::string::npos, e.what());
  }
  test::write_text(p, "{\"a\":1}\n[1,2]\n{\"a\":4}\n");  // JSON, but not an object
  BOOST_CHECK_THROW(read_jsonl(p), std::runtime_error);
}

BOOST_AUTO_TEST_CASE(empty_file_has_no_objects_and_no_notes) {
  TempDir tmp;
  test::write_text(tmp.path() / "e.jsonl", "");
  const auto r = read_jsonl(tmp.path() / "e.jsonl");
  BOOST_TEST(r.objects.empty());
  BOOST_TEST(r.notes.empty());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(run_reader)

BOOST_AUTO_TEST_CASE(finished_folder_loads_files_by_station_and_instrument) {
  TempDir tmp;
  const auto d = tmp.path();
  test::write_text(d / "run.json", R"({"status":"finished","seed":7})");
  test::write_text(d / "events.jsonl", "{\"kind\":\"step\"}\n");
  test::write_text(d / "samples-station-1.csv", "time_s,mass_g,stable\n");
  test::write_text(d / "samples-b.csv", "time_s,mass_g,stable\n");
  test::write_text(d / "wire-balance-1.log", "");
  test::write_text(d / "result.json", R"({"schema":"pumprig.result/2","run":{"id":"r1"},"tests":[{"id":"t1","verdict":"pass"}]})");
  const auto c = load_run_folder(d);
  BOOST_TEST((c.status == RunStatus::finished));
  BOOST_TEST(!c.interrupted);
  BOOST_TEST(c.status_label() == "finished");
  BOOST_TEST(c.run["seed"].get<int>() == 7);
  BOOST_TEST(c.samples.size() == 2u);
  BOOST_TEST(c.samples.at("station-1") == d / "samples-station-1.csv");
  BOOST_TEST(c.wire_logs.count("balance-1") == 1u);
  BOOST_TEST(c.events.size() == 1u);
  BOOST_REQUIRE(c.result.has_value());
  BOOST_REQUIRE_EQUAL(c.result->tests.size(), 1u);
  BOOST_TEST((c.result->tests[0].verdict == Verdict::pass));
  BOOST_TEST(c.result->run.id.value_or("") == "r1");
  BOOST_TEST(c.notes.empty());
}

BOOST_AUTO_TEST_CASE(running_status_means_interrupted) {
  TempDir tmp;
  test::write_text(tmp.path() / "run.json", R"({"status":"running"})");
  test::write_text(tmp.path() / "events.jsonl", "");
  const auto c = load_run_folder(tmp.path());
  BOOST_TEST((c.status == RunStatus::aborted));
  BOOST_TEST(c.interrupted);
  BOOST_TEST(c.status_label() == "aborted (interrupted)");
  BOOST_TEST(any_note_contains(c.notes, "interrupted"));
  BOOST_TEST(!c.result.has_value());
}

BOOST_AUTO_TEST_CASE(missing_or_broken_run_json_is_aborted_with_a_note) {
  TempDir tmp;
  test::write_text(tmp.path() / "events.jsonl", "");
  auto c = load_run_folder(tmp.path());
  BOOST_TEST((c.status == RunStatus::aborted));
  BOOST_TEST(any_note_contains(c.notes, "run.json"));

  test::write_text(tmp.path() / "run.json", "{\"status\":\"fini");
  c = load_run_folder(tmp.path());
  BOOST_TEST((c.status == RunStatus::aborted));
  BOOST_TEST(any_note_contains(c.notes, "unreadable"));
}

BOOST_AUTO_TEST_CASE(not_a_folder_is_an_error) {
  TempDir tmp;
  BOOST_CHECK_THROW(load_run_folder(tmp.path() / "nope"), std::runtime_error);
}

BOOST_AUTO_TEST_SUITE_END()
