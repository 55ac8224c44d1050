#pragma once
// The report as a list of blocks, built once from the run folder (report_builder) and rendered by
// the PDF and HTML writers, so both show the same content in the same order.
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "reports/plot.hpp"

namespace pumprig::reports {

enum class Tone { normal, pass, fail, warn, muted };

struct Cell {
  std::string text;
  Tone tone = Tone::normal;
  bool mono = false;  // digests, ids
};

struct Heading {
  int level = 1;  // 1: section (new page in the PDF), 2: subsection
  std::string text;
};

struct Paragraph {
  std::string text;
  Tone tone = Tone::normal;
};

// A boxed statement that must not be overlooked (deviations, aborted run, missing files).
struct Notice {
  std::string title;
  std::vector<std::string> lines;
  Tone tone = Tone::warn;
};

struct KeyValues {
  std::vector<std::pair<std::string, Cell>> rows;
};

struct Table {
  std::vector<std::string> header;
  std::vector<double> widths;  // relative column widths
  std::vector<std::vector<Cell>> rows;
  bool small = false;
};

struct PlotBlock {
  Plot plot;
  double height_pt = 250;
};

struct Signatures {
  std::vector<std::string> roles;  // "Tested by", "Reviewed by"
};

using Block = std::variant<Heading, Paragraph, Notice, KeyValues, Table, PlotBlock, Signatures>;

struct Document {
  std::string title;
  std::string run_id;
  std::string watermark;       // empty for a real run: otherwise drawn across every page
  std::string page_banner;     // one line under the header on every page (provenance, integrity)
  std::string footer_digest;   // manifest digest, or a word saying there is none
  std::vector<Block> blocks;
};

}  // namespace pumprig::reports
