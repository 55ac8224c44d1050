#pragma once
// The shape of a readings CSV that differs between loggers: the delimiter between cells (',', ';'
// or tab) and the decimal separator of numbers ('.' or ','). A European spreadsheet exports
// "time;mass" with "1,5"; the rig and most loggers write "time,mass" with "1.5".
//
// Detection, when the caller does not state them (deterministic, and explained in the note the
// reader returns):
// - delimiter: of ';', tab and ',', the one found most often outside quotes in the header line
//   (the one that splits it into the most cells). A tie goes to ';', then ',', then tab: a ','
//   in a ';' file's header is likelier (a unit, "mass [g, net]") than the other way round, and a
//   tab next to a ',' is more often padding than a delimiter. A header with none of them is one
//   column, read as ','.
// - decimal separator: the first number cell (time, mass or temperature column) of the data rows
//   that holds a '.' or ',' decides: the last of them in that cell is the decimal separator. A
//   ',' can be in a cell only when the delimiter is not ',' or the cell is quoted ("1,5").
//   No such cell: '.'.
// A wrong guess never turns into numbers: a cell that does not read with the separator chosen is
// an error naming its line and column.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pumprig {

// "','", "';'" or "tab", for messages and notes.
std::string delimiter_name(char delimiter);
// "decimal point" or "decimal comma".
std::string decimal_name(char decimal);

// ",", ";", "\t" (backslash-t), "tab" or a tab character; nullopt otherwise.
std::optional<char> parse_delimiter(std::string_view text);
// "," / "comma", "." / "point"; nullopt otherwise.
std::optional<char> parse_decimal_separator(std::string_view text);

// The raw cells of one line (its '\r' dropped), split at `delimiter` where the CSV library splits
// it: a '"' opens a quoted stretch up to the next '"', anywhere in a cell.
std::vector<std::string_view> split_cells(std::string_view line, char delimiter);

// A cell as the CSV library returns it: blanks (space, tab) around it trimmed, then, only when it
// starts and ends with '"', unquoted (a doubled "" inside is one quote). So `" time_s"` is the name
// " time_s" and `t"ime_s"` is `t"ime_s"`.
std::string cell_value(std::string_view raw);

// What detection chose and the evidence for it, for the note that tells the user.
struct DetectedSeparator {
  char value = ',';
  std::string evidence;  // e.g. "the header has 2 ';', 0 ',' and 0 tabs"
};

DetectedSeparator detect_delimiter(std::string_view header_line);

// `data` is the text after the header line, whose first line is file line `first_line`;
// `number_columns` are 1-based positions of the cells that hold numbers.
DetectedSeparator detect_decimal_separator(std::string_view data, std::size_t first_line, char delimiter,
                                           const std::vector<std::size_t>& number_columns,
                                           const std::vector<std::string>& header);

}  // namespace pumprig
