#include "rig/record/utc_time.hpp"

#include <cstdio>
#include <ctime>

#include <fmt/format.h>

namespace pumprig {
namespace {

struct Split {
  std::tm tm{};
  long long micros = 0;
};

Split split(std::chrono::system_clock::time_point t) {
  using namespace std::chrono;
  const auto us = duration_cast<microseconds>(t.time_since_epoch()).count();
  long long secs = us / 1'000'000;
  long long micros = us % 1'000'000;
  if (micros < 0) {  // before 1970: keep the fraction positive
    micros += 1'000'000;
    --secs;
  }
  Split s;
  const std::time_t tt = static_cast<std::time_t>(secs);
  ::gmtime_r(&tt, &s.tm);
  s.micros = micros;
  return s;
}

}  // namespace

std::string utc_compact(std::chrono::system_clock::time_point t) {
  const Split s = split(t);
  return fmt::format("{:04}{:02}{:02}T{:02}{:02}{:02}Z", s.tm.tm_year + 1900, s.tm.tm_mon + 1, s.tm.tm_mday,
                     s.tm.tm_hour, s.tm.tm_min, s.tm.tm_sec);
}

std::string utc_date(std::chrono::system_clock::time_point t) {
  const Split s = split(t);
  return fmt::format("{:04}-{:02}-{:02}", s.tm.tm_year + 1900, s.tm.tm_mon + 1, s.tm.tm_mday);
}

std::string utc_iso(std::chrono::system_clock::time_point t) {
  const Split s = split(t);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z", s.tm.tm_year + 1900, s.tm.tm_mon + 1,
                     s.tm.tm_mday, s.tm.tm_hour, s.tm.tm_min, s.tm.tm_sec, s.micros);
}

std::optional<std::chrono::system_clock::time_point> parse_utc_iso(std::string_view text) {
  std::tm tm{};
  int consumed = 0;
  const std::string t(text);
  if (std::sscanf(t.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
                  &tm.tm_sec, &consumed) != 6 || consumed != 19)
    return std::nullopt;
  if (tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 ||
      tm.tm_sec > 60)
    return std::nullopt;
  std::size_t i = 19;
  long long micros = 0;
  if (i < t.size() && t[i] == '.') {
    long long scale = 100'000;
    for (++i; i < t.size() && t[i] >= '0' && t[i] <= '9'; ++i, scale /= 10) micros += scale * (t[i] - '0');
  }
  if (i + 1 != t.size() || t[i] != 'Z') return std::nullopt;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  const std::time_t secs = ::timegm(&tm);
  return std::chrono::system_clock::time_point(std::chrono::seconds(secs)) + std::chrono::microseconds(micros);
}

}  // namespace pumprig
