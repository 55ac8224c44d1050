#pragma once
// An append-only text file where every line goes out in one write(2) on an O_APPEND descriptor:
// a process killed at any instant leaves whole lines plus at most one torn last line, and
// durability against power loss comes from sync(), which the Recorder calls on a real-time period.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace pumprig {

class LineFile {
 public:
  // Opens (creating if needed, 0644) for appending. Throws std::system_error naming the path.
  explicit LineFile(std::filesystem::path path);
  ~LineFile();  // closes without syncing and without throwing; call close() to see errors
  LineFile(LineFile&& other) noexcept;
  LineFile& operator=(LineFile&& other) noexcept;
  LineFile(const LineFile&) = delete;
  LineFile& operator=(const LineFile&) = delete;

  // Appends `line` plus '\n' with a single write(2) (looping only on a partial write or EINTR).
  // `line` must not contain '\n' (std::invalid_argument). Errors throw std::system_error; after
  // one, the file may end in a partial line, so every later append throws too rather than glue
  // a new line onto the fragment and damage the middle of the file.
  void append_line(std::string_view line);
  // fdatasync(2) if anything was appended since the last sync. Returns whether it synced.
  bool sync();
  // sync() then close(2); errors throw. Further appends throw std::logic_error.
  void close();

  bool is_open() const { return fd_ >= 0; }
  bool dirty() const { return dirty_; }
  const std::filesystem::path& path() const { return path_; }
  std::uint64_t lines_written() const { return lines_; }

 private:
  std::filesystem::path path_;
  int fd_ = -1;
  bool dirty_ = false;
  bool failed_ = false;
  std::uint64_t lines_ = 0;
  std::string buf_;  // reused so a line costs no allocation once warm
};

// Writes all of `data` to `fd`, retrying on EINTR and partial writes; throws naming `path`.
void write_all(int fd, std::string_view data, const std::filesystem::path& path);
// fsync(2) on a directory so that created or renamed entries in it survive a power loss.
void fsync_directory(const std::filesystem::path& dir);

}  // namespace pumprig
