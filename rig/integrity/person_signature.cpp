#include "rig/integrity/person_signature.hpp"

#include <algorithm>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "rig/core/safe_text.hpp"
#include "rig/index/run_ref.hpp"
#include "rig/record/atomic_write.hpp"
#include "rig/record/file_bytes.hpp"
#include "rig/record/run_files.hpp"
#include "rig/record/sha256.hpp"
#include "rig/record/utc_time.hpp"

namespace pumprig {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::optional<std::string> from_hex(std::string_view hex) {
  if (hex.size() % 2) return std::nullopt;
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  std::string out;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int hi = nibble(hex[i]), lo = nibble(hex[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<char>(hi * 16 + lo));
  }
  return out;
}

json to_json(const PersonSignature& s) {
  return json{{"format", kPersonSignatureFormat},      {"run_id", s.run_id},
              {"manifest_sha256", s.manifest_sha256},  {"name", s.name},
              {"time", s.time},                        {"meaning", s.meaning},
              {"key_fingerprint", s.key_fingerprint},  {"public_key", s.public_key_pem},
              {"signature", s.signature_hex}};
}

// Every field present and a string, or nullopt.
std::optional<PersonSignature> from_json(const json& j) {
  if (!j.is_object()) return std::nullopt;
  const auto format = j.find("format");
  if (format == j.end() || !format->is_string() || format->get<std::string>() != kPersonSignatureFormat) return std::nullopt;
  PersonSignature s;
  const std::pair<const char*, std::string*> fields[] = {
      {"run_id", &s.run_id}, {"manifest_sha256", &s.manifest_sha256}, {"name", &s.name}, {"time", &s.time},
      {"meaning", &s.meaning}, {"key_fingerprint", &s.key_fingerprint}, {"public_key", &s.public_key_pem},
      {"signature", &s.signature_hex}};
  for (const auto& [key, out] : fields) {
    const auto it = j.find(key);
    if (it == j.end() || !it->is_string()) return std::nullopt;
    *out = it->get<std::string>();
  }
  return s;
}

// Creates `path` exclusively: two signatures never share a file, and none is replaced.
void create_exclusive(const fs::path& path, const std::string& text) {
  const fs::path tmp = path.parent_path() / ("." + path.filename().string() + ".tmp");
  write_file_atomically(tmp, text);
  // link() fails with EEXIST instead of replacing, unlike rename().
  if (::link(tmp.c_str(), path.c_str()) != 0) {
    const int e = errno;
    ::unlink(tmp.c_str());
    throw std::runtime_error("cannot write " + path.string() + ": " + std::strerror(e));
  }
  ::unlink(tmp.c_str());
}

bool single_line(std::string_view s) { return s.find_first_of("\r\n") == std::string_view::npos; }

// What a signer's name may be: one line of printable text (no control characters that could fake
// lines or move a terminal's cursor when verify prints it).
std::optional<std::string> name_problem(const std::string& name) {
  if (name.empty() || name.size() > 200) return "must be 1 to 200 characters";
  if (!single_line(name)) return "must be one line";
  if (auto p = text_problem(name, 200)) return *p;
  return std::nullopt;
}

bool is_fingerprint(const std::string& f) {
  return f.size() == 7 + 64 && f.rfind("sha256:", 0) == 0 &&
         f.find_first_not_of("0123456789abcdef", 7) == std::string::npos;
}

// Every field in the form `pumprig sign` writes it; anything else is no signature record.
bool well_formed(const PersonSignature& s) {
  return !name_problem(s.name) && parse_utc_iso(s.time) && parse_signature_meaning(s.meaning) &&
         is_fingerprint(s.key_fingerprint) && s.manifest_sha256.size() == 64 &&
         s.manifest_sha256.find_first_not_of("0123456789abcdef") == std::string::npos && !text_problem(s.run_id, 256);
}

}  // namespace

const char* to_string(SignatureMeaning m) { return m == SignatureMeaning::approved ? "approved" : "reviewed"; }

std::optional<SignatureMeaning> parse_signature_meaning(std::string_view text) {
  if (text == "reviewed") return SignatureMeaning::reviewed;
  if (text == "approved") return SignatureMeaning::approved;
  return std::nullopt;
}

std::string signed_statement(const PersonSignature& s) {
  return fmt::format("{}\nrun_id: {}\nmanifest_sha256: {}\nname: {}\ntime: {}\nmeaning: {}\nkey_fingerprint: {}\n",
                     kPersonSignatureFormat, s.run_id, s.manifest_sha256, s.name, s.time, s.meaning, s.key_fingerprint);
}

PersonSignature sign_run_folder(const fs::path& dir, const SigningKey& key, const std::string& name, SignatureMeaning meaning,
                                std::chrono::system_clock::time_point now, const std::string& checked_manifest_digest) {
  if (const auto problem = name_problem(name)) throw std::invalid_argument("a signer's name " + *problem);
  const auto manifest = read_file_bytes(dir / run_files::kManifest);
  if (!manifest) throw std::runtime_error(dir.string() + " has no " + run_files::kManifest + ": only a sealed run can be signed");
  PersonSignature s;
  s.run_id = run_id_of_folder(dir);
  s.manifest_sha256 = sha256_hex(*manifest);
  // What was verified is what gets signed: a manifest replaced in between is refused.
  if (!checked_manifest_digest.empty() && s.manifest_sha256 != checked_manifest_digest)
    throw std::runtime_error(dir.string() + ": " + run_files::kManifest + " changed after it was verified; nothing signed");
  s.name = name;
  s.time = utc_iso(now);
  s.meaning = to_string(meaning);
  s.key_fingerprint = key.fingerprint();
  s.public_key_pem = key.public_key_pem();
  s.signature_hex = to_hex(key.sign(signed_statement(s)));
  const fs::path folder = dir / kSignaturesDir;
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec) throw std::runtime_error("cannot create " + folder.string() + ": " + ec.message());
  // "sha256:" is 7 characters; 12 hex digits of the fingerprint tell signers apart.
  s.file = folder / fmt::format("{}-{}-{}.json", utc_compact(now), s.meaning, s.key_fingerprint.substr(7, 12));
  create_exclusive(s.file, to_json(s).dump(2) + "\n");
  return s;
}

std::string SignatureFinding::describe() const {
  const auto& s = signature;
  // Only what was checked is repeated: an invalid record's fields are anybody's words.
  if (!readable || !valid) return std::string(kSignaturesDir) + "/" + printable(signature.file.filename().string());
  return fmt::format("{} by {} at {} (key {})", s.meaning, s.name, s.time, s.key_fingerprint);
}

std::vector<SignatureFinding> check_person_signatures(const fs::path& dir, const std::string& manifest_digest,
                                                      const std::string& run_id, const std::vector<std::string>& trusted) {
  std::vector<SignatureFinding> out;
  const fs::path folder = dir / kSignaturesDir;
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) return out;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(folder, ec)) {
    const std::string name = e.path().filename().string();
    if (!name.empty() && name.front() != '.' && e.path().extension() == ".json") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& path : files) {
    SignatureFinding f;
    f.signature.file = path;
    const std::string where = std::string(kSignaturesDir) + "/" + path.filename().string();
    std::optional<PersonSignature> parsed;
    if (const auto text = read_file_bytes(path)) {
      try {
        parsed = from_json(json::parse(*text));
      } catch (const json::exception&) {
      }
      if (parsed && !well_formed(*parsed)) parsed.reset();
    }
    if (!parsed) {
      f.problem = printable(where) + ": not a signature record (" + kPersonSignatureFormat + " with every field in its form)";
      out.push_back(std::move(f));
      continue;
    }
    f.signature = std::move(*parsed);
    f.signature.file = path;
    f.readable = true;
    try {
      const VerifyKey key = VerifyKey::from_pem(f.signature.public_key_pem, where);
      const auto sig = from_hex(f.signature.signature_hex);
      f.valid = sig && key.fingerprint() == f.signature.key_fingerprint &&
                parse_signature_meaning(f.signature.meaning) && single_line(f.signature.name) &&
                key.verify(signed_statement(f.signature), *sig);
    } catch (const KeyError&) {
      f.valid = false;
    }
    if (!f.valid) {
      f.problem = printable(where) + ": bad signature: not signed by the key it names";
    } else if (f.signature.manifest_sha256 != manifest_digest || f.signature.run_id != run_id) {
      f.problem = fmt::format("{}: {} signed another record (run {}, manifest {}), not this folder's (run {}, manifest {})",
                              where, f.describe(), f.signature.run_id, f.signature.manifest_sha256.substr(0, 12), run_id,
                              manifest_digest.empty() ? std::string("none") : manifest_digest.substr(0, 12));
    } else if (std::any_of(out.begin(), out.end(), [&](const SignatureFinding& o) {
                 return o.valid && o.signature.signature_hex == f.signature.signature_hex;
               })) {
      // One person signing once is one signature, however many copies of the file there are.
      f.problem = printable(where) + ": a copy of another signature file (" + f.describe() + ")";
    } else {
      f.over_manifest = true;
      f.trusted = std::find(trusted.begin(), trusted.end(), f.signature.key_fingerprint) != trusted.end();
    }
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace pumprig
