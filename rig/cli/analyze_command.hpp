#pragma once
// `pumprig analyze`: the IEC 60601-2-24 accuracy analysis of a CSV of balance readings that the
// rig or any other logger produced. Prints a table and writes DIR/result.json.
//
// Exit codes: 0 the test passes; 1 it fails or is inconclusive (a gap in the analysis period:
// not a pass, so scripts must not treat it as one); 2 usage or input error (the message names
// the file, and the line and column when a cell is at fault).
#include <iosfwd>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace pumprig {

// Quantities stay text ("25ml/h", "30s", "60-120min") until run_analyze parses them, so that a
// bad value is reported like any other input error.
struct AnalyzeOptions {
  std::string input;                           // CSV file
  std::string rate;                            // set rate, e.g. "25ml/h" (required)
  std::string interval = "30s";                // S
  std::string period = "60-120min";            // analysis period (start, end]
  std::string windows = "2,5,11,19,31";        // observation windows P in min
  std::string density;                         // g/ml; empty: 0.998, or from the temperature column
  std::string temperature_column;              // density from the mean temperature over the period
  std::string time_column = "time_s";
  std::string mass_column = "mass_g";
  std::string stable_column = "stable";        // optional in the file
  std::string time_unit = "s";                 // s | min | h | iso8601
  std::string time_format;                     // date-times in this layout, e.g. "%d.%m.%Y %H:%M:%S"
                                               // (instead of --time-unit; counts from the first row)
  std::string delimiter;                       // , | ; | tab (or \t); empty: detected from the header
  std::string decimal;                         // , | . ; empty: detected from the first decimal number
  std::string jitter;                          // fraction of S taken as on time, e.g. 0.1 or 10%;
                                               // empty: 10 %, for data with one reading per S
  std::string out;                             // output folder; empty: the input's folder (never over a
                                               // result.json that analyze did not write)
  std::string station;                         // empty: from samples-<station>.csv, else the file name
  std::string duration;                        // test duration; empty: last full S interval of data
  std::string evaporation;                     // measured evaporation, e.g. "2mg/h"
  std::string startup_tolerance = "5%";        // x of the start-up delay
  std::string polling_period;                  // balance polling period; empty: median interval
  std::string gap_limit;                       // empty: three polling periods, capped at S; a given
                                               // limit above S is honoured, with a note
  std::string max_mean_error;                  // acceptance: |A| <= this, e.g. "5%"
  std::vector<std::string> trumpet_limits;     // acceptance: "P:X" (±X %) or "P:LO:HI"
  std::string max_startup_delay;               // acceptance: start-up delay <= this, e.g. "30min"
  // Identity of what the data came from, for the record and the report (as a recorded run has):
  std::vector<std::string> dut;                // pump under test KEY=VALUE: manufacturer, model, serial, firmware
  std::vector<std::string> balance;            // balance KEY=VALUE: identity, calibration_due (YYYY-MM-DD), and
                                               // readability, repeatability, calibration_uncertainty with
                                               // calibration_load (masses, e.g. 0.1mg) for the uncertainty budgets
  std::string operator_name;                   // who did the test
};

// Runs the analysis; prints the table to out and errors to err; returns the exit code.
int run_analyze(const AnalyzeOptions& options, std::ostream& out, std::ostream& err);

// Registers the `analyze` subcommand; its callback stores run_analyze's exit code.
void add_analyze_command(CLI::App& app, int& exit_code);

}  // namespace pumprig
