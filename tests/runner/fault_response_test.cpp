// The fault policy decided on its own, for every policy and station state.
#include <boost/test/unit_test.hpp>

#include "rig/runner/fault_response.hpp"

using namespace pumprig;

namespace {

FaultResponse respond(FaultPolicy p, bool paused = false, int pauses = 0, bool ending = false, bool repeat = false) {
  FaultFacts f;
  f.policy = p;
  f.paused = paused;
  f.pauses_so_far = pauses;
  f.station_ending = ending;
  f.repeat_of_outage = repeat;
  return respond_to_fault(f);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(fault_response)

BOOST_AUTO_TEST_CASE(each_policy_answers_a_first_fault_as_the_fixture_says) {
  BOOST_TEST((respond(FaultPolicy::abort) == FaultResponse::abort));
  BOOST_TEST((respond(FaultPolicy::continue_) == FaultResponse::carry_on));
  BOOST_TEST((respond(FaultPolicy::pause) == FaultResponse::pause));
  BOOST_TEST(!records_deviation(FaultResponse::abort));  // an aborted station has no numbers to doubt
  BOOST_TEST(records_deviation(FaultResponse::carry_on));
  BOOST_TEST(records_deviation(FaultResponse::pause));
}

BOOST_AUTO_TEST_CASE(an_ending_station_or_a_repeat_of_one_outage_changes_nothing) {
  for (FaultPolicy p : {FaultPolicy::abort, FaultPolicy::pause, FaultPolicy::continue_}) {
    BOOST_TEST((respond(p, false, 0, true) == FaultResponse::ignore));
    BOOST_TEST((respond(p, false, 0, false, true) == FaultResponse::ignore));
  }
  BOOST_TEST(!records_deviation(FaultResponse::ignore));
}

BOOST_AUTO_TEST_CASE(a_pause_stands_and_a_fault_that_keeps_coming_back_ends_the_station) {
  BOOST_TEST((respond(FaultPolicy::pause, true, 1) == FaultResponse::record_only));
  BOOST_TEST(records_deviation(FaultResponse::record_only));
  BOOST_TEST((respond(FaultPolicy::pause, false, kMaxPauses - 1) == FaultResponse::pause));
  BOOST_TEST((respond(FaultPolicy::pause, false, kMaxPauses) == FaultResponse::abort_too_often));
  BOOST_TEST(records_deviation(FaultResponse::abort_too_often));
}

BOOST_AUTO_TEST_SUITE_END()
