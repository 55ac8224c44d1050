#pragma once
// fixtures/sim-bench.yaml, compiled into the program: the bench `pumprig run` uses when no
// --fixture is given (generated at build time from the file, so the two cannot drift apart).
#include <string_view>

namespace pumprig {

inline constexpr const char* kEmbeddedFixtureName = "fixtures/sim-bench.yaml (embedded)";
std::string_view embedded_default_fixture();

}  // namespace pumprig
