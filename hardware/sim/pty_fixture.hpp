#pragma once
// The fixture a controller uses to reach instruments served by pumprig-sim: the source fixture
// with each served instrument's connection replaced by its `tty:` string, the `simulation:`
// blocks removed (the simulated world lives in pumprig-sim, not in the controller), `seed` set to
// the seed pumprig-sim used and `speed` to its clock's speed, which `pumprig run` then uses
// unless told otherwise (both ends must agree on how fast time runs). Same schema.
#include <cstdint>
#include <string>
#include <vector>

#include "hardware/sim/pty_bench.hpp"
#include "rig/config/fixture.hpp"

namespace pumprig::sim {

std::string pty_fixture_text(const Fixture& source, const std::vector<ServedInstrument>& served, double speed,
                             std::uint64_t seed);

}  // namespace pumprig::sim
