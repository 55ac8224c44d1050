#include "hardware/sim/ne1000_request.hpp"

#include <algorithm>
#include <array>

namespace pumprig::sim {

namespace {

// The commands the simulator executes; every other word is answered `?`.
constexpr std::array<std::string_view, 11> kCommands = {"VER", "DIA", "DIR", "RAT", "VOL", "DIS",
                                                        "CLD", "RUN", "STP", "PUR", "SAF"};

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_letter(char c) { return c >= 'A' && c <= 'Z'; }

}  // namespace

std::string normalize_ne1000_request(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (const char ch : raw) {
    const auto c = static_cast<unsigned char>(ch);
    if (c <= 0x20 || c == 0x7F) continue;
    out.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : static_cast<char>(c));
  }
  return out;
}

Ne1000Request split_ne1000_request(std::string_view s) {
  Ne1000Request r;
  std::size_t i = 0;
  if (!s.empty() && s.front() == '*') {
    r.system_address = true;
    i = 1;
  } else {
    while (i < s.size() && i < 2 && is_digit(s[i])) {
      r.address = (r.address ? *r.address * 10 : 0) + (s[i] - '0');
      ++i;
    }
  }
  const std::string_view rest = s.substr(i);
  if (rest.empty()) {
    r.known = true;  // the status poll
    return r;
  }
  if (rest.size() >= 3) {
    const std::string_view word = rest.substr(0, 3);
    if (std::find(kCommands.begin(), kCommands.end(), word) != kCommands.end()) {
      r.command = std::string(word);
      r.data = std::string(rest.substr(3));
      r.known = true;
      return r;
    }
  }
  std::size_t j = 0;
  while (j < rest.size() && is_letter(rest[j])) ++j;
  r.command = std::string(rest.substr(0, j));
  r.data = std::string(rest.substr(j));
  return r;
}

}  // namespace pumprig::sim
