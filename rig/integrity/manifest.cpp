#include "rig/integrity/manifest.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>

#include "rig/record/atomic_write.hpp"
#include "rig/record/sha256.hpp"
#include "rig/record/run_files.hpp"

namespace pumprig {
namespace {

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool ends_with(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}
bool framed(std::string_view s, std::string_view prefix, std::string_view suffix) {
  return s.size() > prefix.size() + suffix.size() && starts_with(s, prefix) && ends_with(s, suffix);
}

}  // namespace

RunFileRole classify_run_file(std::string_view name) {
  if (name.empty() || name.front() == '.') return RunFileRole::other;
  if (name == kManifestFile || starts_with(name, std::string(kManifestFile) + ".") || name == run_files::kSignerKey ||
      name == run_files::kSignatures)
    return RunFileRole::integrity;
  if (name == run_files::kRunJson || name == run_files::kResult || name == run_files::kEvents ||
      framed(name, run_files::kSamplesPrefix, run_files::kCsvSuffix) || framed(name, run_files::kIoPrefix, run_files::kCsvSuffix) ||
      framed(name, run_files::kWirePrefix, run_files::kLogSuffix) ||
      framed(name, run_files::kPrestartSamplesPrefix, run_files::kCsvSuffix) ||
      framed(name, run_files::kPrestartIoPrefix, run_files::kCsvSuffix))
    return RunFileRole::recorded;
  if (starts_with(name, "report.") || starts_with(name, "report-") || name == run_files::kJunit || ends_with(name, ".png") ||
      ends_with(name, ".svg"))
    return RunFileRole::derived;
  return RunFileRole::other;
}

std::vector<ManifestEntry> compute_manifest(const std::filesystem::path& dir) {
  std::vector<ManifestEntry> out;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (!entry.is_regular_file() || classify_run_file(name) != RunFileRole::recorded) continue;
    out.push_back(ManifestEntry{sha256_file_hex(entry.path()), name});
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return out;
}

std::string format_manifest(const std::vector<ManifestEntry>& entries) {
  std::string text;
  for (const auto& e : entries) {
    // sha256sum escapes these with a leading '\'; recorded names never contain them.
    if (e.name.find_first_of("\\\n\r") != std::string::npos)
      throw std::invalid_argument("file name \"" + e.name + "\" cannot go into a manifest");
    text += e.sha256 + "  " + e.name + "\n";
  }
  return text;
}

std::vector<ManifestEntry> parse_manifest(std::string_view text) {
  std::vector<ManifestEntry> out;
  std::set<std::string, std::less<>> seen;
  std::size_t line_no = 0;
  while (!text.empty()) {
    ++line_no;
    const auto nl = text.find('\n');
    const std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    const auto bad = [&](const std::string& why) {
      return std::runtime_error(std::string(kManifestFile) + ":" + std::to_string(line_no) + ": " + why);
    };
    // "<64 hex><space><space or '*'><name>" as sha256sum writes and reads it.
    if (line.size() < 67 || (line[65] != ' ' && line[65] != '*') || line[64] != ' ')
      throw bad("not \"<sha256>  <file>\"");
    const std::string_view hex = line.substr(0, 64);
    if (!std::all_of(hex.begin(), hex.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }))
      throw bad("digest is not 64 lowercase hex digits");
    std::string name(line.substr(66));
    if (name.find('/') != std::string::npos) throw bad("file name \"" + name + "\" leaves the run folder");
    if (!seen.insert(name).second) throw bad("file \"" + name + "\" listed twice");
    out.push_back(ManifestEntry{std::string(hex), std::move(name)});
  }
  return out;
}

WrittenManifest write_manifest(const std::filesystem::path& dir) {
  WrittenManifest m;
  m.entries = compute_manifest(dir);
  const std::string text = format_manifest(m.entries);
  write_file_atomically(dir / kManifestFile, text);
  m.digest = sha256_hex(text);
  return m;
}

}  // namespace pumprig
