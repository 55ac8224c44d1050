#include <boost/test/unit_test.hpp>

#include "rig/config/fixture.hpp"
#include "rig/config/suite.hpp"
#include "tests/config/expect_error.hpp"
#include "tests/config/yaml_text.hpp"

using namespace pumprig;
using namespace pumprig::test;

namespace {

const std::string kScenarios = std::string(PUMPRIG_SOURCE_DIR) + "/scenarios";
const std::string kSuite = kScenarios + "/x-suite.yaml";  // never read: the text is given

}  // namespace

BOOST_AUTO_TEST_SUITE(suite_loader)

// load_suite_text (what the fuzz target feeds) resolves scenarios against the named file's folder.
BOOST_AUTO_TEST_CASE(suite_text_resolves_scenarios_against_its_folder) {
  const Suite s = load_suite_text(join({"schema: pumprig.suite/1", "id: two", "scenarios:",
                                        "  - free-flow-80cm.yaml", "  - occlusion-1mlh-low.yaml"}),
                                  kSuite);
  BOOST_TEST(s.id == "two");
  BOOST_TEST(s.source == kSuite);
  BOOST_TEST_REQUIRE(s.scenarios.size() == 2u);
  BOOST_TEST(s.scenarios[0].path == kScenarios + "/free-flow-80cm.yaml");
  BOOST_TEST(s.scenarios[1].where.line == 5);
}

BOOST_AUTO_TEST_CASE(suite_text_names_a_missing_scenario_file_by_position) {
  EXPECT_WHAT(ConfigError,
              load_suite_text(join({"schema: pumprig.suite/1", "id: one", "scenarios:", "  - nope.yaml"}), kSuite),
              kSuite + ":4:5: scenario file 'nope.yaml' not found (looked for " + kScenarios + "/nope.yaml)");
}

BOOST_AUTO_TEST_CASE(suite_file_and_text_agree) {
  const std::string path = kScenarios + "/suite.yaml";
  const Suite from_file = load_suite_file(path);
  const Suite from_text = load_suite_text(read_text_file(path), path);
  BOOST_TEST(from_file.id == from_text.id);
  BOOST_TEST(from_file.scenarios.size() == from_text.scenarios.size());
}

BOOST_AUTO_TEST_SUITE_END()
