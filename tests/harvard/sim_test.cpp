// The simulated Pump 11 Elite byte for byte: every simulated command, every prompt and every
// error text, as a terminal (or a client written against real pumps) would see them.
#include <boost/test/unit_test.hpp>

#include "rig/drivers/harvard/harvard_protocol.hpp"
#include "tests/harvard/harvard_support.hpp"

using namespace pumprig;
using namespace pumprig::test;

namespace {

// The one text line of a reply "\r\n<line>\r\n<prompt>".
std::string line_of(const std::string& reply) {
  const auto a = reply.find_first_not_of("\r\n");
  const auto e = reply.find('\r', a);
  return reply.substr(a, e - a);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(harvard_sim)

BOOST_AUTO_TEST_CASE(identity_address_and_poll_mode) {
  HarvardSimBench b;
  BOOST_TEST(b.raw("ver\r") == "\r\n11 ELITE I/W Single 3.0.7\r\n:");
  BOOST_TEST(b.raw("address\r") == "\r\n0\r\n:");
  BOOST_TEST(b.raw("poll\r") == "\r\noff\r\n:");
  BOOST_TEST(b.raw("poll on\r\n") == "\r\n:");  // CR LF is one line end: one reply
  BOOST_TEST(b.sim->poll_mode());
  BOOST_TEST(b.raw("POLL\n") == "\r\non\r\n:");
  BOOST_TEST(b.raw("\r") == "\r\n:");  // an empty line: the prompt, as a terminal's Enter shows
}

BOOST_AUTO_TEST_CASE(a_nonzero_address_precedes_command_and_prompt) {
  sim::SimHarvardOptions o;
  o.address = 7;
  HarvardSimBench b(o);
  BOOST_TEST(b.raw("7:ver\r") == "\r\n11 ELITE I/W Single 3.0.7\r\n07:");
  BOOST_TEST(b.raw("07ver\r") == "\r\n11 ELITE I/W Single 3.0.7\r\n07:");  // the colon may be left out
  BOOST_TEST(b.raw("ver\r").empty());     // for pump 0
  BOOST_TEST(b.raw("3:ver\r").empty());   // for pump 3
  BOOST_TEST(b.raw("7:address 12\r") == "\r\n12:");
  BOOST_TEST(b.sim->address() == 12);
}

BOOST_AUTO_TEST_CASE(settings_answer_as_the_pump_writes_them_and_take_abbreviations) {
  HarvardSimBench b;
  BOOST_TEST(b.raw("diameter\r") == "\r\n26.59 mm\r\n:");
  BOOST_TEST(b.raw("diam 14.5\r") == "\r\n:");
  BOOST_TEST(b.raw("DIAMETER\r") == "\r\n14.5 mm\r\n:");
  BOOST_TEST(b.raw("diameter 26.59 mm\r") == "\r\n:");
  BOOST_TEST(b.raw("irate 25 ml/h\r") == "\r\n:");
  BOOST_TEST(b.raw("irat\r") == "\r\n25 ml/hr\r\n:");
  BOOST_TEST(b.raw("irate 500 ul/hr\r") == "\r\n:");
  BOOST_TEST(b.raw("irate\r") == "\r\n500 ul/hr\r\n:");
  BOOST_TEST(b.raw("irate 1 ml/min\r") == "\r\n:");
  BOOST_TEST(b.sim->infuse_rate_ml_h() == 60.0);
  BOOST_TEST(b.raw("wrate 10 ml/hr\r") == "\r\n:");
  BOOST_TEST(b.raw("wrate\r") == "\r\n10 ml/hr\r\n:");
  BOOST_TEST(b.raw("tvolume\r") == "\r\nTarget volume not set\r\n:");
  BOOST_TEST(b.raw("tvol 250 ul\r") == "\r\n:");
  BOOST_TEST(b.raw("tvolume\r") == "\r\n250 ul\r\n:");
  BOOST_TEST(b.raw("tvolume 10 ml\r") == "\r\n:");
  BOOST_TEST(b.raw("tvolume\r") == "\r\n10 ml\r\n:");
  BOOST_TEST(b.raw("ctvolume\r") == "\r\n:");
  BOOST_TEST(b.sim->target_ml() == 0.0);
  BOOST_TEST(b.raw("ivolume\r") == "\r\n0 ul\r\n:");
  BOOST_TEST(b.raw("status\r") == "\r\n0 0 0 i...I.\r\n:");
}

BOOST_AUTO_TEST_CASE(every_error_text) {
  HarvardSimBench b;
  BOOST_TEST(b.raw("frobnicate\r") == "\r\nUnknown command\r\n:");
  BOOST_TEST(b.raw("ir\r") == "\r\nUnknown command\r\n:");  // shorter than four letters
  BOOST_TEST(b.raw("irate 25\r") == "\r\nArgument error\r\n:");
  BOOST_TEST(b.raw("irate x ml/hr\r") == "\r\nArgument error\r\n:");
  BOOST_TEST(b.raw("irate 25 gal/hr\r") == "\r\nArgument error\r\n:");
  BOOST_TEST(b.raw("ver 2\r") == "\r\nArgument error\r\n:");
  BOOST_TEST(b.raw("poll maybe\r") == "\r\nArgument error\r\n:");
  BOOST_TEST(b.raw("irate 100000 ml/hr\r") == "\r\nOut of range\r\n:");
  BOOST_TEST(b.raw("irate 0.0001 ul/hr\r") == "\r\nOut of range\r\n:");
  BOOST_TEST(b.raw("diameter 60\r") == "\r\nOut of range\r\n:");
  BOOST_TEST(b.raw("tvolume 0 ml\r") == "\r\nOut of range\r\n:");
  BOOST_TEST(b.raw("address 100\r") == "\r\nOut of range\r\n:");
  BOOST_TEST(b.raw("irun\r") == "\r\nCommand error\r\n:");  // no rate set
  b.raw("irate 25 ml/hr\r");
  BOOST_TEST(b.raw("irun\r") == "\r\n>");
  BOOST_TEST(b.raw("diameter 20\r") == "\r\nCommand error\r\n>");  // not while running
  BOOST_TEST(b.sim->commands_executed() > 0u);
}

BOOST_AUTO_TEST_CASE(infusing_withdrawing_and_idle_prompts_and_the_status_line) {
  HarvardSimBench b;
  b.raw("irate 36 ml/hr\r");
  BOOST_TEST(b.raw("irun\r") == "\r\n>");
  BOOST_TEST(b.mech.running);
  BOOST_TEST(b.mech.rate_ml_h == 36.0);
  BOOST_TEST(b.raw("irun\r") == "\r\n>");  // a resent irun changes nothing
  BOOST_TEST(b.mech.starts == 1);
  b.run_for(seconds(10) - milliseconds(400));
  // 36 ml/h = 10^13 fl/s; 10 s of it is 0.1 ml = 10^11 fl (and the few ms of the exchanges).
  const std::string st = b.raw("status\r");
  BOOST_TEST(st.substr(st.size() - 10) == " I...I.\r\n>", st);
  const auto s = parse_harvard_status(line_of(st));
  BOOST_REQUIRE(s);
  BOOST_TEST(s->rate_fl_s == 10000000000);
  BOOST_TEST(s->time_ms == 10000);
  BOOST_TEST(s->volume_ml() == 0.1, boost::test_tools::tolerance(1e-4));
  const std::string iv = b.raw("ivolume\r");
  BOOST_TEST(iv.substr(iv.size() - 6) == " ul\r\n>", iv);
  BOOST_TEST(*parse_harvard_volume_ml(line_of(iv)) == 0.102, boost::test_tools::tolerance(1e-3));
  BOOST_TEST(b.raw("stp\r") == "\r\n:");
  BOOST_TEST(!b.mech.running);
  BOOST_TEST(b.raw("status\r").find(" i...I.\r\n:") != std::string::npos);
  b.raw("wrate 36 ml/hr\r");
  BOOST_TEST(b.raw("wrun\r") == "\r\n<");
  BOOST_TEST((b.mech.direction == sim::PumpDirection::withdraw));
  b.run_for(seconds(1));
  BOOST_TEST(b.raw("status\r").find(" W...W.\r\n<") != std::string::npos);
  BOOST_TEST(b.raw("stp\r") == "\r\n:");
  BOOST_TEST(b.raw("civolume\r") == "\r\n:");
  BOOST_TEST(b.raw("ivolume\r") == "\r\n0 ul\r\n:");
}

BOOST_AUTO_TEST_CASE(target_reached_shows_t_star_until_stp_and_is_sent_unprompted_with_poll_off) {
  HarvardSimBench b;
  b.raw("irate 36 ml/hr\r");
  b.raw("tvolume 100 ul\r");
  BOOST_TEST(b.raw("irun\r") == "\r\n>");
  // 100 ul at 36 ml/h takes 10 s; with poll off the pump says so by itself.
  BOOST_TEST(b.raw("", seconds(11)) == "\r\nT*");
  BOOST_TEST(!b.mech.running);
  BOOST_TEST(b.mech.volume_ml == 0.1, boost::test_tools::tolerance(1e-6));
  const std::string st = b.raw("status\r");
  BOOST_TEST(st.substr(st.size() - 11) == " i...IT\r\nT*", st);
  BOOST_TEST(parse_harvard_status(line_of(st))->volume_ml() == 0.1, boost::test_tools::tolerance(1e-6));
  BOOST_TEST(b.raw("irun\r") == "\r\nT*");  // nothing left to infuse
  BOOST_TEST(!b.mech.running);
  BOOST_TEST(b.raw("stp\r") == "\r\n:");
  // In poll mode the pump speaks only when spoken to.
  b.raw("poll on\r");
  b.raw("civolume\r");
  b.raw("irun\r");
  BOOST_TEST(b.raw("", seconds(11)).empty());
  BOOST_TEST(b.raw("\r") == "\r\nT*");
  BOOST_TEST(b.sim->unprompted_sent() == 1u);
}

BOOST_AUTO_TEST_CASE(a_stall_shows_star_and_flag_s_until_stp) {
  HarvardSimBench b;
  b.raw("poll on\r");
  b.raw("irate 25 ml/hr\r");
  b.raw("irun\r");
  b.mech.stall_at(b.loop.now() + seconds(2));
  b.run_for(seconds(3));
  BOOST_TEST(!b.mech.running);
  const std::string st = b.raw("status\r");
  BOOST_TEST(st.find(" i.S.I.\r\n*") != std::string::npos, st);
  BOOST_TEST(b.raw("ver\r") == "\r\n11 ELITE I/W Single 3.0.7\r\n*");
  BOOST_TEST(b.raw("stp\r") == "\r\n:");
  BOOST_TEST(!b.sim->stalled());
}

BOOST_AUTO_TEST_CASE(rate_limits_follow_the_diameter) {
  BOOST_TEST(sim::SimHarvardPump::max_rate_ml_h(26.59) == 6353.0, boost::test_tools::tolerance(0.001));
  BOOST_TEST(sim::SimHarvardPump::min_rate_ml_h(4.699) == 1.87e-4, boost::test_tools::tolerance(0.01));
}

BOOST_AUTO_TEST_CASE(faults_silent_garbage_slow_and_overlong_lines) {
  HarvardSimBench b;
  b.sim->set_silent(true);
  BOOST_TEST(b.raw("ver\r").empty());
  b.sim->set_silent(false);
  b.sim->inject_garbage_next_reply();
  BOOST_TEST(b.raw("\r") == std::string("\xFF\x13\x18\x00\x7F\r\n:", 8));
  b.sim->set_latency(milliseconds(500));
  BOOST_TEST(b.raw("\r", milliseconds(300)).empty());
  b.run_for(milliseconds(300));
  BOOST_TEST(b.received == "\r\n:");
  b.sim->set_latency(milliseconds(5));
  BOOST_TEST(b.raw(std::string(200, 'x') + "\r").empty());  // dropped whole, unanswered
  BOOST_TEST(b.raw("ver\r") == "\r\n11 ELITE I/W Single 3.0.7\r\n:");
}

BOOST_AUTO_TEST_SUITE_END()
