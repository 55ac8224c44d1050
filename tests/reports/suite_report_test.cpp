// The reports of a whole simulated suite run (scenarios/suite.yaml on the default bench): every
// run folder gets a sealed record and a PDF, HTML and JUnit report with the sections its tests
// call for, watermarked as simulated and verified on the cover.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <map>
#include <variant>
#include <sstream>

#include "reports/report_builder.hpp"
#include "rig/record/run_reader.hpp"
#include "rig/session/exit_codes.hpp"
#include "reports/junit_writer.hpp"
#include "rig/cli/suite_run.hpp"
#include "tests/reports/report_support.hpp"

namespace fs = std::filesystem;
using namespace pumprig;
using namespace pumprig::test;

BOOST_AUTO_TEST_SUITE(suite_reports)

BOOST_AUTO_TEST_CASE(every_run_of_the_default_suite_is_reported_with_its_sections) {
  TempDir tmp;
  RunOptions o;
  o.scenario_path = (fs::path(PUMPRIG_SOURCE_DIR) / "scenarios/suite.yaml").string();
  o.out_dir = (tmp.path() / "suite").string();
  o.quiet = true;
  std::ostringstream out, err;
  const SuiteReport suite = run_suite(o, out, err);
  BOOST_TEST_INFO(out.str() << err.str());
  BOOST_TEST(suite.exit_code == kExitPass);
  BOOST_REQUIRE_EQUAL(suite.runs.size(), 5u);

  // What each scenario's report must show, beyond the common cover and events.
  const std::map<std::string, std::vector<std::string>> expected{
      {"iec-accuracy-25mlh", {"Start-up graph", "Trumpet curve", "Test station-2-accuracy"}},
      {"occlusion-25mlh-low", {"Pressure, station station-1", "Pressure, station station-2", "Time to alarm", "Bolus after release"}},
      {"occlusion-25mlh-high", {"Pressure, station station-1", "Alarm threshold setting"}},
      {"occlusion-1mlh-low", {"Pressure, station station-2"}},
      {"free-flow-80cm", {"Test station-2-free-flow"}},
  };
  for (const auto& [id, run] : suite.runs) {
    BOOST_TEST_CONTEXT(id) {
      const fs::path dir = run.run_dir;
      BOOST_TEST(dir == tmp.path() / "suite" / id);
      BOOST_TEST(fs::exists(dir / "MANIFEST.sha256"));
      const std::string text = pdf_text(dir / "report.pdf");
      BOOST_TEST(pdf_pages(dir / "report.pdf") >= 4);
      BOOST_TEST(contains(text, "SIMULATED - NOT A VERIFICATION RECORD"));
      BOOST_TEST(contains(text, "verified:"));  // the cover's integrity line: the sealed folder checks out
      BOOST_TEST(contains(text, "Page 1 of "));
      BOOST_TEST(contains(text, "Run " + run.result->run.id.value_or("?")));  // the run id in the page header
      for (const auto& section : expected.at(id)) BOOST_TEST(contains(text, section), section);
      // Every page, read back: a body with words, and none but the last left mostly empty.
      const auto pages = pdf_page_bodies(dir / "report.pdf");
      BOOST_TEST(static_cast<int>(pages.size()) == pdf_pages(dir / "report.pdf"));
      for (std::size_t i = 0; i < pages.size(); ++i) {
        BOOST_TEST_CONTEXT("page " << i + 1) {
          BOOST_TEST(pages[i].text.size() > 40u, pages[i].text);
          if (i + 1 < pages.size()) BOOST_TEST(pages[i].used > 0.45, pages[i].used << ": " << pages[i].text.substr(0, 200));
        }
      }
      // Every plot of the report, laid out as the PDF and HTML draw it: the data inside the axes,
      // only legend swatches below them, and some data in each.
      reports::ReportInputs in;
      in.run = load_run_folder(dir);
      for (const auto& block : reports::build_document(in).blocks) {
        const auto* pb = std::get_if<reports::PlotBlock>(&block);
        if (!pb) continue;
        BOOST_TEST_CONTEXT(pb->plot.title) {
          const reports::Scene scene = reports::layout_plot(pb->plot, 495, pb->height_pt);
          double left = 0, top = 0, right = 0, bottom = 0;
          for (const auto& item : scene.items)
            if (const auto* p = std::get_if<reports::Polyline>(&item); p && p->points.size() == 5 && !p->dashed &&
                                                                       p->points.front().x == p->points.back().x &&
                                                                       p->points.front().y == p->points.back().y)
              left = p->points[0].x, top = p->points[0].y, right = p->points[2].x, bottom = p->points[2].y;
          BOOST_REQUIRE(right > left);
          std::size_t data_points = 0;
          for (const auto& item : scene.items) {
            const auto* p = std::get_if<reports::Polyline>(&item);
            if (!p) continue;
            const bool inside = std::all_of(p->points.begin(), p->points.end(), [&](const reports::Point& q) {
              return q.x >= left - 0.01 && q.x <= right + 0.01 && q.y >= top - 0.01 && q.y <= bottom + 0.01;
            });
            const bool legend = std::all_of(p->points.begin(), p->points.end(), [&](const reports::Point& q) { return q.y > bottom + 20; });
            BOOST_TEST((inside || legend));
            const bool closed = p->points.front().x == p->points.back().x && p->points.front().y == p->points.back().y;
            if (inside && p->points.size() >= 3 && !closed) data_points += p->points.size();  // not grid, marker or frame
          }
          BOOST_TEST(data_points > 0u);
        }
      }
      // Checks in words, never the record's code names.
      BOOST_TEST(!contains(text, "_pct"));
      BOOST_TEST(!contains(text, "abs<="));
      const std::string html = read_text(dir / "report.html");
      BOOST_TEST(contains(html, "<svg"));
      const Command junit = shell("xmllint --noout --schema " + quoted(fs::path(PUMPRIG_SOURCE_DIR) / "tests/reports/junit.xsd") +
                                  " " + quoted(dir / "junit.xml"));
      BOOST_TEST(junit.status == 0, junit.out);
    }
  }

  // The suite folder's own junit.xml: valid JUnit, one testsuite per scenario named by it.
  BOOST_TEST(fs::equivalent(suite.suite_dir, tmp.path() / "suite"));
  const fs::path suite_junit = suite.suite_dir / "junit.xml";
  const Command valid = shell("xmllint --noout --schema " + quoted(fs::path(PUMPRIG_SOURCE_DIR) / "tests/reports/junit.xsd") +
                              " " + quoted(suite_junit));
  BOOST_TEST(valid.status == 0, valid.out);
  const std::string xml = read_text(suite_junit);
  for (const auto& [id, r] : suite.runs) {
    BOOST_TEST(contains(xml, "<testsuite name=\"" + id + "\""), id);
    BOOST_TEST(r.run_dir.parent_path() == suite.suite_dir);
  }
  const auto summary = nlohmann::json::parse(read_text(suite.suite_dir / "summary.json"));
  BOOST_TEST(summary.at("runs").size() == 5u);
  BOOST_TEST(summary.at("exit_code") == 0);
}

// A scenario the suite never reached is an error in its junit.xml, never a silent absence.
BOOST_AUTO_TEST_CASE(a_scenario_not_run_is_an_error_testsuite) {
  const std::string xml = reports::suite_to_junit(
      "s", {reports::SuiteJunitEntry{"free-flow-80cm", "", std::nullopt, "not run: the suite was interrupted"}});
  BOOST_TEST(contains(xml, "<testsuite name=\"free-flow-80cm\" tests=\"1\" failures=\"0\" errors=\"1\""), xml);
  BOOST_TEST(contains(xml, "type=\"not run\""), xml);
  BOOST_TEST(contains(xml, "the suite was interrupted"), xml);
  TempDir tmp;
  write_text(tmp.path() / "junit.xml", xml);
  const Command valid = shell("xmllint --noout --schema " + quoted(fs::path(PUMPRIG_SOURCE_DIR) / "tests/reports/junit.xsd") +
                              " " + quoted(tmp.path() / "junit.xml"));
  BOOST_TEST(valid.status == 0, valid.out);
}

BOOST_AUTO_TEST_SUITE_END()
