// The terminal's progress: every line fits the width, one line per station, the readings are
// never the part that is cut, and the line pressure shows whenever the station reads one.
#include <boost/test/unit_test.hpp>

#include "rig/cli/progress_line.hpp"
#include "rig/core/safe_text.hpp"

using namespace pumprig;

BOOST_AUTO_TEST_SUITE(progress_line)

BOOST_AUTO_TEST_CASE(eight_stations_fit_eighty_columns_with_their_readings) {
  RunSnapshot s;
  s.now = seconds(4000);
  for (int i = 1; i <= 8; ++i) {
    StationSnapshot st;
    st.id = "station-" + std::to_string(i);
    st.live.step = "wait until pump_alarm (occlusion alarm) at most 30 min, then release the occluder é";
    st.live.step_index = 7;
    st.live.step_count = 12;
    st.live.step_started_ns = seconds(3000);
    st.live.step_duration_ns = seconds(1800);
    BalanceReading r;
    r.mass_g = 123.4567;
    st.live.last_reading = r;
    st.live.pump_running = true;
    st.live.flow_ml_h = 24.987;
    if (i % 2) st.live.pressure_mmhg = 287.4;
    s.stations.push_back(st);
  }
  const auto lines = progress_lines(s, 12.5, 80);
  BOOST_REQUIRE(lines.size() == 9u);
  BOOST_TEST(lines[0].find("sim 01:06:40") != std::string::npos);
  for (std::size_t i = 1; i < lines.size(); ++i) {
    BOOST_TEST(utf8_length(lines[i]) <= 80u);
    BOOST_TEST(lines[i].find("123.4567 g") != std::string::npos);
    BOOST_TEST(lines[i].find("24.987 ml/h") != std::string::npos);
    // Odd stations have a transducer: the pressure is there; even ones have none.
    BOOST_TEST((lines[i].find("287.4 mmHg") != std::string::npos) == (i % 2 == 1));
  }
  // A wide terminal gets the whole step and its progress.
  const auto wide = progress_lines(s, 12.5, 200);
  BOOST_TEST(wide[1].find("release the occluder é 56%") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
