#pragma once
// SHA-256 (OpenSSL EVP) for the tamper evidence of a run folder: the hash chain over
// events.jsonl and the manifest of the recorded files. Digests are lowercase hex, as sha256sum
// prints them, so a tester can check them with standard tools.
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace pumprig {

// Incremental digest, for files too large to hold in memory (wire logs of a 24 h run).
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void update(std::string_view data);
  // 64 lowercase hex digits; the object is then reset for a new digest.
  std::string hex_final();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

std::string sha256_hex(std::string_view data);
// Throws std::system_error naming the path when it cannot be read.
std::string sha256_file_hex(const std::filesystem::path& path);
// Lowercase hex of arbitrary bytes.
std::string to_hex(std::string_view bytes);

}  // namespace pumprig
