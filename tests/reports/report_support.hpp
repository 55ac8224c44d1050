#pragma once
// Helpers for the report tests: one simulated accuracy run shared by the tests (copied before a
// test edits it), external tools (pdfinfo, pdftotext, xmllint) run on the files.
#include <stdio.h>
#include <sys/wait.h>

#include <filesystem>
#include <memory>
#include <regex>
#include <set>
#include <sstream>
#include <vector>
#include <string>

#include "rig/session/exit_codes.hpp"
#include "tests/run/run_support.hpp"

namespace pumprig::test {

struct Command {
  int status = -1;
  std::string out;
};

inline Command shell(const std::string& cmd) {
  Command c;
  FILE* p = ::popen((cmd + " 2>&1").c_str(), "r");
  if (!p) return c;
  char buf[4096];
  for (std::size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) c.out.append(buf, n);
  const int st = ::pclose(p);
  c.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return c;
}

inline std::string quoted(const std::filesystem::path& p) { return "'" + p.string() + "'"; }

inline int pdf_pages(const std::filesystem::path& pdf) {
  const Command c = shell("pdfinfo " + quoted(pdf));
  std::smatch m;
  if (c.status != 0 || !std::regex_search(c.out, m, std::regex("Pages:\\s+(\\d+)"))) return -1;
  return std::stoi(m[1]);
}

// The text of the PDF, pages in order, whitespace runs folded to one space (pdftotext breaks
// lines where the layout wraps).
inline std::string pdf_text(const std::filesystem::path& pdf) {
  const Command c = shell("pdftotext " + quoted(pdf) + " -");
  std::string out;
  for (char ch : c.out) {
    const bool space = ch == ' ' || ch == '\n' || ch == '\t' || ch == '\f';
    if (space && !out.empty() && out.back() == ' ') continue;
    out += space ? ' ' : ch;
  }
  return out;
}

inline bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

// Per page of a PDF (pdftotext -bbox): the body's words (outside the running header and footer,
// without the diagonal watermark's words) and how far down the page they reach, as a fraction
// of the page height (0 when the body is empty).
struct PageBody {
  std::string text;
  double used = 0;
};
inline std::vector<PageBody> pdf_page_bodies(const std::filesystem::path& pdf) {
  const Command c = shell("pdftotext -bbox " + quoted(pdf) + " -");
  std::vector<PageBody> pages;
  static const std::regex page_re(R"re(<page width="([0-9.]+)" height="([0-9.]+)">)re");
  static const std::regex word_re(R"re(<word xMin="[0-9.]+" yMin="([0-9.]+)" xMax="[0-9.]+" yMax="([0-9.]+)">([^<]*)</word>)re");
  static const std::set<std::string> watermark{"SIMULATED", "IMPORTED", "DATA", "-", "NOT", "A", "VERIFICATION", "RECORD"};
  double height = 842;
  std::istringstream lines(c.out);
  for (std::string line; std::getline(lines, line);) {
    std::smatch m;
    if (std::regex_search(line, m, page_re)) {
      height = std::stod(m[2]);
      pages.emplace_back();
    } else if (!pages.empty() && std::regex_search(line, m, word_re)) {
      const double y0 = std::stod(m[1]), y1 = std::stod(m[2]);
      const std::string word = m[3];
      // The header and banner, the footer, and the diagonal watermark (whole words, or fragments
      // whose rotated boxes are taller than any line of text: a 15 pt heading is 17.4 pt tall).
      if (y0 < 64 || y1 > height - 50 || watermark.count(word) || y1 - y0 > 19) continue;
      pages.back().text += word + " ";
      pages.back().used = std::max(pages.back().used, y1 / height);
    }
  }
  return pages;
}

inline std::size_t count(const std::string& hay, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = hay.find(needle); at != std::string::npos; at = hay.find(needle, at + needle.size())) ++n;
  return n;
}

// The accuracy scenario on the embedded simulated bench, run once per test process (the
// reports are written at its end by the code path of `pumprig run`).
inline const std::filesystem::path& shared_run() {
  static TempDir tmp("pumprig-report-test");
  static std::filesystem::path dir;
  if (dir.empty()) {
    const auto r = run(options("scenarios/iec-accuracy-25mlh.yaml", tmp.path() / "run"));
    if (r.report.exit_code != kExitPass) throw std::runtime_error("simulated run failed: " + r.err);
    dir = tmp.path() / "run";
  }
  return dir;
}

// A copy of the shared run a test may edit; the reports in it are removed.
inline std::filesystem::path copy_of_run(const TempDir& tmp, const std::string& name = "copy") {
  const auto dst = tmp.path() / name;
  std::filesystem::copy(shared_run(), dst, std::filesystem::copy_options::recursive);
  for (const char* f : {"report.pdf", "report.html", "junit.xml"}) std::filesystem::remove(dst / f);
  return dst;
}

}  // namespace pumprig::test
