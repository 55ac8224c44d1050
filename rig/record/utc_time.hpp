#pragma once
// Wall-clock UTC stamps for folder names and records. Run time (t_ns) is the run's own clock,
// virtual or steady; these say when, in the tester's world, something was written.
#include <chrono>
#include <optional>
#include <string_view>
#include <string>

namespace pumprig {

// "20261127T164602Z": sorts by time and is safe in file names.
std::string utc_compact(std::chrono::system_clock::time_point t);
// "2026-11-27": the UTC date (calibration due dates compare with it as text).
std::string utc_date(std::chrono::system_clock::time_point t);
// "2026-11-27T16:46:02.123456Z" (ISO 8601, microseconds).
std::string utc_iso(std::chrono::system_clock::time_point t);
// utc_iso's text back (the fraction may have any number of digits, or none); nullopt otherwise.
std::optional<std::chrono::system_clock::time_point> parse_utc_iso(std::string_view text);

}  // namespace pumprig
