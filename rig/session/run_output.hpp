#pragma once
// Where a finished, sealed run goes besides its folder: the run index, the reports, later a lab
// database. Outputs run in the order they were added, after the seal; one that fails is a
// warning, never a change to the record (the folder is the record; outputs can be made again).
#include <filesystem>
#include <optional>
#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

#include "rig/record/run_result.hpp"
#include "rig/record/run_verdict.hpp"

namespace pumprig {

struct FinishedRun {
  std::filesystem::path dir;       // the sealed run folder
  RunResult result;                // result.json as written
  RunVerdict verdict;              // the overall verdict (rig/record/run_verdict.hpp)
  std::string manifest_digest;     // empty when the seal failed
  bool sealed = false;
  std::optional<std::filesystem::path> index_path{};      // the run index it was recorded in, if any
  std::optional<std::filesystem::path> signing_key_path{};  // the key that signed the manifest, if any
};

class RunOutput {
 public:
  virtual ~RunOutput() = default;
  virtual std::string name() const = 0;
  // Throws on failure; the session reports it as a warning naming the output.
  virtual void write(const FinishedRun& run, std::ostream& err) = 0;
};

}  // namespace pumprig
