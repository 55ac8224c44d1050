#pragma once
// How a run or a station ended, and where a run's data came from, typed. The words the record
// writes (run.json's `status` and `provenance`, a station's `station` event, result.json's
// `run.stations[].status` and `run.provenance`) are spelled here only: writers take the enum,
// readers parse it, so no reader can compare against a word nobody writes.
#include <optional>
#include <string>
#include <string_view>

namespace pumprig {

// run.json says `running` from the first line recorded until the recorder finishes; a station
// and a finished run are `finished` or `aborted`.
enum class RunStatus { running, finished, aborted };

std::string_view to_string(RunStatus s);
std::optional<RunStatus> parse_run_status(std::string_view text);
// A station's or a run's end as recorded: anything but `finished` (an unknown word, a run still
// `running` that is not live) is read as aborted, never as a success.
RunStatus ended_as(std::string_view text);

// Simulated instruments, real instruments, or data imported from a file (`analyze --input`).
enum class Provenance { simulated, real, imported };

std::string_view to_string(Provenance p);
std::optional<Provenance> parse_provenance(std::string_view text);

}  // namespace pumprig
