#pragma once
// Date-times in a layout the user states, strftime-style ("%d.%m.%Y %H:%M:%S"), for loggers whose
// timestamps are neither seconds nor ISO 8601: a European lab's day-first dates, a US export's
// "5/1/2024 2:00:00 PM". Only differences between rows are used, so the file's time zone never
// matters and is never asked for.
//
// Fields: %Y (four digits), %y (two: 69-99 are 19xx, 00-68 are 20xx), %m, %d, %H, %I (1-12, with
// %p AM/PM), %M, %S, each one or two digits; %S takes a fraction after '.' or ',' ("12.5",
// "07,25": loggers write both, so there is no separate %f); %F is %Y-%m-%d, %T is %H:%M:%S, %% is
// '%'. Every other character must appear as written. A date needs %d, %m and a year together;
// without one, every row is on the same (unnamed) day.
#include <optional>
#include <string>
#include <string_view>

namespace pumprig {

// A moment as whole seconds since 1970-01-01T00:00:00 (in the file's own zone) and the fraction
// in nanoseconds, 0 <= fraction_ns < 1e9. Any four-digit year fits.
struct EpochSeconds {
  long long seconds = 0;
  long long fraction_ns = 0;
};

// Nanoseconds since the epoch, or nullopt when they do not fit 64 bits (before 1677-09-21 or
// after 2262-04-11).
std::optional<long long> to_nanoseconds(const EpochSeconds& t);

// Why `format` cannot be used (an unknown %-field, a field twice, %I without %p, a date without
// its year), as a sentence; nullopt when it can.
std::optional<std::string> time_format_problem(std::string_view format);

// The moment `text` holds in `format`, or nullopt when it does not match the format exactly or
// names no such date or time (31.02., 25:00). `format` must be one time_format_problem accepts.
std::optional<EpochSeconds> parse_formatted_time(std::string_view text, std::string_view format);

}  // namespace pumprig
