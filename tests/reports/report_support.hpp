#pragma once
// Helpers for the report tests: one simulated accuracy run shared by the tests (copied before a
// test edits it), external tools (pdfinfo, pdftotext, xmllint) run on the files.
#include <stdio.h>
#include <sys/wait.h>

#include <filesystem>
#include <memory>
#include <regex>
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
