#pragma once
// Not compiled: a planted layering violation for the `layering_rejects_a_wrong_include` CTest
// entry. The recorder reaching up into the session (and into the simulated world) must stop the
// build.
#include <string>

#include "rig/core/time.hpp"
#include "rig/session/run_session.hpp"
#include "hardware/sim/simulated_bench.hpp"
