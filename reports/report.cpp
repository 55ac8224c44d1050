#include "reports/report.hpp"

#include "reports/html_writer.hpp"
#include "reports/junit_writer.hpp"
#include "reports/pdf_writer.hpp"
#include "reports/report_builder.hpp"
#include "rig/record/atomic_write.hpp"
#include "rig/record/run_files.hpp"

namespace pumprig::reports {

std::string render_pdf(const ReportInputs& inputs) { return document_to_pdf(build_document(inputs)); }
std::string render_html(const ReportInputs& inputs) { return document_to_html(build_document(inputs)); }
std::string render_junit(const ReportInputs& inputs) { return run_to_junit(inputs.run); }

ReportFiles write_reports(const ReportInputs& inputs, const std::filesystem::path& out_dir) {
  std::filesystem::create_directories(out_dir);
  // One document for both renderings, so the PDF and the HTML say the same (same timestamp too).
  const Document doc = build_document(inputs);
  ReportFiles files{out_dir / run_files::kReportPdf, out_dir / run_files::kReportHtml, out_dir / run_files::kJunit};
  write_file_atomically(files.pdf, document_to_pdf(doc));
  write_file_atomically(files.html, document_to_html(doc));
  write_file_atomically(files.junit, run_to_junit(inputs.run));
  return files;
}

}  // namespace pumprig::reports
