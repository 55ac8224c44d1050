#include <boost/test/unit_test.hpp>

#include <set>

#include "rig/record/run_folder.hpp"
#include "tests/record/record_test_util.hpp"

using namespace pumprig;
using pumprig::test::TempDir;

BOOST_AUTO_TEST_SUITE(run_folder)

BOOST_AUTO_TEST_CASE(new_folder_follows_the_naming_pattern_and_creates_parents) {
  TempDir tmp;
  const auto base = tmp.path() / "deep" / "runs";
  const RunFolder f = RunFolder::create_new(base, "iec-accuracy-25mlh");
  BOOST_TEST(std::filesystem::is_directory(f.path()));
  BOOST_TEST(f.path().parent_path() == base);
  const std::string name = f.path().filename().string();
  BOOST_TEST(test::fits(name, "########T######Z-iec-accuracy-25mlh-******"), name);
}

BOOST_AUTO_TEST_CASE(folder_name_uses_utc_time_and_sanitises_the_scenario) {
  // 2026-11-27 16:46:02 UTC
  const auto t = std::chrono::system_clock::time_point(std::chrono::seconds(1795797962));
  BOOST_TEST(RunFolder::folder_name(t, "iec-accuracy-25mlh", "3f9a2c") == "20261127T164602Z-iec-accuracy-25mlh-3f9a2c");
  BOOST_TEST(RunFolder::folder_name(t, "a/b c", "000000") == "20261127T164602Z-a-b-c-000000");
  BOOST_TEST(file_name_part("../x") == "-.-x");  // never hidden, never a path
  BOOST_TEST(file_name_part("") == "run");
}

BOOST_AUTO_TEST_CASE(same_second_same_scenario_gives_distinct_folders) {
  TempDir tmp;
  const auto now = std::chrono::system_clock::now();
  std::set<std::string> names;
  for (int i = 0; i < 20; ++i) names.insert(RunFolder::create_new(tmp.path(), "s", now).path().string());
  BOOST_TEST(names.size() == 20u);
}

BOOST_AUTO_TEST_CASE(out_dir_is_created_with_parents_or_accepted_when_empty) {
  TempDir tmp;
  const auto out = tmp.path() / "a" / "b" / "run1";
  BOOST_TEST(RunFolder::create_at(out).path() == out);
  BOOST_TEST(std::filesystem::is_directory(out));
  // Still empty: a second attempt (e.g. a retried command) may use it.
  BOOST_CHECK_NO_THROW(RunFolder::create_at(out));
}

BOOST_AUTO_TEST_CASE(existing_non_empty_folder_is_never_overwritten) {
  TempDir tmp;
  const auto out = tmp.path() / "run1";
  std::filesystem::create_directory(out);
  test::write_text(out / "run.json", "{\"status\":\"finished\"}\n");
  try {
    RunFolder::create_at(out);
    BOOST_FAIL("expected an error");
  } catch (const std::runtime_error& e) {
    BOOST_TEST(std::string(e.what()).find(out.string()) != std::string::npos, e.what());
  }
  BOOST_TEST(test::read_text(out / "run.json") == "{\"status\":\"finished\"}\n");

  const auto file = tmp.path() / "plain-file";
  test::write_text(file, "x");
  BOOST_CHECK_THROW(RunFolder::create_at(file), std::runtime_error);
}

BOOST_AUTO_TEST_CASE(safe_names) {
  BOOST_TEST(is_safe_name("balance-1"));
  BOOST_TEST(is_safe_name("Station_A.2"));
  BOOST_TEST(!is_safe_name(""));
  BOOST_TEST(!is_safe_name(".hidden"));
  BOOST_TEST(!is_safe_name("a/b"));
  BOOST_TEST(!is_safe_name("a b"));
}

BOOST_AUTO_TEST_SUITE_END()
