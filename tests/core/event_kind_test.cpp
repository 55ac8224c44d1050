// The one vocabulary of event kinds: every kind has one name that reads back as itself, and the
// report's colours and rows follow from it (a pause is a warning and its own row; a fault fails).
#include <boost/test/unit_test.hpp>

#include <set>
#include <string>

#include "rig/core/event_kind.hpp"

using namespace pumprig;

BOOST_AUTO_TEST_SUITE(event_kind)

BOOST_AUTO_TEST_CASE(every_kind_has_one_name_that_reads_back) {
  std::set<std::string> names;
  const int last = static_cast<int>(EventKind::abort);
  for (int i = 0; i <= last; ++i) {
    const auto kind = static_cast<EventKind>(i);
    const std::string name = to_string(kind);
    BOOST_TEST(names.insert(name).second, "name " << name << " used twice");
    const auto back = parse_event_kind(name);
    BOOST_REQUIRE(back.has_value());
    BOOST_TEST((*back == kind), name);
  }
  BOOST_TEST(names.size() == 28u);
  BOOST_TEST(!parse_event_kind("tick").has_value());
  BOOST_TEST(!parse_event_kind("").has_value());
  BOOST_TEST(!parse_event_kind("Fault").has_value());
}

BOOST_AUTO_TEST_CASE(severity_and_procedure) {
  BOOST_TEST((severity_of(EventKind::fault) == EventSeverity::fail));
  BOOST_TEST((severity_of(EventKind::interlock) == EventSeverity::fail));
  BOOST_TEST((severity_of(EventKind::abort) == EventSeverity::fail));
  BOOST_TEST((severity_of(EventKind::pause) == EventSeverity::warn));
  BOOST_TEST((severity_of(EventKind::retry) == EventSeverity::warn));
  BOOST_TEST((severity_of(EventKind::reading) == EventSeverity::warn));  // overload, underload
  BOOST_TEST((severity_of(EventKind::step) == EventSeverity::normal));
  BOOST_TEST(is_procedure(EventKind::wait));
  BOOST_TEST(is_procedure(EventKind::pause));
  BOOST_TEST(is_procedure(EventKind::teardown));
  BOOST_TEST(!is_procedure(EventKind::retry));
  BOOST_TEST(!is_procedure(EventKind::alarm));
}

BOOST_AUTO_TEST_SUITE_END()
