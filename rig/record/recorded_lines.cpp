#include "rig/record/recorded_lines.hpp"

#include <cerrno>
#include <utility>

#include "rig/record/os_error.hpp"

namespace pumprig {

RecordedLines::RecordedLines(std::filesystem::path path) : path_(std::move(path)) {
  errno = 0;
  in_.open(path_, std::ios::binary);
  if (!in_) throw_os_error(errno != 0 ? errno : EIO, "cannot open", path_);
  fetch();
}

void RecordedLines::fetch() {
  if (std::getline(in_, pending_)) {
    have_pending_ = true;
    // getline stopped at end of file rather than at '\n': the writer never finished this line.
    pending_torn_ = in_.eof();
  } else {
    have_pending_ = false;
    if (in_.bad()) throw_os_error(EIO, "cannot read", path_);
  }
}

bool RecordedLines::next(std::string& line) {
  if (!have_pending_) return false;
  line = std::move(pending_);
  pending_.clear();
  torn_ = pending_torn_;
  ++line_no_;
  fetch();
  return true;
}

std::string RecordedLines::where() const { return path_.string() + ":" + std::to_string(line_no_); }

std::string RecordedLines::torn_note() const {
  return where() + ": torn last line (no newline at end, cut off by a crash) dropped";
}

std::string RecordedLines::unreadable_last_note() const {
  return where() + ": unreadable last line dropped (probably cut off by a crash)";
}

}  // namespace pumprig
