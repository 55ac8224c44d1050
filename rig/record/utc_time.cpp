#include "rig/record/utc_time.hpp"

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

std::string utc_iso(std::chrono::system_clock::time_point t) {
  const Split s = split(t);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z", s.tm.tm_year + 1900, s.tm.tm_mon + 1,
                     s.tm.tm_mday, s.tm.tm_hour, s.tm.tm_min, s.tm.tm_sec, s.micros);
}

}  // namespace pumprig
