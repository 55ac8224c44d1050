#include "rig/record/run_status.hpp"

namespace pumprig {

std::string_view to_string(RunStatus s) {
  switch (s) {
    case RunStatus::running: return "running";
    case RunStatus::finished: return "finished";
    case RunStatus::aborted: return "aborted";
  }
  return "aborted";
}

std::optional<RunStatus> parse_run_status(std::string_view text) {
  for (RunStatus s : {RunStatus::running, RunStatus::finished, RunStatus::aborted})
    if (text == to_string(s)) return s;
  return std::nullopt;
}

RunStatus ended_as(std::string_view text) {
  return parse_run_status(text) == RunStatus::finished ? RunStatus::finished : RunStatus::aborted;
}

std::string_view to_string(Provenance p) {
  switch (p) {
    case Provenance::simulated: return "simulated";
    case Provenance::real: return "real";
    case Provenance::imported: return "imported";
  }
  return "real";
}

std::optional<Provenance> parse_provenance(std::string_view text) {
  for (Provenance p : {Provenance::simulated, Provenance::real, Provenance::imported})
    if (text == to_string(p)) return p;
  return std::nullopt;
}

}  // namespace pumprig
