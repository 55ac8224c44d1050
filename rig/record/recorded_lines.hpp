#pragma once
// Line-by-line reading of a streamed record file, with one line of look-ahead so the caller
// knows which line is the last: only the last line of a file written by LineFile can be torn
// (cut off by a crash mid-write), so only there is damage forgiven; anywhere else it is an error.
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <string>

namespace pumprig {

class RecordedLines {
 public:
  // Throws std::system_error naming the path if it cannot be opened.
  explicit RecordedLines(std::filesystem::path path);

  // The next line without its '\n'; false at the end of the file.
  bool next(std::string& line);
  std::size_t line_number() const { return line_no_; }  // 1-based, of the line last returned
  bool last() const { return !have_pending_; }          // the line last returned is the final one
  bool torn() const { return torn_; }                   // ... and no '\n' ends it

  std::string where() const;                // "path:line"
  std::string torn_note() const;            // note for a dropped torn last line
  std::string unreadable_last_note() const;  // note for a dropped unparsable last line

 private:
  void fetch();

  std::filesystem::path path_;
  std::ifstream in_;
  std::string pending_;
  bool have_pending_ = false;
  bool pending_torn_ = false;
  bool torn_ = false;
  std::size_t line_no_ = 0;
};

}  // namespace pumprig
