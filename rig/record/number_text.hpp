#pragma once
// Numbers in record files are written as the shortest fixed-point text that reads back as the
// very same double (std::to_chars): no precision the balance gave is lost, and nothing is
// invented ("12.3456", not "12.345600000000001").
#include <charconv>
#include <string>

namespace pumprig {

inline void append_number(std::string& out, double value) {
  char buf[512];  // shortest fixed text of any finite double fits (DBL_MAX: 309 digits)
  auto res = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed);
  if (res.ec != std::errc{}) res = std::to_chars(buf, buf + sizeof buf, value);
  out.append(buf, res.ptr);
}

}  // namespace pumprig
