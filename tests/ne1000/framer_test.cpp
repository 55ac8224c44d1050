#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "rig/drivers/ne1000/crc16_xmodem.hpp"
#include "rig/drivers/ne1000/ne1000_framer.hpp"
#include "rig/drivers/ne1000/ne1000_protocol.hpp"

using namespace pumprig;

namespace {

std::vector<std::uint8_t> bytes(const std::string& s) { return {s.begin(), s.end()}; }
std::string str(const Bytes& b) { return {b.begin(), b.end()}; }

std::vector<std::string> drain(Ne1000Framer& f) {
  std::vector<std::string> out;
  while (auto frame = f.next()) out.push_back(*frame);
  return out;
}

// Safe reply frames whose CRC contains ETX, computed independently (Python, CRC-16/XMODEM):
// "00S0.169" -> 0xC203 (low byte ETX), "00S0.165" -> 0x038F (high byte ETX).
const std::string kSafeCrcLoEtx = std::string("\x02\x0C") + "00S0.169" + "\xC2\x03\x03";
const std::string kSafeCrcHiEtx = std::string("\x02\x0C") + "00S0.165" + "\x03\x8F\x03";

}  // namespace

BOOST_AUTO_TEST_SUITE(ne1000_crc)

BOOST_AUTO_TEST_CASE(xmodem_check_value) {
  BOOST_TEST(crc16_xmodem(std::string_view("123456789")) == 0x31C3);
  BOOST_TEST(crc16_xmodem(std::string_view("")) == 0x0000);
  // Vectors computed outside this code base.
  BOOST_TEST(crc16_xmodem(std::string_view("00S")) == 0xAAA6);
  BOOST_TEST(crc16_xmodem(std::string_view("0VER")) == 0x4809);
  BOOST_TEST(crc16_xmodem(std::string_view("00S0.169")) == 0xC203);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ne1000_framer)

BOOST_AUTO_TEST_CASE(basic_frames_split_across_reads_and_concatenated) {
  Ne1000Framer f(Ne1000Framing::basic);
  const std::string a = "\x02" "00S" "\x03";
  const std::string b = "\x02" "00I" "25.00MH" "\x03";
  const std::string stream = a + b;
  // One byte at a time.
  for (const char c : stream) {
    const std::uint8_t byte = static_cast<std::uint8_t>(c);
    f.feed(std::span<const std::uint8_t>(&byte, 1));
  }
  BOOST_TEST(drain(f) == (std::vector<std::string>{a, b}), boost::test_tools::per_element());
  // Both in one read.
  f.feed(bytes(stream));
  BOOST_TEST(drain(f) == (std::vector<std::string>{a, b}), boost::test_tools::per_element());
  BOOST_TEST(f.discarded() == 0u);
}

BOOST_AUTO_TEST_CASE(basic_garbage_between_frames_is_discarded_and_counted) {
  Ne1000Framer f(Ne1000Framing::basic);
  const std::string a = "\x02" "00S" "\x03";
  // 3 bytes of noise, then a frame cut short by a new STX (4 bytes lost), then a frame.
  f.feed(bytes("xy\x03" + std::string("\x02" "00I") + a + "zz"));
  BOOST_TEST(drain(f) == (std::vector<std::string>{a}), boost::test_tools::per_element());
  BOOST_TEST(f.discarded() == 3u + 4u + 2u);
}

BOOST_AUTO_TEST_CASE(basic_overlong_frame_is_discarded) {
  Ne1000Framer f(Ne1000Framing::basic, 16);
  f.feed(bytes("\x02" + std::string(40, 'x')));
  f.feed(bytes("\x02" "00S" "\x03"));
  BOOST_TEST(drain(f) == (std::vector<std::string>{"\x02" "00S" "\x03"}), boost::test_tools::per_element());
  BOOST_TEST(f.discarded() == 41u);
}

BOOST_AUTO_TEST_CASE(safe_frames_whose_crc_contains_etx_are_cut_by_length) {
  for (const Ne1000Framing framing : {Ne1000Framing::safe, Ne1000Framing::auto_detect}) {
    Ne1000Framer f(framing);
    // Split in the middle of the CRC, right after the ETX-valued byte.
    const std::string stream = kSafeCrcLoEtx + kSafeCrcHiEtx;
    const std::size_t cut = kSafeCrcLoEtx.size() - 1;
    f.feed(bytes(stream.substr(0, cut)));
    BOOST_TEST(drain(f).empty());
    f.feed(bytes(stream.substr(cut)));
    BOOST_TEST(drain(f) == (std::vector<std::string>{kSafeCrcLoEtx, kSafeCrcHiEtx}), boost::test_tools::per_element());
    BOOST_TEST(f.discarded() == 0u);
    // The same bytes through a basic framer would be cut at the CRC byte: the reason for LEN.
  }
  Ne1000Framer basic(Ne1000Framing::basic);
  basic.feed(bytes(kSafeCrcLoEtx));
  const auto wrong = drain(basic);
  BOOST_TEST(wrong.size() == 1u);
  BOOST_TEST(wrong.front().size() < kSafeCrcLoEtx.size());
}

BOOST_AUTO_TEST_CASE(safe_framer_resynchronises_after_noise_and_false_stx) {
  Ne1000Framer f(Ne1000Framing::safe);
  const std::string good = str(encode_ne1000_safe_frame("00S"));
  // noise, a false STX with an impossible LEN (0x01), a false STX with a plausible LEN whose
  // ETX check fails (it swallows the start of the good frame, then resynchronises), the frame.
  const std::string noise = "ab";
  const std::string false1 = "\x02\x01";
  const std::string false2 = std::string("\x02\x05") + "zz";
  f.feed(bytes(noise + false1 + false2 + good + "q"));
  const auto frames = drain(f);
  BOOST_TEST(frames == (std::vector<std::string>{good}), boost::test_tools::per_element());
  BOOST_TEST(f.discarded() == noise.size() + false1.size() + false2.size() + 1u);
}

BOOST_AUTO_TEST_CASE(auto_detect_handles_both_framings_in_one_stream) {
  Ne1000Framer f(Ne1000Framing::auto_detect);
  const std::string basic = "\x02" "00S" "\x03";
  const std::string safe = str(encode_ne1000_safe_frame("00S"));
  f.feed(bytes(basic + kSafeCrcHiEtx + safe + basic));
  BOOST_TEST(drain(f) == (std::vector<std::string>{basic, kSafeCrcHiEtx, safe, basic}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(reset_drops_a_partial_frame) {
  Ne1000Framer f;
  f.feed(bytes("\x02" "00"));
  f.reset();
  f.feed(bytes("S\x03" "\x02" "00W" "\x03"));
  BOOST_TEST(drain(f) == (std::vector<std::string>{"\x02" "00W" "\x03"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
