// Reports of a simulated run, of damaged, aborted and hand-made folders: checked with the tools
// an auditor or CI would use (pdfinfo, pdftotext, xmllint with the JUnit schema).
#include <boost/test/unit_test.hpp>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "reports/report.hpp"
#include "rig/cli/analyze_command.hpp"
#include "rig/cli/report_command.hpp"
#include "rig/record/run_reader.hpp"
#include "tests/reports/report_support.hpp"

namespace fs = std::filesystem;
using namespace pumprig;
using namespace pumprig::test;
using nlohmann::json;

namespace {

const fs::path kXsd = fs::path(PUMPRIG_SOURCE_DIR) / "tests/reports/junit.xsd";

bool junit_valid(const fs::path& junit) {
  const Command c = shell("xmllint --noout --schema " + quoted(kXsd) + " " + quoted(junit));
  BOOST_TEST_MESSAGE(c.out);
  return c.status == 0;
}

bool well_formed(const fs::path& file) { return shell("xmllint --noout " + quoted(file)).status == 0; }

void regenerate(const fs::path& dir) {
  std::ostringstream out, err;
  BOOST_REQUIRE_EQUAL(run_report(ReportOptions{dir.string(), std::nullopt}, out, err), 0);
}

void edit_json(const fs::path& p, const std::function<void(json&)>& fn) {
  json j = read_json(p);
  fn(j);
  write_text(p, j.dump(2) + "\n");
}

std::string sha256sum(const std::string& text, const TempDir& tmp) {
  const fs::path f = tmp.path() / "hash-input";
  write_text(f, text);
  return shell("sha256sum " + quoted(f)).out.substr(0, 64);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(report_files)

BOOST_AUTO_TEST_CASE(a_simulated_run_writes_a_pdf_an_auditor_can_read) {
  const fs::path& dir = shared_run();
  const std::string id = dir.filename().string() == "run" ? read_json(dir / "result.json")["run"]["id"].get<std::string>() : "";
  BOOST_REQUIRE(fs::exists(dir / "report.pdf"));
  const int pages = pdf_pages(dir / "report.pdf");
  BOOST_TEST(pages >= 5);  // cover, summary, test (several pages), events, data and signatures
  const std::string text = pdf_text(dir / "report.pdf");
  BOOST_TEST(contains(text, "Page 1 of " + std::to_string(pages)));
  BOOST_TEST(contains(text, "Page " + std::to_string(pages) + " of " + std::to_string(pages)));
  BOOST_TEST(!contains(text, "Page " + std::to_string(pages + 1) + " of"));
  // The run id and the provenance on every page (header / footer and banner).
  BOOST_TEST(count(text, "Run " + id) >= static_cast<std::size_t>(2 * pages));
  BOOST_TEST(count(text, "SIMULATED - NOT A VERIFICATION RECORD") >= static_cast<std::size_t>(pages));
  // Cover fields from run.json and the fixture.
  for (const char* field : {"New Era Pump Systems", "NE-1000 (simulated)", "SIM-P0001", "SIM-B0001", "XPR205", "2030-06-30",
                            "Simulated operator", "pumprig 0.1.0", "iec-accuracy-25mlh", "Tested by", "Reviewed by"})
    BOOST_TEST(contains(text, field), field);
  TempDir tmp;
  const json run = read_json(dir / "run.json");
  BOOST_TEST(contains(text, sha256sum(run["scenario"]["text"].get<std::string>(), tmp)));
  BOOST_TEST(contains(text, sha256sum(run["fixture"]["text"].get<std::string>(), tmp)));
  // Verdicts: the overall one, the test's and every check's.
  const json result = read_json(dir / "result.json");
  BOOST_TEST(count(text, "PASS") >= result["tests"][0]["checks"].size() + 2);
  BOOST_TEST(!contains(text, "FAIL"));
  BOOST_TEST(contains(text, "Start-up graph"));
  BOOST_TEST(contains(text, "Trumpet curve"));
  BOOST_TEST(contains(text, "Place the 50 g check weight on the balance"));  // an operator prompt in the events
  // Atomic writes leave no temp files behind.
  for (const auto& e : fs::directory_iterator(dir)) BOOST_TEST(e.path().filename().string()[0] != '.', e.path());
}

BOOST_AUTO_TEST_CASE(html_is_well_formed_and_self_contained_with_inline_svg) {
  const fs::path& dir = shared_run();
  BOOST_TEST(well_formed(dir / "report.html"));
  const std::string html = read_text(dir / "report.html");
  // start-up graph, trumpet curve, balance readings of the test period and of the preparation
  BOOST_TEST(count(html, "<svg") == 4u);
  BOOST_TEST(contains(html, "SIMULATED - NOT A VERIFICATION RECORD"));
  BOOST_TEST(contains(html, "SIM-P0001"));
  BOOST_TEST(!contains(html, "src="));
  BOOST_TEST(!contains(html, "<link"));
}

BOOST_AUTO_TEST_CASE(junit_is_valid_with_one_case_per_check_and_station) {
  const fs::path& dir = shared_run();
  BOOST_TEST(junit_valid(dir / "junit.xml"));
  const std::string xml = read_text(dir / "junit.xml");
  const json result = read_json(dir / "result.json");
  std::size_t expected = 1;  // the run completed
  for (const auto& st : result["run"]["stations"]) expected += 1 + st["checks"].size();
  for (const auto& t : result["tests"]) expected += t["checks"].size() + 1;  // checks and the verdict
  BOOST_TEST(count(xml, "<testcase ") == expected);
  BOOST_TEST(count(xml, "<testsuite ") == 1 + result["tests"].size());
  BOOST_TEST(!contains(xml, "<failure"));
  BOOST_TEST(!contains(xml, "<error"));
}

BOOST_AUTO_TEST_CASE(a_failed_check_carries_value_and_limit) {
  TempDir tmp;
  const fs::path dir = copy_of_run(tmp);
  edit_json(dir / "result.json", [](json& r) {
    auto& t = r["tests"][0];
    t["checks"][0]["value"] = 7.25;
    t["checks"][0]["verdict"] = "fail";
    t["checks"][1]["verdict"] = "inconclusive";
    t["verdict"] = "fail";
  });
  regenerate(dir);
  BOOST_TEST(junit_valid(dir / "junit.xml"));
  const std::string xml = read_text(dir / "junit.xml");
  BOOST_TEST(count(xml, "<failure ") == 2u);  // the check and the test's verdict
  BOOST_TEST(contains(xml, "message=\"mean_error_pct = 7.25 breaks the limit abs&lt;= 5\""), xml);
  BOOST_TEST(contains(xml, "type=\"inconclusive\""));
  BOOST_TEST(contains(xml, "failures=\"2\""));
  const std::string text = pdf_text(dir / "report.pdf");
  BOOST_TEST(contains(text, "Overall verdict"));
  BOOST_TEST(contains(text, "FAIL"));
  BOOST_TEST(contains(text, "INCONCLUSIVE"));
  // result.json was edited after the run was sealed: the regenerated report says so.
  BOOST_TEST(contains(text, "INTEGRITY CHECK FAILED"));
  BOOST_TEST(contains(text, "result.json: changed"));
}

BOOST_AUTO_TEST_CASE(missing_samples_and_torn_events_still_render_and_are_listed) {
  TempDir tmp;
  const fs::path dir = copy_of_run(tmp);
  fs::remove(dir / "samples-station-1.csv");
  {
    std::ofstream out(dir / "events.jsonl", std::ios::app | std::ios::binary);
    out << R"({"t_s":7300.1,"utc":"2026-01-01T00:00:00Z","kind":"ste)";
  }
  regenerate(dir);
  BOOST_TEST(pdf_pages(dir / "report.pdf") >= 3);
  const std::string text = pdf_text(dir / "report.pdf");
  BOOST_TEST(contains(text, "What is missing or damaged"));
  BOOST_TEST(contains(text, "samples-station-1.csv: missing"));
  BOOST_TEST(contains(text, "events.jsonl"));
  BOOST_TEST(contains(text, "torn"));
  BOOST_TEST(well_formed(dir / "report.html"));
  BOOST_TEST(junit_valid(dir / "junit.xml"));
}

BOOST_AUTO_TEST_CASE(an_interrupted_run_is_marked_aborted) {
  TempDir tmp;
  const fs::path dir = copy_of_run(tmp);
  edit_json(dir / "run.json", [](json& r) { r["status"] = "running"; });
  fs::remove(dir / "result.json");  // killed before the analysis
  regenerate(dir);
  const std::string text = pdf_text(dir / "report.pdf");
  BOOST_TEST(contains(text, "RUN ABORTED"));
  BOOST_TEST(contains(text, "aborted (interrupted)"));
  BOOST_TEST(contains(text, "Overall verdict ABORTED"));
  BOOST_TEST(contains(text, "result.json: missing"));
  BOOST_TEST(contains(text, "Recorded readings, station station-1"));  // the data still shown
  BOOST_TEST(junit_valid(dir / "junit.xml"));
  BOOST_TEST(contains(read_text(dir / "junit.xml"), "type=\"aborted\""));
}

BOOST_AUTO_TEST_CASE(an_instrument_past_its_calibration_date_is_a_deviation) {
  TempDir tmp;
  const fs::path dir = copy_of_run(tmp);
  std::string pdf_before = pdf_text(shared_run() / "report.pdf");
  BOOST_TEST(!contains(pdf_before, "OVERDUE"));
  edit_json(dir / "run.json", [](json& r) { r["stations"][0]["balance"]["calibration_due"] = "2020-01-31"; });
  regenerate(dir);
  const std::string text = pdf_text(dir / "report.pdf");
  BOOST_TEST(contains(text, "Deviations"));
  BOOST_TEST(contains(text, "2020-01-31 (OVERDUE)"));
  BOOST_TEST(contains(text, "past its calibration due date 2020-01-31"));
}

BOOST_AUTO_TEST_CASE(integrity_failure_and_manifest_digest_are_on_the_cover) {
  TempDir tmp;
  const fs::path dir = copy_of_run(tmp);
  const std::string manifest = "0123  samples-station-1.csv\n";
  write_text(dir / "MANIFEST.sha256", manifest);
  pumprig::reports::ReportInputs in;
  in.run = load_run_folder(dir);
  in.integrity.state = "failed";
  in.integrity.detail = "samples-station-1.csv does not match its digest";
  pumprig::reports::write_reports(in, tmp.path() / "out");
  const std::string text = pdf_text(tmp.path() / "out/report.pdf");
  BOOST_TEST(contains(text, "INTEGRITY CHECK FAILED"));
  BOOST_TEST(contains(text, "samples-station-1.csv does not match its digest"));
  const std::string digest = sha256sum(manifest, tmp);
  BOOST_TEST(count(text, "manifest sha256 " + digest.substr(0, 16)) == static_cast<std::size_t>(pdf_pages(tmp.path() / "out/report.pdf")));
}

BOOST_AUTO_TEST_CASE(occlusion_and_free_flow_tests_render) {
  TempDir tmp;
  const fs::path dir = tmp.path() / "hand-made";
  fs::create_directories(dir);
  const json dut = {{"manufacturer", "Acme"}, {"model", "Infusor 9"}, {"serial", "AC-778"}, {"firmware", "2.1"}};
  write_text(dir / "run.json", json{{"status", "finished"}, {"provenance", "real"}, {"start_utc", "2026-03-02T09:00:00Z"},
                                    {"end_utc", "2026-03-02T09:30:00Z"}, {"operator", {{"name", "J. Tester"}}},
                                    {"scenario", {{"id", "occlusion-free-flow"}, {"title", "Occlusion and free flow"}, {"text", "x"}}},
                                    {"stations", {{{"id", "station-1"}, {"pump_under_test", dut}}, {{"id", "station-2"}, {"pump_under_test", dut}}}}}
                                       .dump());
  const json occl = json::parse(R"({"id":"occlusion-low","kind":"occlusion","station":"station-1","method":"IEC 60601-2-24:2012 occlusion",
    "rate_ml_h":25.0,"threshold":"low","t_occlude_s":120.0,"t_alarm_s":245.3,"t_release_s":300.0,
    "time_to_alarm_s":125.3,"alarm_pressure_mmhg":310.0,"peak_pressure_mmhg":330.0,
    "bolus_ml":0.21,"bolus_end":"pressure decayed below 5 mmHg","collection_s":60.0,
    "checks":[{"name":"time_to_alarm_s","value":125.3,"limit":300,"comparison":"<=","verdict":"pass"}],
    "verdict":"pass","notes":[]})");
  const json ff = json::parse(R"({"id":"free-flow","kind":"free_flow","station":"station-2","head_height_cm":80.0,"t_door_open_s":30.0,
    "duration_s":60.0,"volume_ml":0.0,"peak_flow_ml_h":0.0,
    "checks":[{"name":"volume_ml","value":0.0,"limit":0.05,"comparison":"<=","verdict":"pass"}],"verdict":"pass","notes":[]})");
  write_text(dir / "result.json", json{{"schema", "pumprig.result/1"}, {"run", {{"id", "hand-made-1"}, {"provenance", "real"}}},
                                       {"tests", {occl, ff}}}.dump());
  std::string io = "time_s,pressure_mmhg,pressure2_mmhg,temperature_c,alarm,occluder_closed\n";
  for (int t = 0; t <= 400; ++t) {
    const double p = t < 120 ? 50 : t < 245 ? 50 + (t - 120) * 2.1 : t < 300 ? 330 : 330 * std::exp(-(t - 300) / 8.0);
    io += fmt::format("{},{:.1f},,21.5,{},{}\n", t, p, t >= 245 && t < 300 ? 1 : 0, t >= 120 && t < 300 ? 1 : 0);
  }
  io += "401,3.";  // torn last line: dropped with a note
  write_text(dir / "io-station-1.csv", io);
  std::string samples = "time_s,mass_g,stable\n";
  for (int t = 0; t <= 120; ++t) samples += fmt::format("{},{:.5f},1\n", t, 12.0 + (t > 30 ? 0.00001 * (t - 30) : 0));
  write_text(dir / "samples-station-2.csv", samples);

  regenerate(dir);
  const std::string text = pdf_text(dir / "report.pdf");
  BOOST_TEST(!contains(text, "NOT A VERIFICATION RECORD"));  // provenance real: no watermark
  for (const char* s : {"Test occlusion-low (occlusion, station station-1)", "Pressure, station station-1", "Time to alarm", "125.3 s",
                        "310.0 mmHg", "0.210 ml", "pressure decayed below 5 mmHg", "Test free-flow (free_flow, station station-2)",
                        "Free-flow volume", "80.0 cm", "Acme", "AC-778", "J. Tester", "io-station-1.csv: torn last line"})
    BOOST_TEST(contains(text, s), s);
  BOOST_TEST(well_formed(dir / "report.html"));
  // pressure trace; the free-flow volume from door open and the preparation before it
  BOOST_TEST(count(read_text(dir / "report.html"), "<svg") == 3u);
  BOOST_TEST(junit_valid(dir / "junit.xml"));
  BOOST_TEST(count(read_text(dir / "junit.xml"), "<testcase ") == 1u + 2u + 2u + 0u);
}

BOOST_AUTO_TEST_CASE(analyze_with_report_marks_imported_data) {
  TempDir tmp;
  const fs::path csv = tmp.path() / "logger.csv";
  fs::copy_file(shared_run() / "samples-station-1.csv", csv);
  const fs::path out = tmp.path() / "out";
  CLI::App app;
  int exit_code = -1;
  add_analyze_command(app, exit_code);
  std::vector<std::string> args{"analyze", "--input", csv.string(), "--rate", "25ml/h", "--out", out.string(), "--report", out.string()};
  std::vector<const char*> argv{"pumprig"};
  for (const auto& a : args) argv.push_back(a.c_str());
  app.parse(static_cast<int>(argv.size()), argv.data());
  BOOST_TEST(exit_code == 0);
  const std::string text = pdf_text(out / "report.pdf");
  BOOST_TEST(contains(text, "IMPORTED DATA - NOT A VERIFICATION RECORD"));
  BOOST_TEST(contains(text, "logger.csv"));
  BOOST_TEST(junit_valid(out / "junit.xml"));
  BOOST_TEST(well_formed(out / "report.html"));
}

namespace {

int analyze_cli(std::vector<std::string> args) {
  CLI::App app;
  int exit_code = -1;
  add_analyze_command(app, exit_code);
  args.insert(args.begin(), "analyze");
  std::vector<const char*> argv{"pumprig"};
  for (const auto& a : args) argv.push_back(a.c_str());
  app.parse(static_cast<int>(argv.size()), argv.data());
  return exit_code;
}

}  // namespace

BOOST_AUTO_TEST_CASE(an_imported_report_carries_the_identity_tables_of_a_recorded_one) {
  TempDir tmp;
  const fs::path csv = tmp.path() / "logger.csv";
  fs::copy_file(shared_run() / "samples-station-1.csv", csv);
  const fs::path out = tmp.path() / "out";
  const std::vector<std::string> base{"--input", csv.string(), "--rate", "25ml/h", "--out", out.string()};
  auto with = [&](std::vector<std::string> more) {
    std::vector<std::string> a = base;
    a.insert(a.end(), more.begin(), more.end());
    return a;
  };
  BOOST_REQUIRE(analyze_cli(with({"--dut", "manufacturer=Acme Medical", "--dut", "model=Syringe 3000", "--dut", "serial=SN-4711",
                                  "--balance", "model=XPR205", "--balance", "serial=B0815", "--balance", "calibration_due=2099-01-31",
                                  "--balance", "readability=0.01mg", "--operator", "Alice Tester", "--report", out.string()})) == 0);
  const auto result = read_json(out / "result.json");
  const std::string id = result.at("run").at("id").get<std::string>();
  BOOST_TEST(id != "out");  // a real id, not the folder's name
  BOOST_TEST(id.find("-import-logger-") != std::string::npos, id);
  const std::string text = pdf_text(out / "report.pdf");
  for (const char* s : {"Acme Medical", "Syringe 3000", "SN-4711", "XPR205", "B0815", "2099-01-31", "Alice Tester", "Analysed by"})
    BOOST_TEST(contains(text, s), s);
  BOOST_TEST(!contains(text, "Not recorded (no run metadata)"));
  // The stated readability is the budget's, not a guess from the readings.
  const auto& row = result.at("tests")[0].at("mean_error_pct_uncertainty").at("budget")[0];
  BOOST_TEST(row.at("input").get<std::string>().find("stated with --balance") != std::string::npos, row.dump());

  // A second analysis of the same file into the same folder is another run.
  BOOST_REQUIRE(analyze_cli(with({})) == 0);
  BOOST_TEST(read_json(out / "result.json").at("run").at("id").get<std::string>() != id);

  // Typos and bad values are usage errors.
  BOOST_TEST(analyze_cli(with({"--dut", "serail=X"})) == kExitUsage);
  BOOST_TEST(analyze_cli(with({"--balance", "calibration_due=31.01.2099"})) == kExitUsage);
  BOOST_TEST(analyze_cli(with({"--balance", "calibration_uncertainty=0.1mg"})) == kExitUsage);  // needs its load
  BOOST_TEST(analyze_cli(with({"--dut", "serial=a", "--dut", "serial=b"})) == kExitUsage);
}

BOOST_AUTO_TEST_CASE(report_command_writes_elsewhere_with_out) {
  TempDir tmp;
  std::ostringstream o, e;
  BOOST_TEST(run_report(ReportOptions{shared_run().string(), (tmp.path() / "r").string()}, o, e) == 0);
  for (const char* f : {"report.pdf", "report.html", "junit.xml"}) BOOST_TEST(fs::file_size(tmp.path() / "r" / f) > 1000u, f);
  BOOST_TEST(run_report(ReportOptions{(tmp.path() / "nowhere").string(), std::nullopt}, o, e) == kExitUsage);
}

BOOST_AUTO_TEST_SUITE_END()
