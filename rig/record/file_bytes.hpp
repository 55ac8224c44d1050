#pragma once
// A whole file's bytes when it can be read, for checks where a missing file is a finding, not an
// error (verify's manifest, signature and run.json; people's signature records).
#include <filesystem>
#include <optional>
#include <string>

namespace pumprig {

std::optional<std::string> read_file_bytes(const std::filesystem::path& path);

}  // namespace pumprig
