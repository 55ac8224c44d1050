#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "rig/drivers/ne1000/ne1000_protocol.hpp"
#include "tests/ne1000/print.hpp"

using namespace pumprig;

namespace {

std::string str(const Bytes& b) { return {b.begin(), b.end()}; }
std::string basic(const std::string& payload) { return "\x02" + payload + "\x03"; }
std::string safe(const std::string& payload) { return str(encode_ne1000_safe_frame(payload)); }

}  // namespace

BOOST_AUTO_TEST_SUITE(ne1000_numbers)

BOOST_AUTO_TEST_CASE(most_precise_form_that_fits_four_digits) {
  BOOST_TEST(*format_ne1000_number(1) == "1.000");
  BOOST_TEST(*format_ne1000_number(25) == "25.00");
  BOOST_TEST(*format_ne1000_number(150) == "150.0");
  BOOST_TEST(*format_ne1000_number(1500) == "1500");
  BOOST_TEST(*format_ne1000_number(0) == "0.000");
  BOOST_TEST(*format_ne1000_number(26.59) == "26.59");
  BOOST_TEST(*format_ne1000_number(0.0123) == "0.012");
  BOOST_TEST(*format_ne1000_number(9.9996) == "10.00");  // rounding carries into a fifth digit
  BOOST_TEST(*format_ne1000_number(9999.4) == "9999");
}

BOOST_AUTO_TEST_CASE(values_that_cannot_be_written_are_refused) {
  BOOST_TEST(!format_ne1000_number(9999.5));
  BOOST_TEST(!format_ne1000_number(12345));
  BOOST_TEST(!format_ne1000_number(-1));
  BOOST_TEST(!format_ne1000_number(0.0004));  // would be written 0.000
  BOOST_TEST(!format_ne1000_number(std::numeric_limits<double>::quiet_NaN()));
  BOOST_TEST(!format_ne1000_number(std::numeric_limits<double>::infinity()));
}

// Issue 11: -0.0 passed the "not negative" test and was written "-0.000", which the parser
// (and the pump) refuse.
BOOST_AUTO_TEST_CASE(negative_zero_is_written_as_zero) {
  BOOST_TEST(*format_ne1000_number(-0.0) == "0.000");
  BOOST_TEST(*parse_ne1000_number(*format_ne1000_number(-0.0)) == 0.0);
}

// Whatever the formatter writes, the parser reads back, within half a unit of the last digit.
BOOST_AUTO_TEST_CASE(every_formatted_number_parses_back) {
  std::vector<double> values{-0.0, 0.0, std::numeric_limits<double>::denorm_min(), 1e-300, 0.0005, 0.00049999,
                             9.9995, 99.995, 999.95, 9999.49, std::nextafter(9999.5, 0.0)};
  for (int k = 0; k <= 100000; ++k) values.push_back(k / 10.0);  // 0 .. 10000 in steps of 0.1
  for (int k = 0; k <= 20000; ++k) values.push_back(k / 1000.0 + 1e-7 * (k % 7));
  std::uint64_t x = 88172645463325252ULL;  // xorshift: values of every magnitude
  for (int k = 0; k < 20000; ++k) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    values.push_back(std::ldexp(static_cast<double>(x >> 11) / 9007199254740992.0, static_cast<int>(x % 24) - 10));
  }
  int formatted = 0;
  for (const double v : values) {
    const auto text = format_ne1000_number(v);
    if (!text) continue;
    ++formatted;
    const auto back = parse_ne1000_number(*text);
    BOOST_TEST_REQUIRE(back.has_value(), "\"" << *text << "\" (from " << v << ") does not parse");
    const auto point = text->find('.');
    const int decimals = point == std::string::npos ? 0 : static_cast<int>(text->size() - point - 1);
    BOOST_TEST(std::fabs(*back - v) <= 0.5 * std::pow(10.0, -decimals) * (1 + 1e-9), *text << " from " << v);
  }
  BOOST_TEST(formatted > 100000);
}

BOOST_AUTO_TEST_CASE(reading_numbers) {
  BOOST_TEST(*parse_ne1000_number("26.59") == 26.59);
  BOOST_TEST(*parse_ne1000_number(".5") == 0.5);
  BOOST_TEST(*parse_ne1000_number("1500") == 1500.0);
  BOOST_TEST(!parse_ne1000_number(""));
  BOOST_TEST(!parse_ne1000_number("."));
  BOOST_TEST(!parse_ne1000_number("1.2.3"));
  BOOST_TEST(!parse_ne1000_number("-1"));
  BOOST_TEST(!parse_ne1000_number("1e3"));
}

BOOST_AUTO_TEST_CASE(rate_unit_is_chosen_for_the_least_rounding) {
  auto cmd = [](double r) { return choose_ne1000_rate(r)->command(); };
  BOOST_TEST(cmd(25) == "RAT 25.00 MH");
  BOOST_TEST(cmd(1) == "RAT 1.000 MH");      // tie with 1000 UH: ml/h preferred
  BOOST_TEST(cmd(2000) == "RAT 2000 MH");
  BOOST_TEST(cmd(0.0123) == "RAT 12.30 UH");  // 0.012 MH would lose 2.4 %
  BOOST_TEST(cmd(12345) == "RAT 205.8 MM");   // too big for ml/h
  BOOST_TEST(cmd(0.0004) == "RAT 0.400 UH");
  // 1/3 ml/h: 0.333 MH, 333.3 UH, 0.006 MM, 5.556 UM: the microlitre-per-minute form is closest.
  BOOST_TEST(cmd(1.0 / 3.0) == "RAT 5.556 UM");
  BOOST_TEST(!choose_ne1000_rate(0));
  BOOST_TEST(!choose_ne1000_rate(-5));
  BOOST_TEST(!choose_ne1000_rate(1e7));  // 166667 ml/min does not fit either
}

BOOST_AUTO_TEST_CASE(rate_units_convert) {
  BOOST_TEST(ne1000_rate_to_ml_h(1, Ne1000RateUnit::ml_min) == 60.0);
  BOOST_TEST(ne1000_rate_to_ml_h(1000, Ne1000RateUnit::ul_h) == 1.0);
  BOOST_TEST(ne1000_rate_to_ml_h(1000, Ne1000RateUnit::ul_min) == 60.0);
  BOOST_TEST(ne1000_rate_from_ml_h(60, Ne1000RateUnit::ul_min) == 1000.0);
  BOOST_TEST(*parse_ne1000_rate_unit("UM") == Ne1000RateUnit::ul_min);
  BOOST_TEST(!parse_ne1000_rate_unit("ML"));
}

BOOST_AUTO_TEST_CASE(volume_setting) {
  const auto v = choose_ne1000_volume(2.5);
  BOOST_TEST(v->number == "2.500");
  BOOST_TEST(std::string(v->unit_code()) == "ML");
  const auto tiny = choose_ne1000_volume(0.0123);
  BOOST_TEST(tiny->number == "12.30");
  BOOST_TEST(std::string(tiny->unit_code()) == "UL");
  BOOST_TEST(!choose_ne1000_volume(20000));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ne1000_requests)

BOOST_AUTO_TEST_CASE(basic_requests) {
  BOOST_TEST(str(encode_ne1000_basic_request(0, "RAT 25.00 MH")) == "0RAT 25.00 MH\r");
  BOOST_TEST(str(encode_ne1000_basic_request(12, "")) == "12\r");
  BOOST_TEST(str(encode_ne1000_basic_request(std::nullopt, "VER")) == "VER\r");
}

BOOST_AUTO_TEST_CASE(safe_requests) {
  // "0VER": CRC 0x4809 (computed independently), LEN = 4 + 4.
  BOOST_TEST(str(encode_ne1000_safe_request(0, "VER")) == std::string("\x02\x08" "0VER" "\x48\x09\x03", 9));
  // "0SAF 5": CRC 0x0359.
  BOOST_TEST(str(encode_ne1000_safe_request(0, "SAF 5")) == std::string("\x02\x0A" "0SAF 5" "\x03\x59\x03", 11));
  BOOST_TEST(str(encode_ne1000_safe_frame("")) == std::string("\x02\x04\x00\x00\x03", 5));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ne1000_replies)

BOOST_AUTO_TEST_CASE(every_prompt) {
  const std::pair<char, Ne1000Prompt> prompts[] = {
      {'I', Ne1000Prompt::infusing}, {'W', Ne1000Prompt::withdrawing}, {'S', Ne1000Prompt::stopped},
      {'P', Ne1000Prompt::paused},   {'T', Ne1000Prompt::timed_pause}, {'U', Ne1000Prompt::user_wait},
      {'X', Ne1000Prompt::purging}};
  for (const auto& [c, p] : prompts) {
    for (const bool safe_mode : {false, true}) {
      const std::string payload = std::string("07") + c;
      const Ne1000Reply r = parse_ne1000_reply(safe_mode ? safe(payload) : basic(payload), safe_mode);
      BOOST_TEST_CONTEXT("prompt " << c << (safe_mode ? " safe" : " basic")) {
        BOOST_TEST(r.ok());
        BOOST_TEST(r.address == 7);
        BOOST_TEST(r.prompt == p);
        BOOST_TEST(ne1000_prompt_char(r.prompt) == c);
        BOOST_TEST(r.alarm == Ne1000Alarm::none);
        BOOST_TEST(r.error == Ne1000Error::none);
        BOOST_TEST(r.data.empty());
        BOOST_TEST(r.safe_frame == safe_mode);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(every_alarm) {
  const std::pair<const char*, Ne1000Alarm> alarms[] = {{"A?R", Ne1000Alarm::reset},
                                                        {"A?S", Ne1000Alarm::stall},
                                                        {"A?T", Ne1000Alarm::comms_timeout},
                                                        {"A?E", Ne1000Alarm::program_error},
                                                        {"A?O", Ne1000Alarm::phase_out_of_range}};
  for (const auto& [code, a] : alarms) {
    const Ne1000Reply r = parse_ne1000_reply(basic(std::string("00") + code), false);
    BOOST_TEST_CONTEXT(code) {
      BOOST_TEST(r.ok());
      BOOST_TEST(r.prompt == Ne1000Prompt::alarm);
      BOOST_TEST(r.alarm == a);
      BOOST_TEST(std::string(ne1000_alarm_code(a)) == code);
    }
  }
  BOOST_TEST(std::string(ne1000_alarm_text(Ne1000Alarm::stall)) == "stall");
  BOOST_TEST(std::string(ne1000_alarm_text(Ne1000Alarm::comms_timeout)) == "comms timeout");
  BOOST_TEST(std::string(ne1000_alarm_text(Ne1000Alarm::reset)) == "reset");
  // Safe mode, as the simulator sends it.
  BOOST_TEST(parse_ne1000_reply(safe("00A?T"), true).alarm == Ne1000Alarm::comms_timeout);
  BOOST_TEST(parse_ne1000_reply(basic("00A?Z"), false).kind == Ne1000ReplyKind::malformed);
  BOOST_TEST(parse_ne1000_reply(basic("00A"), false).kind == Ne1000ReplyKind::malformed);
}

BOOST_AUTO_TEST_CASE(every_error) {
  const std::pair<const char*, Ne1000Error> errors[] = {{"?", Ne1000Error::unknown_command},
                                                        {"?NA", Ne1000Error::not_applicable},
                                                        {"?OOR", Ne1000Error::out_of_range},
                                                        {"?COM", Ne1000Error::bad_packet},
                                                        {"?IGN", Ne1000Error::ignored}};
  for (const auto& [code, e] : errors) {
    const Ne1000Reply r = parse_ne1000_reply(basic(std::string("00I") + code), false);
    BOOST_TEST_CONTEXT(code) {
      BOOST_TEST(r.ok());
      BOOST_TEST(r.prompt == Ne1000Prompt::infusing);
      BOOST_TEST(r.error == e);
      BOOST_TEST(describe(e).rfind(code, 0) == 0u);
    }
  }
  BOOST_TEST(describe(Ne1000Error::out_of_range) == "?OOR (out of range)");
  BOOST_TEST(parse_ne1000_reply(basic("00S?XYZ"), false).kind == Ne1000ReplyKind::malformed);
}

BOOST_AUTO_TEST_CASE(data_forms) {
  const Ne1000Reply ver = parse_ne1000_reply(basic("00SNE1000V3.928"), false);
  BOOST_TEST(ver.data == "NE1000V3.928");
  const auto v = parse_ne1000_version(ver.data);
  BOOST_TEST(v->model == "NE-1000");
  BOOST_TEST(v->firmware == "3.928");
  BOOST_TEST(!parse_ne1000_version("3.928"));
  BOOST_TEST(!parse_ne1000_version("NE1000"));

  const Ne1000Reply dia = parse_ne1000_reply(basic("00S26.59"), false);
  const auto d = parse_ne1000_quantity(dia.data);
  BOOST_TEST(d->value == 26.59);
  BOOST_TEST(d->unit.empty());

  const auto rate = parse_ne1000_quantity(parse_ne1000_reply(safe("00I25.00MH"), true).data);
  BOOST_TEST(rate->value == 25.0);
  BOOST_TEST(rate->unit == "MH");
  BOOST_TEST(!parse_ne1000_quantity("MH"));
  BOOST_TEST(!parse_ne1000_quantity("25.00mh"));
  // Four digits carry a bare point on a real pump ("1000."), and the point may be missing.
  const auto whole = parse_ne1000_quantity("1000.UM");
  BOOST_REQUIRE(whole.has_value());
  BOOST_TEST(whole->value == 1000.0);
  BOOST_TEST(whole->unit == "UM");
  BOOST_TEST(parse_ne1000_quantity("1500MH")->value == 1500.0);
  BOOST_TEST(parse_ne1000_dispensed("I1000.W9999.UL")->withdrawn == 9999.0);

  const auto dis = parse_ne1000_dispensed(parse_ne1000_reply(basic("00SI1.234W0.000ML"), false).data);
  BOOST_TEST(dis->infused == 1.234);
  BOOST_TEST(dis->withdrawn == 0.0);
  BOOST_TEST(!dis->microlitres);
  const auto dis_ul = parse_ne1000_dispensed("I12.50W3.000UL");
  BOOST_TEST(dis_ul->infused_ml() == 0.0125);
  BOOST_TEST(dis_ul->withdrawn_ml() == 0.003);
  BOOST_TEST(!parse_ne1000_dispensed("I1.234ML"));
  BOOST_TEST(!parse_ne1000_dispensed("I1.234W0.000XL"));
}

BOOST_AUTO_TEST_CASE(bad_crc_is_typed) {
  std::string f = safe("00S");
  f[f.size() - 2] = static_cast<char>(f[f.size() - 2] ^ 0x01);
  const Ne1000Reply r = parse_ne1000_reply(f, true);
  BOOST_TEST((r.kind == Ne1000ReplyKind::bad_crc));
  BOOST_TEST(!r.detail.empty());
  // A payload byte flipped is caught too.
  std::string g = safe("00S26.59");
  g[5] = 'W';
  BOOST_TEST((parse_ne1000_reply(g, true).kind == Ne1000ReplyKind::bad_crc));
}

BOOST_AUTO_TEST_CASE(malformed_frames_are_typed) {
  const auto kind = [](const std::string& f, bool s) { return parse_ne1000_reply(f, s).kind; };
  BOOST_TEST((kind("00S", false) == Ne1000ReplyKind::malformed));                    // no STX/ETX
  BOOST_TEST((kind(basic("0S"), false) == Ne1000ReplyKind::malformed));              // one address digit
  BOOST_TEST((kind(basic("x0S"), false) == Ne1000ReplyKind::malformed));
  BOOST_TEST((kind(basic("00Q"), false) == Ne1000ReplyKind::malformed));             // unknown prompt
  BOOST_TEST((kind(basic("00S\x01"), false) == Ne1000ReplyKind::malformed));         // control byte
  BOOST_TEST((kind(basic("00S"), true) == Ne1000ReplyKind::malformed));              // basic frame as safe
  std::string wrong_len = safe("00S");
  wrong_len[1] = 9;
  BOOST_TEST((kind(wrong_len, true) == Ne1000ReplyKind::malformed));
  BOOST_TEST(is_ne1000_safe_frame(safe("00S")));
  BOOST_TEST(!is_ne1000_safe_frame(basic("00S")));
}

BOOST_AUTO_TEST_SUITE_END()
