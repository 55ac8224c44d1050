#include "rig/record/run_folder.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <stdexcept>
#include <system_error>

#include "rig/record/line_file.hpp"
#include "rig/record/os_error.hpp"
#include "rig/record/random_id.hpp"
#include "rig/record/utc_time.hpp"

namespace pumprig {
namespace {

bool is_safe_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
         c == '-';
}

void create_parents(const std::filesystem::path& dir) {
  if (dir.empty()) return;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw_os_error(ec.value(), "cannot create directory", dir);
}

std::filesystem::path parent_or_dot(const std::filesystem::path& p) {
  const auto parent = p.parent_path();
  return parent.empty() ? std::filesystem::path(".") : parent;
}

}  // namespace

std::string file_name_part(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) out.push_back(is_safe_char(c) ? c : '-');
  if (out.empty()) return "run";
  if (out.front() == '.') out.front() = '-';
  return out;
}

bool is_safe_name(std::string_view name) {
  if (name.empty() || name.front() == '.') return false;
  for (const char c : name)
    if (!is_safe_char(c)) return false;
  return true;
}

std::string RunFolder::folder_name(std::chrono::system_clock::time_point t, std::string_view scenario_id,
                                   std::string_view random_id) {
  return utc_compact(t) + "-" + file_name_part(scenario_id) + "-" + std::string(random_id);
}

RunFolder RunFolder::create_new(const std::filesystem::path& base_dir, std::string_view scenario_id,
                                std::chrono::system_clock::time_point now) {
  create_parents(base_dir);
  const std::filesystem::path base = base_dir.empty() ? std::filesystem::path(".") : base_dir;
  // mkdir(2) fails on an existing entry, so a name clash (same second, same 24-bit id) can never
  // reuse a folder; it just draws another id.
  for (int attempt = 0; attempt < 16; ++attempt) {
    const std::string name = folder_name(now, scenario_id, random_hex_id(3));
    const std::filesystem::path dir = base / name;
    if (::mkdir(dir.c_str(), 0755) == 0) {
      fsync_directory(base);
      return RunFolder(dir, name);
    }
    if (errno != EEXIST) throw_os_error(errno, "cannot create run folder", dir);
  }
  throw std::runtime_error("cannot find a free run folder name in " + base.string());
}

RunFolder RunFolder::create_at(const std::filesystem::path& given, std::string_view scenario_id,
                               std::chrono::system_clock::time_point now) {
  if (given.empty()) throw std::invalid_argument("empty run folder path");
  // The id is drawn like a default folder's name (a 24-bit random part within one second and
  // scenario), never taken from the folder's name, which another run may share.
  std::string run_id = folder_name(now, scenario_id, random_hex_id(3));
  // "DIR/" is the folder DIR, and its parent holds the run index.
  std::filesystem::path out_dir = given;
  while (out_dir.filename().empty() && out_dir.has_relative_path()) out_dir = out_dir.parent_path();
  create_parents(out_dir.parent_path());
  if (::mkdir(out_dir.c_str(), 0755) == 0) {
    fsync_directory(parent_or_dot(out_dir));
    return RunFolder(out_dir, std::move(run_id));
  }
  if (errno != EEXIST) throw_os_error(errno, "cannot create run folder", out_dir);
  std::error_code ec;
  if (!std::filesystem::is_directory(out_dir, ec))
    throw std::runtime_error("run folder " + out_dir.string() + " exists and is not a directory");
  if (!std::filesystem::is_empty(out_dir, ec) || ec)
    throw std::runtime_error("run folder " + out_dir.string() +
                             " already exists and is not empty; recorded runs are never overwritten");
  return RunFolder(out_dir, std::move(run_id));
}

}  // namespace pumprig
