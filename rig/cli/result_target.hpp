#pragma once
// Where `pumprig analyze` may write its result.json: never over a result that it did not write
// itself (the result `pumprig run` wrote into a run folder holds every station's tests).
#include <filesystem>

namespace pumprig {

// Throws std::runtime_error naming the file when `target` exists and was not written by
// `pumprig analyze`.
void check_result_target(const std::filesystem::path& target);

}  // namespace pumprig
