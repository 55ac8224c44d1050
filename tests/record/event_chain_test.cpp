// The hash chain over events.jsonl: the recorder writes it, the reader checks it, a torn last
// line is still forgiven, and any edit names the first line that no longer follows.
#include <boost/test/unit_test.hpp>

#include <algorithm>

#include "rig/record/event_chain.hpp"
#include "rig/record/recorder.hpp"
#include "rig/record/run_reader.hpp"
#include "rig/record/sha256.hpp"
#include "tests/record/record_test_util.hpp"

namespace fs = std::filesystem;
using namespace pumprig;
using namespace pumprig::test;

namespace {

fs::path record_events(const fs::path& base, int n) {
  Recorder rec(RunFolder::create_at(base / "run"), nlohmann::json::object());
  for (int i = 0; i < n; ++i)
    rec.add_event(RigEvent{seconds(i), EventKind::info, "test", "event " + std::to_string(i), {{"i", i}}});
  rec.finish(RunStatus::finished, "");
  return rec.dir();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(event_chain)

BOOST_AUTO_TEST_CASE(sha256_matches_the_standard_test_vectors) {
  BOOST_TEST(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  BOOST_TEST(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

BOOST_AUTO_TEST_CASE(each_line_chains_on_the_previous_one_from_the_genesis) {
  const TempDir tmp;
  const fs::path dir = record_events(tmp.path(), 5);
  const auto lines = complete_lines(read_text(dir / "events.jsonl"));
  BOOST_REQUIRE_EQUAL(lines.size(), 5u);
  std::string prev = sha256_hex("pumprig events chain v1");
  BOOST_TEST(prev == event_chain_genesis());
  for (const auto& line : lines) {
    const auto split = split_chained_line(line);
    BOOST_REQUIRE(split);
    // Recomputed by hand: SHA-256 of the previous chain's hex followed by the line without the field.
    BOOST_TEST(split->chain == sha256_hex(prev + split->body));
    BOOST_TEST(nlohmann::json::parse(line).at("chain").get<std::string>() == split->chain);
    BOOST_TEST(!nlohmann::json::parse(split->body).contains("chain"));
    prev = split->chain;
  }
  const EventChainCheck c = check_event_chain(dir / "events.jsonl");
  BOOST_TEST(c.intact(), c.describe());
  BOOST_TEST(c.lines == 5u);
  BOOST_TEST(c.head == prev);
  // run.json names the head and the line count at finish.
  const auto run = nlohmann::json::parse(read_text(dir / "run.json"));
  BOOST_TEST(run.at("events_chain").at("head").get<std::string>() == prev);
  BOOST_TEST(run.at("events_chain").at("lines").get<int>() == 5);
  // A folder given by path keeps its name; the run's id is its own (run_folder.hpp).
  const std::string id = run.at("run_id").get<std::string>();
  BOOST_TEST(id != "run");
  BOOST_TEST(id.find("-run-") != std::string::npos, id);
  BOOST_TEST(load_run_folder(dir).events_chain.intact());
}

BOOST_AUTO_TEST_CASE(an_edit_or_a_swap_breaks_the_chain_at_the_first_line_that_no_longer_follows) {
  const TempDir tmp;
  const fs::path dir = record_events(tmp.path(), 6);
  const std::string original = read_text(dir / "events.jsonl");
  auto lines = complete_lines(original);
  auto write_lines = [&](const std::vector<std::string>& ls) {
    std::string text;
    for (const auto& l : ls) text += l + "\n";
    write_text(dir / "events.jsonl", text);
  };
  auto edited = lines;
  edited[3].replace(edited[3].find("event 3"), 7, "event 9");
  write_lines(edited);
  EventChainCheck c = check_event_chain(dir / "events.jsonl");
  BOOST_TEST((c.state == EventChainCheck::State::broken));
  BOOST_TEST(c.broken_line == 4u);
  BOOST_TEST(c.describe().find("line 4") != std::string::npos);
  // The reader still loads the events (the data may be analysed) but says so.
  const RunFolderContents contents = load_run_folder(dir);
  BOOST_TEST(contents.events.size() == 6u);
  BOOST_TEST(contents.events_chain.broken_line == 4u);
  BOOST_TEST(std::any_of(contents.notes.begin(), contents.notes.end(),
                         [](const std::string& n) { return n.find("chain broken at line 4") != std::string::npos; }));

  auto swapped = lines;
  std::swap(swapped[1], swapped[2]);
  write_lines(swapped);
  BOOST_TEST(check_event_chain(dir / "events.jsonl").broken_line == 2u);

  auto stripped = lines;
  stripped[4] = split_chained_line(stripped[4])->body;  // chain field removed
  write_lines(stripped);
  BOOST_TEST(check_event_chain(dir / "events.jsonl").broken_line == 5u);
}

BOOST_AUTO_TEST_CASE(a_torn_last_line_is_forgiven_with_a_note) {
  const TempDir tmp;
  const fs::path dir = record_events(tmp.path(), 4);
  const std::string text = read_text(dir / "events.jsonl");
  write_text(dir / "events.jsonl", text + "{\"t_s\":9,\"utc\":\"2026-");
  const EventChainCheck c = check_event_chain(dir / "events.jsonl");
  BOOST_TEST(c.intact(), c.describe());
  BOOST_TEST(c.lines == 4u);
  BOOST_REQUIRE_EQUAL(c.notes.size(), 1u);
  BOOST_TEST(c.notes[0].find(":5: torn last line") != std::string::npos, c.notes[0]);
}

BOOST_AUTO_TEST_CASE(a_record_from_before_chaining_has_no_chain_and_that_is_not_damage) {
  const TempDir tmp;
  write_text(tmp.path() / "events.jsonl", "{\"t_s\":0,\"kind\":\"info\"}\n{\"t_s\":1,\"kind\":\"info\"}\n");
  const EventChainCheck c = check_event_chain(tmp.path() / "events.jsonl");
  BOOST_TEST((c.state == EventChainCheck::State::absent));
  BOOST_TEST(c.lines == 2u);
}

BOOST_AUTO_TEST_SUITE_END()
