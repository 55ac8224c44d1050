#include "rig/cli/check_command.hpp"

#include <algorithm>
#include <chrono>
#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "rig/config/fixture.hpp"
#include "rig/config/scenario.hpp"
#include "rig/config/suite.hpp"
#include "rig/config/validate.hpp"
#include "rig/kinds/scenario_loading.hpp"
#include "rig/record/utc_time.hpp"
#include "rig/session/exit_codes.hpp"

namespace pumprig {

namespace {

std::string station_list(const std::vector<const StationConfig*>& stations) {
  std::string s;
  for (const StationConfig* st : stations) s += (s.empty() ? "" : ", ") + st->id;
  return s;
}

}  // namespace

int run_check(const CheckOptions& o, std::ostream& out, std::ostream& err) {
  const std::string today = o.today.empty() ? utc_date(std::chrono::system_clock::now()) : o.today;
  try {
    Fixture fixture = load_fixture_or_default(o.fixture_path);
    apply_dut_overrides(fixture, o.dut);
    apply_condition_overrides(fixture, o.conditions);
    out << fmt::format("fixture {} ({}): {} station{}\n", fixture.name, fixture.source, fixture.stations.size(),
                       fixture.stations.size() == 1 ? "" : "s");
    if (!ambient_values_to_ask(fixture).empty())
      out << "  note: the fixture asks for the ambient conditions (ambient: ask): a run asks for them at its start\n";

    std::vector<std::string> scenarios;
    if (o.scenario_path) {
      if (is_suite_text(read_text_file(*o.scenario_path))) {
        const Suite suite = load_suite_file(*o.scenario_path);
        for (const auto& e : suite.scenarios) scenarios.push_back(e.path);
        out << fmt::format("suite {} ({}): {} scenarios\n", suite.id, suite.source, scenarios.size());
      } else {
        scenarios.push_back(*o.scenario_path);
      }
    }
    if (scenarios.empty()) {
      // The bench alone: every instrument's calibration counts.
      const auto overdue = overdue_calibrations(fixture, today);
      if (!overdue.empty()) {
        std::string list;
        for (const auto& d : overdue) list += (list.empty() ? "" : "; ") + d.text();
        const bool accepted = std::find(o.accept_deviations.begin(), o.accept_deviations.end(), "calibration") != o.accept_deviations.end();
        if (!accepted)
          throw std::invalid_argument("calibration overdue (today is " + today + "): " + list +
                                      ". A run on these instruments is refused unless --accept-deviation calibration");
        out << "  DEVIATION: calibration overdue, accepted: " << list << "\n";
      }
    }
    for (const auto& path : scenarios) {
      const Scenario sc = load_scenario_file(path);
      validate_scenario_for_fixture(sc, fixture);
      check_dut_overrides_apply(sc, fixture);
      check_condition_overrides_apply(sc, fixture);
      for (const auto& d : check_calibrations(sc, fixture, today, o.accept_deviations)) out << "  DEVIATION: " << d << "\n";
      out << fmt::format("scenario {} ({}): runs on {}\n", sc.id, sc.source, station_list(stations_for(sc, fixture)));
    }
    out << "check: OK, a run would start (no port was opened)\n";
    return kExitPass;
  } catch (const std::exception& e) {
    err << "pumprig check: " << e.what() << "\n";
    return kExitUsage;
  }
}

void add_check_command(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<CheckOptions>();
  CLI::App* cmd = app.add_subcommand(
      "check", "Check a fixture, and a scenario or suite against it, as a run would before anything moves, without "
               "opening a port. Exit 0 a run would start, 2 with what is wrong (file:line:col)");
  cmd->add_option("scenario", o->scenario_path, "Scenario or suite file (YAML); none: the fixture alone");
  cmd->add_option("--fixture", o->fixture_path, "Bench description (YAML); default: the embedded simulated bench");
  cmd->add_option("--dut", o->dut, "Pump under test identity KEY=VALUE, as for run");
  cmd->add_option("--condition", o->conditions, "Test condition KEY=VALUE, as for run");
  cmd->add_option("--accept-deviation", o->accept_deviations, "Accept a known deviation, as for run (calibration)")->type_name("KIND");
  cmd->callback([o, &exit_code] { exit_code = run_check(*o, std::cout, std::cerr); });
}

}  // namespace pumprig
