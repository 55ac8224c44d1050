#pragma once
// Reading a test's or a run's JSON for the report: tolerant lookups (a missing or mistyped key
// reads "not recorded" or "n/a", never throws), number formats, verdict colours, and the plot
// pieces the report builder and the test kinds' sections share.
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "reports/document.hpp"
#include "reports/traces.hpp"
#include "rig/analysis/checks.hpp"

namespace pumprig::reports {

using nlohmann::json;

inline constexpr Color kBlue{0.12, 0.35, 0.70};
inline constexpr Color kRed{0.80, 0.15, 0.15};
inline constexpr Color kGreen{0.10, 0.55, 0.25};
inline constexpr Color kOrange{0.90, 0.50, 0.05};
inline constexpr Color kGrey{0.35, 0.35, 0.35};
inline constexpr Color kLimitFill{0.90, 0.20, 0.20, 0.12};
inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();


const json& field(const json& j, const char* key);
std::string text(const json& j, const char* key, const std::string& fallback = "not recorded");
std::optional<double> number(const json& j, const char* key);
// A number with `decimals` and its unit, a text as it is, yes/no, or "n/a".
std::string fmt_value(const json& v, int decimals, const std::string& unit = "");
std::string fmt_num(const json& j, const char* key, int decimals, const std::string& unit = "");
Tone verdict_tone(const std::string& v);
Cell verdict_cell(const std::string& v);
// h:mm:ss.s of run time, readable for a 24 h run.
std::string clock_text(double t_s);
// A check's value (4 significant digits, "n/a" when none) and its limit as people read it:
// "<= 600", "abs<= 5", or "100 g +- 0.01 g" for a check centred on a nominal.
std::string check_value_text(const Check& c);
std::string check_limit_text(const Check& c);

Series line(std::string label, std::vector<Point> pts, Color c, bool dashed = false, bool markers = false);
// The (x, y) pairs of two columns of a trace.
std::vector<Point> xy(const Trace& tr, const std::string& x, const std::string& y);

}  // namespace pumprig::reports
