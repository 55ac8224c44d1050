#pragma once
// Whole-file writes that are all-or-nothing: a reader (or a crash) sees either the old file or
// the complete new one, never a half-written one. Used for run.json, result.json and reports.
#include <filesystem>
#include <string_view>

namespace pumprig {

// Writes `contents` to a hidden temp file in the same directory, fsyncs it, renames it over
// `path` and fsyncs the directory. On any error the temp file is removed, the old `path` is
// left untouched, and std::system_error names the file and the OS reason.
void write_file_atomically(const std::filesystem::path& path, std::string_view contents);

}  // namespace pumprig
