#pragma once
// Our own seeded generator and distributions. The standard library's distributions are allowed to
// differ between implementations, which would make "same seed, same samples" false across
// machines; these are specified here bit for bit (xoshiro256** seeded through splitmix64).
#include <cstdint>
#include <string_view>

namespace pumprig::sim {

class Random {
 public:
  explicit Random(std::uint64_t seed);
  std::uint64_t next_u64();
  // Uniform in [0, 1) with 53 random bits.
  double uniform();
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  // Standard normal by the Box-Muller transform (pairs cached), then scaled.
  double normal(double mean = 0.0, double stddev = 1.0);

 private:
  std::uint64_t s_[4];
  bool have_spare_ = false;
  double spare_ = 0.0;
};

// A station's seed from the run seed and the station id, so adding a station does not change the
// others' random streams (FNV-1a of the id mixed with the run seed through splitmix64).
std::uint64_t derive_seed(std::uint64_t run_seed, std::string_view stream_name);

}  // namespace pumprig::sim
