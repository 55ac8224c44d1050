// The words the record uses for how a run or station ended and where its data came from: each
// enum value reads back as itself, and anything else never reads as a success.
#include <boost/test/unit_test.hpp>

#include "rig/record/run_status.hpp"

using namespace pumprig;

BOOST_AUTO_TEST_SUITE(run_status_words)

BOOST_AUTO_TEST_CASE(every_status_and_provenance_reads_back_as_itself) {
  for (RunStatus s : {RunStatus::running, RunStatus::finished, RunStatus::aborted})
    BOOST_TEST((parse_run_status(to_string(s)) == s));
  for (Provenance p : {Provenance::simulated, Provenance::real, Provenance::imported})
    BOOST_TEST((parse_provenance(to_string(p)) == p));
  BOOST_TEST(to_string(RunStatus::finished) == "finished");
  BOOST_TEST(to_string(Provenance::imported) == "imported");
}

BOOST_AUTO_TEST_CASE(unknown_words_are_refused_and_never_end_as_finished) {
  BOOST_TEST(!parse_run_status("Finished").has_value());
  BOOST_TEST(!parse_run_status("").has_value());
  BOOST_TEST(!parse_provenance("simulation").has_value());
  BOOST_TEST((ended_as("finished") == RunStatus::finished));
  BOOST_TEST((ended_as("aborted") == RunStatus::aborted));
  BOOST_TEST((ended_as("running") == RunStatus::aborted));  // not live any more: it did not finish
  BOOST_TEST((ended_as("done") == RunStatus::aborted));
  BOOST_TEST((ended_as("") == RunStatus::aborted));
}

BOOST_AUTO_TEST_SUITE_END()
