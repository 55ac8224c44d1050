#pragma once
// What a suite leaves in its folder besides the scenarios' run folders, for a CI pipeline:
//   junit.xml     one <testsuite> per scenario run (reports/junit_writer.hpp), time = wall time
//   summary.json  schema pumprig.suite-summary/1: the suite, every run with its verdict, exit
//                 code, wall time and tests, what did not run and why, and the suite's exit code
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "rig/config/suite.hpp"
#include "rig/session/run_session.hpp"

namespace pumprig {

struct SuiteRunRecord {
  std::string name;                  // the scenario id, or its expansion's name
  std::string verdict;               // as the console summary prints it
  const RunReport* report = nullptr; // the suite's own (SuiteReport::runs), never null
  double wall_s = 0;
};

struct SuiteOutcome {
  std::filesystem::path dir;
  const Suite* suite = nullptr;
  std::chrono::system_clock::time_point start, end;
  std::vector<SuiteRunRecord> runs;
  std::vector<std::pair<std::string, std::string>> not_run;  // name, why
  int exit_code = 0;
};

// Writes DIR/junit.xml and DIR/summary.json atomically. Throws std::runtime_error naming the file.
void write_suite_outputs(const SuiteOutcome& outcome);

}  // namespace pumprig
