// The Harvard Ultra protocol on byte strings: requests, prompts, replies, the status line, units
// and numbers, the version line, and the framer on split, joined and noisy input.
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "rig/drivers/harvard/harvard_framer.hpp"
#include "rig/drivers/harvard/harvard_protocol.hpp"

using namespace pumprig;

namespace {

std::string text(const Bytes& b) { return std::string(b.begin(), b.end()); }

std::vector<std::string> frames_of(HarvardFramer& f, const std::string& bytes) {
  f.feed(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()));
  std::vector<std::string> out;
  while (auto fr = f.next()) out.push_back(*fr);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(harvard_protocol)

BOOST_AUTO_TEST_CASE(requests_carry_a_nonzero_address_with_a_colon_and_end_in_cr) {
  BOOST_TEST(text(encode_harvard_request(0, "irate 25 ml/hr")) == "irate 25 ml/hr\r");
  BOOST_TEST(text(encode_harvard_request(12, "irun")) == "12:irun\r");
}

BOOST_AUTO_TEST_CASE(every_prompt_with_and_without_an_address) {
  BOOST_TEST((parse_harvard_prompt(":")->prompt == HarvardPrompt::idle));
  BOOST_TEST((parse_harvard_prompt(">")->prompt == HarvardPrompt::infusing));
  BOOST_TEST((parse_harvard_prompt("<")->prompt == HarvardPrompt::withdrawing));
  BOOST_TEST((parse_harvard_prompt("*")->prompt == HarvardPrompt::stalled));
  BOOST_TEST((parse_harvard_prompt("T*")->prompt == HarvardPrompt::target_reached));
  const auto a = parse_harvard_prompt("07T*");
  BOOST_REQUIRE(a);
  BOOST_TEST(*a->address == 7);
  BOOST_TEST((a->prompt == HarvardPrompt::target_reached));
  BOOST_TEST(!parse_harvard_prompt(":")->address);
  for (const char* not_prompt : {"", "T", "12", "123:", "x:", ": ", "25 ml/hr"}) BOOST_TEST(!parse_harvard_prompt(not_prompt), not_prompt);
}

BOOST_AUTO_TEST_CASE(replies_take_cr_lf_either_alone_or_none_and_split_off_errors) {
  for (const char* frame : {"\r\n25 ml/hr\r\n:", "\n25 ml/hr\n:", "\r25 ml/hr\r:", "25 ml/hr\r\n\r\n:"}) {
    const auto r = parse_harvard_reply(frame);
    BOOST_REQUIRE(r);
    BOOST_TEST(r->lines == std::vector<std::string>{"25 ml/hr"}, boost::test_tools::per_element());
    BOOST_TEST((r->prompt == HarvardPrompt::idle));
  }
  const auto bare = parse_harvard_reply(">");
  BOOST_REQUIRE(bare);
  BOOST_TEST(bare->lines.empty());
  const struct {
    const char* line;
    HarvardError e;
  } kErrors[] = {{"Command error", HarvardError::command_error},
                 {"Unknown command", HarvardError::unknown_command},
                 {"Argument error", HarvardError::argument_error},
                 {"out of range", HarvardError::out_of_range}};
  for (const auto& k : kErrors) {
    const auto r = parse_harvard_reply(std::string("\r\n") + k.line + "\r\n03>");
    BOOST_REQUIRE(r);
    BOOST_TEST((r->error == k.e), k.line);
    BOOST_TEST(r->lines.empty());
    BOOST_TEST(*r->address == 3);
  }
  BOOST_TEST(std::string(describe(HarvardError::out_of_range)) == "Out of range");
  BOOST_TEST(!parse_harvard_reply("\r\n25 ml/hr\r\n"));      // no prompt yet
  BOOST_TEST(!parse_harvard_reply("\r\n25\x01ml\r\n:"));     // control bytes are not text
}

BOOST_AUTO_TEST_CASE(status_line_with_six_or_five_flags) {
  const auto s = parse_harvard_status("6944444444 36000 250000000000 I...I.");
  BOOST_REQUIRE(s);
  BOOST_TEST(s->rate_fl_s == 6944444444);
  BOOST_TEST(s->time_ms == 36000);
  BOOST_TEST(s->volume_ml() == 0.25, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(s->rate_ml_h() == 25.0, boost::test_tools::tolerance(1e-6));
  BOOST_TEST(s->motor_running);
  BOOST_TEST(!s->withdrawing);
  BOOST_TEST(!s->stalled);
  BOOST_TEST(!s->target_reached);
  const auto t = parse_harvard_status("0 1200 1000000000000 i...IT");
  BOOST_REQUIRE(t);
  BOOST_TEST(t->target_reached);
  BOOST_TEST(!t->motor_running);
  const auto five = parse_harvard_status("0 12 5 w.S.W");
  BOOST_REQUIRE(five);
  BOOST_TEST(five->stalled);
  BOOST_TEST(five->withdrawing);
  for (const char* bad : {"", "1 2 3", "1 2 3 x.....", "1 2 3 i.X...", "-1 2 3 i.....", "1 2 3 i.... extra", "1 2 3 i..."})
    BOOST_TEST(!parse_harvard_status(bad), bad);
}

BOOST_AUTO_TEST_CASE(units_as_the_pump_spells_them_and_as_people_write_them) {
  BOOST_TEST(*parse_harvard_rate_ml_h("25 ml/hr") == 25.0);
  BOOST_TEST(*parse_harvard_rate_ml_h("25 ml/h") == 25.0);
  BOOST_TEST(*parse_harvard_rate_ml_h("500 ul/hr") == 0.5);
  BOOST_TEST(*parse_harvard_rate_ml_h("1 mL/min") == 60.0);
  BOOST_TEST(*parse_harvard_rate_ml_h("2 \xC2\xB5l/min") == 0.12, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(*parse_harvard_rate_ml_h("1 ml/s") == 3600.0);
  BOOST_TEST(*parse_harvard_rate_ml_h("60 nl/min") == 0.0036, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(*parse_harvard_volume_ml("250 ul") == 0.25);
  BOOST_TEST(*parse_harvard_volume_ml("10 ML") == 10.0);
  BOOST_TEST(*parse_harvard_diameter_mm("26.59 mm") == 26.59);
  BOOST_TEST(*parse_harvard_diameter_mm("26.59") == 26.59);
  for (const char* bad : {"25", "25 ml", "x ml/hr", "25 ml/day", "25 gal/hr"}) BOOST_TEST(!parse_harvard_rate_ml_h(bad), bad);
  BOOST_TEST(!parse_harvard_volume_ml("10 ml/hr"));
  BOOST_TEST(!parse_harvard_diameter_mm("26.59 in"));
}

BOOST_AUTO_TEST_CASE(numbers_and_arguments_as_sent) {
  BOOST_TEST(*format_harvard_number(25.0) == "25");
  BOOST_TEST(*format_harvard_number(26.59) == "26.59");
  BOOST_TEST(*format_harvard_number(0.5) == "0.5");
  BOOST_TEST(*format_harvard_number(1234.5678) == "1234.57");
  BOOST_TEST(!format_harvard_number(-1.0));
  BOOST_TEST(!format_harvard_number(1e-9));
  BOOST_TEST(*harvard_rate_argument(25.0) == "25 ml/hr");
  BOOST_TEST(*harvard_rate_argument(0.5) == "500 ul/hr");
  BOOST_TEST(!harvard_rate_argument(0.0));
  BOOST_TEST(*harvard_volume_argument(10.0) == "10 ml");
  BOOST_TEST(*harvard_volume_argument(0.25) == "250 ul");
}

BOOST_AUTO_TEST_CASE(version_line) {
  const auto v = parse_harvard_version("11 ELITE I/W Single 3.0.7");
  BOOST_REQUIRE(v);
  BOOST_TEST(v->model == "11 ELITE I/W Single");
  BOOST_TEST(v->firmware == "3.0.7");
  BOOST_TEST(!parse_harvard_version("ELITE"));
  BOOST_TEST(!parse_harvard_version("ELITE single"));
}

BOOST_AUTO_TEST_CASE(framer_cuts_at_the_prompt_across_split_and_joined_reads) {
  HarvardFramer f;
  BOOST_TEST(frames_of(f, "\r\n25 ml/").empty());
  BOOST_TEST(frames_of(f, "hr\r\n").empty());
  BOOST_TEST(frames_of(f, "T").empty());  // the start of T*, not a prompt yet
  const auto one = frames_of(f, "*\r\n:\r\n01>");
  BOOST_REQUIRE(one.size() == 3u);
  BOOST_TEST(one[0] == "\r\n25 ml/hr\r\nT*");
  BOOST_TEST(one[1] == "\r\n:");
  BOOST_TEST(one[2] == "\r\n01>");
  BOOST_TEST(f.buffered() == 0u);
}

BOOST_AUTO_TEST_CASE(framer_drops_and_counts_noise_and_overlong_frames) {
  HarvardFramer f(32);
  const auto got = frames_of(f, std::string("\xFF\x13\x00\r\n:", 6));
  BOOST_REQUIRE(got.size() == 1u);
  BOOST_TEST(got[0] == "\r\n:");
  BOOST_TEST(f.discarded() == 3u);
  BOOST_TEST(frames_of(f, std::string(40, 'a')).empty());
  BOOST_TEST(f.discarded() >= 33u);
  BOOST_TEST(f.buffered() < 32u);
}

BOOST_AUTO_TEST_SUITE_END()
