// One field of the record laid out whole (issue 11, item 7): a 10 MB operator prompt or a
// 100,000-character --dut value made the PDF take minutes after the seal, so `pumprig run` never
// exited. The report now shows the start of such a field with a marker saying how much it left
// out (the record keeps all of it), and lays out in time independent of the field's length.
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <string>

#include "reports/display_text.hpp"
#include "reports/document.hpp"
#include "reports/pdf_writer.hpp"
#include "reports/report.hpp"
#include "tests/reports/report_support.hpp"

using namespace pumprig;
using namespace pumprig::test;
using pumprig::reports::display_text;
using pumprig::reports::kMaxCellChars;
using pumprig::reports::kMaxParagraphChars;

BOOST_AUTO_TEST_SUITE(report_long_text)

BOOST_AUTO_TEST_CASE(display_text_keeps_short_text_and_cuts_long_text_with_a_marker) {
  BOOST_TEST(display_text("", 5) == "");
  BOOST_TEST(display_text("abcde", 5) == "abcde");
  BOOST_TEST(display_text("abcdef", 5) ==
             "abcde \u2026 [1 more characters not shown; full text in the run folder]");
  // Characters, not bytes: a multi-byte character is never split, and counts once.
  const std::string e_acute = "\u00e9";
  std::string accents;
  for (int i = 0; i < 1000; ++i) accents += e_acute;
  const std::string cut = display_text(accents, 10);
  BOOST_TEST(cut.rfind(accents.substr(0, 20) + " \u2026 [990 more characters", 0) == 0u);
  BOOST_TEST(display_text(accents, 1000) == accents);
  // The 10 MB prompt.
  const std::string prompt(10u << 20, 'x');
  const std::string shown = display_text(prompt, kMaxParagraphChars);
  BOOST_TEST(shown.rfind(std::string(kMaxParagraphChars, 'x') + " \u2026 [", 0) == 0u);
  BOOST_TEST(contains(shown, "[" + std::to_string((10u << 20) - kMaxParagraphChars) + " more characters not shown"));
  BOOST_TEST(shown.size() < kMaxParagraphChars + 100);
}

BOOST_AUTO_TEST_CASE(a_10_mb_prompt_and_a_100000_character_dut_serial_give_a_short_report) {
  reports::ReportInputs in;
  in.run = load_run_folder(shared_run());
  const std::string prompt(10u << 20, 'P');
  const std::string serial(100000, 'S');
  in.run.events.insert(in.run.events.begin(), nlohmann::json{{"t_s", 1.0}, {"utc", "2026-01-01T00:00:00Z"}, {"kind", "prompt"}, {"source", "station-1"},
                           {"message", prompt}, {"data", nlohmann::json::object()}});
  in.run.run["stations"][0]["pump_under_test"]["serial"] = serial;
  const std::string pdf = reports::render_pdf(in);
  TempDir tmp("pumprig-long-text");
  const auto path = tmp.path() / "report.pdf";
  std::ofstream(path, std::ios::binary) << pdf;
  const std::string text = pdf_text(path);
  // Both fields are shown cut, each with its marker; nowhere a run longer than a cell shows.
  BOOST_TEST(contains(text, std::to_string(prompt.size() - kMaxCellChars) + " more characters not shown"));
  BOOST_TEST(contains(text, std::to_string(serial.size() - kMaxCellChars) + " more characters not shown"));
  BOOST_TEST(count(text, "PPPPPPPPPP") < kMaxCellChars / 10 + 10);
  BOOST_TEST(pdf_pages(path) < 40);

  // The HTML report renders the same record (its text is escaped, not laid out).
  BOOST_TEST(!reports::render_html(in).empty());
}

BOOST_AUTO_TEST_CASE(a_10_mb_paragraph_is_laid_out_cut) {
  reports::Document doc;
  doc.title = std::string(100000, 'T');  // the scenario title, shown in every page header
  doc.run_id = "long-text";
  doc.blocks.push_back(reports::Paragraph{std::string(10u << 20, 'x')});
  TempDir tmp("pumprig-long-paragraph");
  const auto path = tmp.path() / "doc.pdf";
  std::ofstream(path, std::ios::binary) << reports::document_to_pdf(doc);
  BOOST_TEST(pdf_pages(path) == 1);
  BOOST_TEST(contains(pdf_text(path), std::to_string((10u << 20) - kMaxParagraphChars) + " more characters not shown"));
}

BOOST_AUTO_TEST_SUITE_END()
