#pragma once
// Time in pumprig is int64 nanoseconds since the start of a run (virtual or steady), so that
// arithmetic is exact and runs are reproducible bit for bit.
#include <cstdint>

namespace pumprig {

using Nanos = std::int64_t;

inline constexpr Nanos kNanosPerMicro = 1'000;
inline constexpr Nanos kNanosPerMilli = 1'000'000;
inline constexpr Nanos kNanosPerSecond = 1'000'000'000;

constexpr Nanos from_seconds(double s) { return static_cast<Nanos>(s * 1e9 + (s >= 0 ? 0.5 : -0.5)); }
// Division (not multiplication by 1e-9) so that whole nanoseconds print back as short decimals.
constexpr double to_seconds(Nanos t) { return static_cast<double>(t) / 1e9; }
constexpr Nanos milliseconds(std::int64_t ms) { return ms * kNanosPerMilli; }
constexpr Nanos seconds(std::int64_t s) { return s * kNanosPerSecond; }

}  // namespace pumprig
