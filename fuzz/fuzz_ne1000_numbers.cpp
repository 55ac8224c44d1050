// NE-1000 numbers both ways: the liberal reader on text, and for any double (the first 8 bytes,
// as the host computes rates and volumes) the writer must produce what the reader accepts.
#include <cmath>
#include <cstring>

#include "fuzz/fuzz_support.hpp"
#include "rig/drivers/ne1000/ne1000_protocol.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pumprig;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto v = parse_ne1000_number(text)) (void)format_ne1000_number(*v);
  (void)parse_ne1000_rate_unit(text);
  (void)parse_ne1000_quantity(text);
  (void)parse_ne1000_dispensed(text);
  (void)parse_ne1000_version(text);

  if (size < 8) return 0;
  double value;
  std::memcpy(&value, data, sizeof value);
  if (auto written = format_ne1000_number(value)) {
    const auto read_back = parse_ne1000_number(*written);
    fuzz::require(read_back.has_value(), "format_ne1000_number writes what parse_ne1000_number reads");
    fuzz::require(written->size() <= 5, "NE-1000 numbers are at most 4 digits and a point");
  }
  if (auto rate = choose_ne1000_rate(value)) {
    fuzz::require(parse_ne1000_number(rate->number).has_value(), "a chosen rate reads back");
    (void)rate->command();
  }
  if (auto volume = choose_ne1000_volume(value))
    fuzz::require(parse_ne1000_number(volume->number).has_value(), "a chosen volume reads back");
  if (std::isfinite(value) && value >= 0 && value < 100) {
    (void)encode_ne1000_basic_request(static_cast<int>(value), "VER");
    (void)encode_ne1000_safe_request(static_cast<int>(value), "VER");
  }
  return 0;
}
