#pragma once
// SHA-256 in lower-case hex (OpenSSL libcrypto): fixture and scenario as run, MANIFEST.sha256.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace pumprig::reports {

std::string sha256_hex(std::string_view data);
std::optional<std::string> sha256_file_hex(const std::filesystem::path& path);

}  // namespace pumprig::reports
