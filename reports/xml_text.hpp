#pragma once
// Escaping for XML text and attribute values (HTML report, SVG, JUnit). Control characters that
// XML 1.0 forbids are replaced, so a stray byte in an event message cannot make a file invalid.
#include <string>
#include <string_view>

namespace pumprig::reports {

inline std::string xml_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 16);
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t' && c != '\r')
          out += '?';
        else
          out += c;
    }
  }
  return out;
}

}  // namespace pumprig::reports
