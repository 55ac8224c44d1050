#include "rig/record/run_verdict.hpp"

#include <fmt/format.h>

#include "rig/record/json_file.hpp"
#include "rig/record/run_reader.hpp"
#include "rig/record/run_status.hpp"

namespace pumprig {

std::string_view to_string(OverallVerdict outcome) {
  switch (outcome) {
    case OverallVerdict::pass: return "pass";
    case OverallVerdict::fail: return "fail";
    case OverallVerdict::inconclusive: return "inconclusive";
    case OverallVerdict::aborted: return "aborted";
  }
  return "inconclusive";
}

std::optional<Verdict> parse_verdict(std::string_view text) {
  for (const Verdict v : {Verdict::pass, Verdict::fail, Verdict::inconclusive})
    if (text == to_string(v)) return v;
  return std::nullopt;
}

namespace {

Verdict verdict_of(const nlohmann::json& entry) {
  const auto it = entry.find("verdict");
  if (it == entry.end() || !it->is_string()) return Verdict::inconclusive;
  return parse_verdict(it->get<std::string>()).value_or(Verdict::inconclusive);
}

}  // namespace

RunVerdict run_verdict(const nlohmann::json* result, bool aborted, const std::string& abort_reason) {
  if (aborted) return {OverallVerdict::aborted, abort_reason.empty() ? "the run was aborted" : abort_reason};
  if (!result || !result->is_object()) return {OverallVerdict::inconclusive, "no analysis results (result.json missing)"};
  const auto tests = result->find("tests");
  if (tests == result->end() || !tests->is_array() || tests->empty())
    return {OverallVerdict::inconclusive, "no test: the scenario declares no analysis, so nothing was judged"};

  Verdict overall = Verdict::pass;
  std::string first_fail, first_inconclusive;
  auto fold = [&](const nlohmann::json& entry, const std::string& what) {
    const Verdict v = verdict_of(entry);
    overall = combine(overall, v);
    if (v == Verdict::fail && first_fail.empty()) first_fail = what;
    if (v == Verdict::inconclusive && first_inconclusive.empty()) first_inconclusive = what;
  };
  for (const auto& t : *tests)
    if (t.is_object()) fold(t, "test " + string_field(t, "id", "?"));
    else fold(nlohmann::json::object(), "a malformed test entry");
  if (const auto run = result->find("run"); run != result->end() && run->is_object())
    if (const auto stations = run->find("stations"); stations != run->end() && stations->is_array())
      for (const auto& st : *stations)
        if (const auto checks = st.find("checks"); st.is_object() && checks != st.end() && checks->is_array())
          for (const auto& c : *checks)
            if (c.is_object())
              fold(c, fmt::format("station {} check {}", string_field(st, "id", "?"), string_field(c, "name", "?")));

  switch (overall) {
    case Verdict::pass: return {OverallVerdict::pass, ""};
    case Verdict::fail: return {OverallVerdict::fail, first_fail + " failed"};
    case Verdict::inconclusive: return {OverallVerdict::inconclusive, first_inconclusive + " is inconclusive"};
  }
  return {OverallVerdict::inconclusive, ""};
}

RunVerdict run_verdict(const RunFolderContents& run) {
  bool imported_analysis = false;
  if (run.run.empty() && run.result && run.result->is_object())
    if (const auto r = run.result->find("run"); r != run.result->end() && r->is_object())
      imported_analysis = parse_provenance(string_field(*r, "provenance")) == Provenance::imported;
  const bool aborted = !imported_analysis && run.status != RunStatus::finished;
  return run_verdict(run.result ? &*run.result : nullptr, aborted,
                     run.interrupted ? "the recording was interrupted" : run.run.value("end_reason", std::string()));
}

}  // namespace pumprig
