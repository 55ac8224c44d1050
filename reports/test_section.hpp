#pragma once
// A test kind's section of the report: what its test shows between the verdict and the checks
// table (parameters, plots, results). One file per kind in reports/sections/ and one line in
// sections/registry.cpp; a kind with no section of its own gets the generic layout (its recorded
// values). The kinds themselves (rig/kinds/) stay free of the outputs.
#include <string>
#include <string_view>
#include <vector>

#include "reports/document.hpp"
#include "reports/mass_plot.hpp"
#include "reports/report_values.hpp"
#include "reports/traces.hpp"
#include "rig/analysis/result_json.hpp"

namespace pumprig::reports {

// What a section may use of the report being built.
class SectionContext {
 public:
  virtual ~SectionContext() = default;
  virtual void add(Block block) = 0;
  // The station's recorded traces (samples-/io-<station>.csv), null when missing.
  virtual const Trace* samples(const std::string& station) = 0;
  virtual const Trace* io(const std::string& station) = 0;
  // The station's balance readings as plots (or a line saying why there are none), with markers:
  // the test period as `view` says, and the preparation before it in a small panel.
  virtual void mass_trace(const std::string& station, std::vector<Marker> markers, const MassView& view = {}) = 0;
};

struct TestSection {
  std::string_view kind;  // the tests' "kind" in result.json
  void (*write)(SectionContext& report, const TestResult& test);
  bool needs_io_trace = false;  // io-<station>.csv is evidence of the test: listed as missing when absent
};

// Null for a kind with no section of its own.
const TestSection* find_test_section(std::string_view kind);

// The sections (one per file in sections/).
void write_accuracy_section(SectionContext& report, const TestResult& test);
void write_occlusion_section(SectionContext& report, const TestResult& test);
void write_free_flow_section(SectionContext& report, const TestResult& test);

}  // namespace pumprig::reports
