#pragma once
// The embedded default bench (fixtures/sim-bench.yaml) cut to its first station: the NE-1000
// syringe pump with its balance and rig I/O board. Tests of the run machinery use it so their
// expectations (one station, one pump to stop) stay about that machinery; tests of the
// two-station bench use the file itself. Derived from the shipped file, so the two cannot drift.
#include <unistd.h>

#include <filesystem>
#include <stdexcept>
#include <string>

#include "tests/support/temp_files.hpp"

namespace pumprig::test {

inline std::string one_station_sim_bench_text() {
  const std::string all = read_text(std::filesystem::path(PUMPRIG_SOURCE_DIR) / "fixtures/sim-bench.yaml");
  const auto second = all.find("\n  - id: station-2");
  if (second == std::string::npos) throw std::runtime_error("fixtures/sim-bench.yaml has no station-2 to cut");
  return all.substr(0, second + 1);
}

// The one-station bench with the first `from` replaced by `to`, written to `path` (a test's own
// variant: a calibration date, the room left to the operator). Throws when `from` is not in it,
// so a changed shipped bench cannot silently leave the variant unchanged.
inline std::filesystem::path one_station_sim_bench_with(const std::filesystem::path& path, const std::string& from,
                                                        const std::string& to) {
  std::string text = one_station_sim_bench_text();
  const auto at = text.find(from);
  if (at == std::string::npos) throw std::runtime_error("fixtures/sim-bench.yaml station-1 has no '" + from + "'");
  text.replace(at, from.size(), to);
  write_text(path, text);
  return path;
}

// Written once per test process into the temp folder, removed at exit.
inline const std::filesystem::path& one_station_sim_bench_path() {
  struct File {
    std::filesystem::path path;
    File() : path(std::filesystem::temp_directory_path() / ("pumprig-one-station-" + std::to_string(::getpid()) + ".yaml")) {
      write_text(path, one_station_sim_bench_text());
    }
    ~File() {
      std::error_code ec;
      std::filesystem::remove(path, ec);
    }
  };
  static const File file;
  return file.path;
}

}  // namespace pumprig::test
