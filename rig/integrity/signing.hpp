#include "rig/record/run_files.hpp"
#pragma once
// Ed25519 signing of a run folder's manifest (OpenSSL EVP, keys as PEM files).
//
// Key pair (`pumprig keys init`): signing-key.pem (PKCS#8 private key, mode 0600) and
// signing-key.pub.pem (SubjectPublicKeyInfo). The key fingerprint is "sha256:<hex>" of the
// DER public key, i.e. `openssl pkey -pubin -in signing-key.pub.pem -outform DER | sha256sum`.
//
// In a signed run folder: MANIFEST.sha256.sig holds the raw 64-byte Ed25519 signature over the
// bytes of MANIFEST.sha256, and signer.pub.pem the signer's public key; run.json names the key
// fingerprint under "signing" (run.json is in the manifest, so the signature covers the claim).
// Check with OpenSSL alone:
//   openssl pkeyutl -verify -pubin -inkey KEY.pub.pem -rawin -in MANIFEST.sha256 -sigfile MANIFEST.sha256.sig
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace pumprig {

inline constexpr const char* kPrivateKeyFile = "signing-key.pem";
inline constexpr const char* kPublicKeyFile = "signing-key.pub.pem";
inline constexpr const char* kSignatureFile = "MANIFEST.sha256.sig";
inline constexpr const char* kSignerKeyFile = run_files::kSignerKey;

// Thrown for unreadable or unsuitable keys and refused overwrites; the message names the file.
class KeyError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct KeyPairFiles {
  std::filesystem::path private_key, public_key;
  std::string fingerprint;
};
// Creates `dir` if needed, then both key files. Refuses (KeyError) when either already exists:
// an overwritten key would orphan every signature made with it.
KeyPairFiles generate_signing_keys(const std::filesystem::path& dir);

class SigningKey {
 public:
  // A PEM Ed25519 private key. Throws KeyError.
  static SigningKey load(const std::filesystem::path& private_key_pem);
  std::string sign(std::string_view data) const;  // raw 64-byte signature
  std::string fingerprint() const;
  std::string public_key_pem() const;
  ~SigningKey();
  SigningKey(SigningKey&&) noexcept;
  SigningKey& operator=(SigningKey&&) noexcept;

 private:
  struct Impl;
  explicit SigningKey(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

class VerifyKey {
 public:
  // A PEM Ed25519 public key (or a private key, whose public half is used). Throws KeyError.
  static VerifyKey load(const std::filesystem::path& pem_file);
  static VerifyKey from_pem(std::string_view pem, const std::string& what);
  bool verify(std::string_view data, std::string_view signature) const;
  std::string fingerprint() const;
  ~VerifyKey();
  VerifyKey(VerifyKey&&) noexcept;
  VerifyKey& operator=(VerifyKey&&) noexcept;

 private:
  struct Impl;
  explicit VerifyKey(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The keys a verifier trusts, from PEM files and folders (every *.pem file in a folder, sorted by
// name). Throws KeyError naming the first file that holds no Ed25519 key, or a path that is
// neither a file nor a folder.
std::vector<VerifyKey> load_trusted_keys(const std::vector<std::filesystem::path>& files_or_dirs);

// Signs <dir>/MANIFEST.sha256: writes MANIFEST.sha256.sig and signer.pub.pem atomically.
void sign_manifest(const std::filesystem::path& dir, const SigningKey& key);

}  // namespace pumprig
