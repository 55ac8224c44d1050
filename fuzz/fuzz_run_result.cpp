// result.json as every consumer reads it (rig/record/run_result.hpp): the verdict, the console
// summary, the report, JUnit, the run index and compare take it from any run folder, which anyone
// may have edited. Reading never throws; what it reads writes back to a document that reads the
// same; and the overall verdict is a pass only when the document itself says pass for every test
// and station check.
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "fuzz/fuzz_support.hpp"
#include "rig/record/run_result.hpp"
#include "rig/record/run_verdict.hpp"

namespace {

bool says_pass(const nlohmann::json& entry) {
  return entry.is_object() && entry.contains("verdict") && entry["verdict"] == "pass";
}

// Whether the raw document says pass everywhere the verdict looks.
bool raw_all_pass(const nlohmann::json& doc) {
  const auto tests = doc.find("tests");
  if (tests == doc.end() || !tests->is_array() || tests->empty()) return false;
  for (const auto& t : *tests)
    if (!says_pass(t)) return false;
  if (const auto run = doc.find("run"); run != doc.end() && run->is_object())
    if (const auto st = run->find("stations"); st != run->end() && st->is_array())
      for (const auto& s : *st)
        if (s.is_object())
          if (const auto checks = s.find("checks"); checks != s.end() && checks->is_array())
            for (const auto& c : *checks)
              if (!says_pass(c)) return false;
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pumprig;
  fuzz::Input in(data, size);
  const nlohmann::json doc = nlohmann::json::parse(in.rest_text(), nullptr, false);
  if (doc.is_discarded()) return 0;
  const auto read = run_result_from_json(doc);
  fuzz::require(read.has_value() == doc.is_object(), "an object reads, anything else does not");
  if (!read) return 0;
  const nlohmann::json written = to_json(*read);
  const auto again = run_result_from_json(written);
  fuzz::require(again.has_value() && to_json(*again) == written, "what is read writes back to a document that reads the same");
  const RunVerdict v = run_verdict(&*read, false);
  if (v.outcome == OverallVerdict::pass) fuzz::require(raw_all_pass(doc), "a pass only where the document says pass");
  return 0;
}
