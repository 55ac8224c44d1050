#pragma once
// How much of one text field a report lays out. A run can carry a 10 MB operator prompt or a
// 100,000-character --dut value; laying all of it out took minutes (text layout grows faster
// than the text) and no page can show it anyway. The record keeps the full text; the report
// shows the start of it and says how much it left out.
#include <cstddef>
#include <string>
#include <string_view>

namespace pumprig::reports {

// A paragraph, a notice line, a heading: about half a page of 9 pt text.
constexpr std::size_t kMaxParagraphChars = 3000;
// One table cell (an event message, a DUT field): a dozen lines in a narrow column.
constexpr std::size_t kMaxCellChars = 400;

// `text` if it has at most `max_chars` characters (UTF-8 code points); otherwise its first
// `max_chars` characters, cut at a character boundary, then " … [N more characters not shown;
// full text in the run folder]". Linear in the length of `text`.
std::string display_text(std::string_view text, std::size_t max_chars);

// The marker's fixed start, for tests and readers: " … [".
extern const std::string_view kTruncationMarker;

}  // namespace pumprig::reports
