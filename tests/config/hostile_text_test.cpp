// Issue 11: free text from files and the command line is bounded and checked where it is
// loaded (a 10 MB prompt or a 100,000-character --dut value ran report generation for minutes),
// invalid UTF-8 and control characters are refused with file:line:col, and no message echoes a
// raw escape sequence. A check weight above the balance's capacity fails before anything moves.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>

#include "rig/config/fixture.hpp"
#include "rig/config/scenario.hpp"
#include "rig/kinds/scenario_loading.hpp"
#include "rig/config/validate.hpp"
#include "rig/core/safe_text.hpp"
#include "tests/config/expect_error.hpp"
#include "tests/config/yaml_text.hpp"

using namespace pumprig;
using namespace pumprig::test;

namespace {

const Lines kScenario = {
    /* 1 */ "schema: pumprig.scenario/1",
    /* 2 */ "id: t",
    /* 3 */ "title: Text limits",
    /* 4 */ "applies_to: [syringe]",
    /* 5 */ "steps:",
    /* 6 */ "  - prompt: \"Place the vessel on the balance\"",
    /* 7 */ "  - tare",
};

Scenario scenario(const Lines& lines) { return load_scenario_text(join(lines), "s.yaml"); }

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(hostile_text)

BOOST_AUTO_TEST_CASE(printable_escapes_control_characters_and_bad_utf8) {
  BOOST_TEST(printable("plain text, ünïcödé") == "plain text, ünïcödé");
  BOOST_TEST(printable("a\x1b[2Jb") == "a\\x1b[2Jb");
  BOOST_TEST(printable("line\nbreak\ttab\r\x7f") == "line\\nbreak\\ttab\\r\\x7f");
  BOOST_TEST(printable("\xff\xfe") == "\\xff\\xfe");
  BOOST_TEST(printable("csi \xc2\x9b" "31m") == "csi \\u009b31m");
  BOOST_TEST(printable("\xed\xa0\x80") == "\\xed\\xa0\\x80");  // a surrogate is no UTF-8
  BOOST_TEST(printable("\xc0\xaf") == "\\xc0\\xaf");          // nor an overlong form
  BOOST_TEST(*first_invalid_utf8("ok \xf0\x9f\x92\xa7 \xe2\x82") == 8u);
  BOOST_TEST(!first_invalid_utf8("ok \xf0\x9f\x92\xa7"));
}

BOOST_AUTO_TEST_CASE(a_10_mb_prompt_is_refused_at_load_fast) {
  const std::string huge(10 * 1024 * 1024, 'x');
  const auto t0 = std::chrono::steady_clock::now();
  const std::string msg = error_of([&] { scenario(replace_line(kScenario, 6, "  - prompt: \"" + huge + "\"")); });
  BOOST_TEST(msg == "s.yaml:6:13: 'prompt' is longer than 4096 characters (10485760)");
  BOOST_TEST(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() < 10.0);
  // 4096 characters (not bytes: "é" is two) are fine.
  std::string limit;
  for (int i = 0; i < 4096; ++i) limit += "\xc3\xa9";
  BOOST_CHECK_NO_THROW(scenario(replace_line(kScenario, 6, "  - prompt: \"" + limit + "\"")));
}

BOOST_AUTO_TEST_CASE(names_and_titles_are_at_most_256_characters) {
  EXPECT_WHAT(ConfigError, scenario(replace_line(kScenario, 3, "title: " + std::string(257, 'T'))),
              "s.yaml:3:8: 'title' is longer than 256 characters (257)");
  EXPECT_WHAT(ConfigError, scenario(replace_line(kScenario, 2, "id: " + std::string(1000, 'i'))),
              "s.yaml:2:5: 'id' is longer than 256 characters (1000)");
  BOOST_CHECK_NO_THROW(scenario(replace_line(kScenario, 3, "title: " + std::string(256, 'T'))));
}

BOOST_AUTO_TEST_CASE(invalid_utf8_is_refused_at_its_line_and_column) {
  EXPECT_WHAT(ConfigError, scenario(replace_line(kScenario, 6, "  - prompt: \"Place the \xff vessel\"")),
              "s.yaml:6:24: invalid UTF-8 (byte \\xff): the file must be UTF-8 text");
}

BOOST_AUTO_TEST_CASE(control_characters_are_refused_and_never_echoed) {
  // The escape sequence as a YAML escape, and as raw bytes in the file.
  EXPECT_WHAT(ConfigError, scenario(replace_line(kScenario, 6, "  - prompt: \"Place\\e[2J the vessel\"")),
              "s.yaml:6:13: 'prompt' has the control character \\x1b at character 6");
  const std::string msg = error_of([] { scenario(replace_line(kScenario, 7, "  - ta\x1b[2Jre")); });
  BOOST_TEST(msg.find('\x1b') == std::string::npos, msg);
  BOOST_TEST(msg.find("\\x1b[2J") != std::string::npos, msg);
  // Multi-line prompts keep their newlines and tabs.
  BOOST_CHECK_NO_THROW(scenario(replace_line(kScenario, 6, "  - prompt: \"Place\\n\\tthe vessel\"")));
}

BOOST_AUTO_TEST_CASE(a_long_or_hostile_dut_value_is_refused) {
  Fixture f = load_fixture_or_default(std::nullopt);
  const std::string long_value = "serial=" + std::string(100000, 'S');
  const std::string msg = error_of([&] { apply_dut_overrides(f, {long_value}); });
  BOOST_TEST(msg.find("the value is longer than 256 characters (100000)") != std::string::npos, msg);
  BOOST_TEST(msg.size() < 300u, msg);  // the value is not echoed whole
  const std::string esc = error_of([&] { apply_dut_overrides(f, {"model=X\x1b]0;owned\x07"}); });
  BOOST_TEST(esc.find("control character \\x1b") != std::string::npos, esc);
  BOOST_TEST(esc.find('\x1b') == std::string::npos, esc);
  BOOST_TEST(!error_of([&] { apply_dut_overrides(f, {"model=\xff"}); }).empty());
  BOOST_CHECK_NO_THROW(apply_dut_overrides(f, {"serial=" + std::string(256, 'S')}));
}

BOOST_AUTO_TEST_CASE(a_directory_is_not_an_empty_file) {
  const std::string dir = std::filesystem::temp_directory_path().string();
  const std::string msg = error_of([&] { load_scenario_file(dir); });
  BOOST_TEST(msg.find("is a directory") != std::string::npos, msg);
  BOOST_TEST(msg.find("empty file") == std::string::npos, msg);
  BOOST_TEST(error_of([&] { load_fixture_file(dir); }).find("is a directory") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_check_weight_above_the_balance_capacity_is_refused) {
  const Fixture f = load_fixture_or_default(std::nullopt);  // XPR205: 220 g
  const Lines weigh = replace_line(kScenario, 7, "  - check_weight: { mass: 5000 kg, tolerance: 0.5 mg }");
  EXPECT_WHAT(ConfigError, validate_scenario_for_fixture(scenario(weigh), f),
              "s.yaml:7:27: check weight 5000000 g is more than the capacity of balance 'balance-1' on station-1 (220 g)");
  const Lines fits = replace_line(kScenario, 7, "  - check_weight: { mass: 200 g, tolerance: 0.5 mg }");
  BOOST_CHECK_NO_THROW(validate_scenario_for_fixture(scenario(fits), f));
}

BOOST_AUTO_TEST_SUITE_END()
