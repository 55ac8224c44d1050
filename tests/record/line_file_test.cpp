#include <boost/test/unit_test.hpp>

#include <signal.h>
#include <sys/resource.h>

#include "rig/record/atomic_write.hpp"
#include "rig/record/line_file.hpp"
#include "tests/record/fork_util.hpp"
#include "tests/record/record_test_util.hpp"

using namespace pumprig;
using pumprig::test::TempDir;

namespace {
bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
}  // namespace

BOOST_AUTO_TEST_SUITE(line_file)

BOOST_AUTO_TEST_CASE(lines_are_appended_each_with_a_newline_and_survive_reopening) {
  TempDir tmp;
  const auto p = tmp.path() / "x.log";
  {
    LineFile f(p);
    f.append_line("one");
    f.append_line("");
    BOOST_TEST(f.dirty());
    BOOST_TEST(f.sync());
    BOOST_TEST(!f.dirty());
    BOOST_TEST(!f.sync());  // nothing new: no fsync
  }
  {
    LineFile f(p);  // appends, never truncates
    f.append_line("three");
    f.close();
    BOOST_CHECK_THROW(f.append_line("late"), std::logic_error);
  }
  BOOST_TEST(test::read_text(p) == "one\n\nthree\n");
}

BOOST_AUTO_TEST_CASE(a_line_may_not_contain_a_newline) {
  TempDir tmp;
  LineFile f(tmp.path() / "x.log");
  BOOST_CHECK_THROW(f.append_line("a\nb"), std::invalid_argument);
  BOOST_TEST(test::read_text(tmp.path() / "x.log").empty());
}

BOOST_AUTO_TEST_CASE(disk_full_surfaces_with_path_and_reason) {
  LineFile f("/dev/full");
  try {
    f.append_line("sample");
    BOOST_FAIL("expected an error");
  } catch (const std::system_error& e) {
    BOOST_TEST(e.code().value() == ENOSPC);
    BOOST_TEST(contains(e.what(), "/dev/full"), e.what());
    BOOST_TEST(contains(e.what(), std::strerror(ENOSPC)), e.what());
  }
  // The file may now end in a fragment: later lines are refused, not glued onto it.
  BOOST_CHECK_THROW(f.append_line("next"), std::runtime_error);
}

BOOST_AUTO_TEST_CASE(open_failure_names_the_path) {
  TempDir tmp;
  const auto p = tmp.path() / "no-such-dir" / "x.log";
  try {
    LineFile f(p);
    BOOST_FAIL("expected an error");
  } catch (const std::system_error& e) {
    BOOST_TEST(contains(e.what(), p.string()), e.what());
  }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(atomic_write)

BOOST_AUTO_TEST_CASE(replaces_content_and_leaves_no_temp_file) {
  TempDir tmp;
  const auto p = tmp.path() / "result.json";
  write_file_atomically(p, "old\n");
  BOOST_TEST(test::read_text(p) == "old\n");
  write_file_atomically(p, "new\n");
  BOOST_TEST(test::read_text(p) == "new\n");
  BOOST_TEST(test::entries(tmp.path()) == std::vector<std::string>{"result.json"}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(failed_write_keeps_old_content_and_removes_temp_file) {
  // Root ignores permission bits, but not RLIMIT_FSIZE: in a child limited to 64-byte files a
  // 1000-byte write fails with EFBIG midway through the temp file.
  TempDir tmp;
  const auto p = tmp.path() / "run.json";
  write_file_atomically(p, "old\n");
  const auto child = test::run_in_child([&](int fd) {
    ::signal(SIGXFSZ, SIG_IGN);
    const rlimit lim{64, 64};
    ::setrlimit(RLIMIT_FSIZE, &lim);
    try {
      write_file_atomically(p, std::string(1000, 'n'));
    } catch (const std::system_error& e) {
      test::report(fd, e.what());
      return e.code().value() == EFBIG ? 0 : 2;
    }
    return 1;
  });
  BOOST_TEST(child.exit_code == 0, child.output);
  BOOST_TEST(contains(child.output, p.string()), child.output);
  BOOST_TEST(contains(child.output, std::strerror(EFBIG)), child.output);
  BOOST_TEST(test::read_text(p) == "old\n");
  BOOST_TEST(test::entries(tmp.path()) == std::vector<std::string>{"run.json"}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(failed_rename_removes_temp_file_and_names_the_target) {
  TempDir tmp;
  const auto p = tmp.path() / "report.html";
  std::filesystem::create_directory(p);  // rename of a file onto a directory fails
  test::write_text(p / "keep", "k");
  try {
    write_file_atomically(p, "<html/>");
    BOOST_FAIL("expected an error");
  } catch (const std::system_error& e) {
    BOOST_TEST(contains(e.what(), p.string()), e.what());
  }
  BOOST_TEST(test::entries(tmp.path()) == std::vector<std::string>{"report.html"}, boost::test_tools::per_element());
  BOOST_TEST(test::read_text(p / "keep") == "k");
}

BOOST_AUTO_TEST_SUITE_END()
