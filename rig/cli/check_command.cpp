#include "rig/cli/check_command.hpp"

#include <algorithm>
#include <chrono>
#include <iostream>
#include <memory>
#include <sstream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "rig/cli/json_output.hpp"
#include "rig/config/fixture.hpp"
#include "rig/config/scenario.hpp"
#include "rig/config/suite.hpp"
#include "rig/config/scenario_lint.hpp"
#include "rig/config/validate.hpp"
#include "rig/kinds/scenario_loading.hpp"
#include "rig/kinds/suite_loading.hpp"
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

int run_check(const CheckOptions& o, std::ostream& console, std::ostream& err) {
  const std::string today = o.today.empty() ? utc_date(std::chrono::system_clock::now()) : o.today;
  // With --json the text goes nowhere and the same findings go into one document.
  std::ostringstream discarded;
  std::ostream& out = o.json ? discarded : console;
  nlohmann::json doc{{"schema", json_schema::kCheck}, {"today", today}, {"fixture", nullptr}, {"suite", nullptr},
                     {"scenarios", nlohmann::json::array()}, {"deviations", nlohmann::json::array()},
                     {"findings", nlohmann::json::array()}, {"notes", nlohmann::json::array()}};
  auto finish = [&](int code, const std::string& error) {
    if (!o.json) return code;
    doc["ok"] = code == kExitPass;
    doc["error"] = error.empty() ? nlohmann::json(nullptr) : nlohmann::json(error);
    doc["exit_code"] = code;
    print_json_document(console, doc);
    return code;
  };
  try {
    Fixture fixture = load_fixture_or_default(o.fixture_path);
    apply_dut_overrides(fixture, o.dut);
    apply_condition_overrides(fixture, o.conditions);
    out << fmt::format("fixture {} ({}): {} station{}\n", fixture.name, fixture.source, fixture.stations.size(),
                       fixture.stations.size() == 1 ? "" : "s");
    doc["fixture"] = {{"name", fixture.name}, {"source", fixture.source}, {"stations", fixture.stations.size()}};
    if (!ambient_values_to_ask(fixture).empty()) {
      out << "  note: the fixture asks for the ambient conditions (ambient: ask): a run asks for them at its start\n";
      doc["notes"].push_back("the fixture asks for the ambient conditions (ambient: ask): a run asks for them at its start");
    }

    // Each with the parameters it would run with (--param, a suite's matrix or list).
    std::vector<std::pair<std::string, Scenario>> scenarios;  // display id, scenario
    const ParameterOverrides parameters = parse_parameter_options(o.params);
    if (o.scenario_path) {
      if (is_suite_text(read_text_file(*o.scenario_path))) {
        const Suite suite = load_suite_file(*o.scenario_path);
        for (auto& loaded : load_suite_runs(suite, parameters))
          scenarios.emplace_back(loaded.run.display_id, std::move(loaded.scenario));
        out << fmt::format("suite {} ({}): {} scenarios\n", suite.id, suite.source, scenarios.size());
        doc["suite"] = {{"id", suite.id}, {"source", suite.source}};
      } else {
        Scenario sc = load_scenario_file(*o.scenario_path, parameters);
        scenarios.emplace_back(run_display_id(sc.id, sc.overrides), std::move(sc));
      }
    } else if (!parameters.empty()) {
      throw std::invalid_argument("--param needs a scenario or suite to check");
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
        doc["deviations"].push_back("calibration overdue, accepted: " + list);
      }
    }
    // Every contradiction the linter finds is listed (a run stops at the first).
    std::size_t findings = 0;
    for (const auto& [name, sc] : scenarios) {
      for (const auto& f : lint_scenario(sc)) {
        err << "pumprig check: " << f.text() << "\n";
        doc["findings"].push_back(f.text());
        ++findings;
      }
      validate_scenario_for_fixture(sc, fixture);
      check_dut_overrides_apply(sc, fixture);
      check_condition_overrides_apply(sc, fixture);
      nlohmann::json deviations = nlohmann::json::array();
      for (const auto& d : check_calibrations(sc, fixture, today, o.accept_deviations)) {
        out << "  DEVIATION: " << d << "\n";
        deviations.push_back(d);
      }
      const auto stations = stations_for(sc, fixture);
      out << fmt::format("scenario {} ({}): runs on {}\n", name, sc.source, station_list(stations));
      if (!sc.overrides.empty()) out << "  parameters: " << parameters_in_force(sc) << "\n";
      nlohmann::json station_ids = nlohmann::json::array();
      for (const StationConfig* st : stations) station_ids.push_back(st->id);
      doc["scenarios"].push_back({{"id", sc.id},
                                  {"name", name},
                                  {"source", sc.source},
                                  {"parameters", sc.overrides.empty() ? nlohmann::json(nullptr) : nlohmann::json(parameters_in_force(sc))},
                                  {"stations", station_ids},
                                  {"deviations", deviations}});
    }
    if (findings > 0) {
      const std::string summary = fmt::format("{} contradiction{} between analysis and steps: a run would be refused", findings,
                                              findings == 1 ? "" : "s");
      err << "pumprig check: " << summary << "\n";
      return finish(kExitUsage, summary);
    }
    out << "check: OK, a run would start (no port was opened)\n";
    return finish(kExitPass, "");
  } catch (const std::exception& e) {
    err << "pumprig check: " << e.what() << "\n";
    return finish(kExitUsage, e.what());
  }
}

void add_check_command(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<CheckOptions>();
  CLI::App* cmd = app.add_subcommand(
      "check", "Check a fixture, and a scenario or suite against it, as a run would before anything moves, without "
               "opening a port. Exit 0 a run would start, 2 with what is wrong (file:line:col)");
  cmd->add_option("scenario", o->scenario_path, "Scenario or suite file (YAML); none: the fixture alone");
  cmd->add_option("--param", o->params, "Scenario parameter NAME=VALUE, as for run")->type_name("NAME=VALUE");
  cmd->add_option("--fixture", o->fixture_path, "Bench description (YAML); default: the embedded simulated bench");
  cmd->add_option("--dut", o->dut, "Pump under test identity KEY=VALUE, as for run");
  cmd->add_option("--condition", o->conditions, "Test condition KEY=VALUE, as for run");
  cmd->add_option("--accept-deviation", o->accept_deviations, "Accept a known deviation, as for run (calibration)")->type_name("KIND");
  cmd->add_flag("--json", o->json, "Print one JSON document (schema pumprig.check/1) instead of the text");
  cmd->callback([o, &exit_code] { exit_code = run_check(*o, std::cout, std::cerr); });
}

}  // namespace pumprig
