#include "rig/integrity/signing.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "rig/record/atomic_write.hpp"
#include "rig/record/line_file.hpp"
#include "rig/record/sha256.hpp"
#include "rig/record/run_files.hpp"

namespace pumprig {
namespace {

struct PkeyFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;
struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;
struct MdCtxFree {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;

std::string openssl_reason() {
  const unsigned long e = ERR_get_error();
  ERR_clear_error();
  if (e == 0) return "unknown OpenSSL error";
  char buf[256];
  ERR_error_string_n(e, buf, sizeof buf);
  return buf;
}

std::string bio_text(BIO* bio) {
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(n));
}

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw KeyError("cannot read key file " + p.string() + ": " + std::strerror(errno));
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void require_ed25519(EVP_PKEY* key, const std::string& what) {
  if (EVP_PKEY_id(key) != EVP_PKEY_ED25519) throw KeyError(what + " is not an Ed25519 key");
}

std::string public_pem(EVP_PKEY* key) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PUBKEY(bio.get(), key) != 1) throw KeyError("cannot encode public key: " + openssl_reason());
  return bio_text(bio.get());
}

std::string fingerprint_of(EVP_PKEY* key) {
  unsigned char* der = nullptr;
  const int n = i2d_PUBKEY(key, &der);
  if (n <= 0) throw KeyError("cannot encode public key: " + openssl_reason());
  std::string fp = "sha256:" + sha256_hex(std::string_view(reinterpret_cast<const char*>(der), static_cast<std::size_t>(n)));
  OPENSSL_free(der);
  return fp;
}

// Creates `path` exclusively with `mode` and writes `text`; KeyError when it exists.
void create_exclusive(const std::filesystem::path& path, const std::string& text, mode_t mode) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) {
    if (errno == EEXIST) throw KeyError(path.string() + " already exists: refusing to overwrite a key");
    throw KeyError("cannot create " + path.string() + ": " + std::strerror(errno));
  }
  try {
    write_all(fd, text, path);
    if (::fsync(fd) != 0) throw KeyError("cannot fsync " + path.string() + ": " + std::strerror(errno));
  } catch (...) {
    ::close(fd);
    ::unlink(path.c_str());
    throw;
  }
  ::close(fd);
}

}  // namespace

struct SigningKey::Impl {
  PkeyPtr key;
};
struct VerifyKey::Impl {
  PkeyPtr key;
};

SigningKey::SigningKey(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SigningKey::~SigningKey() = default;
SigningKey::SigningKey(SigningKey&&) noexcept = default;
SigningKey& SigningKey::operator=(SigningKey&&) noexcept = default;
VerifyKey::VerifyKey(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
VerifyKey::~VerifyKey() = default;
VerifyKey::VerifyKey(VerifyKey&&) noexcept = default;
VerifyKey& VerifyKey::operator=(VerifyKey&&) noexcept = default;

KeyPairFiles generate_signing_keys(const std::filesystem::path& dir) {
  KeyPairFiles files{dir / kPrivateKeyFile, dir / kPublicKeyFile, {}};
  for (const auto& p : {files.private_key, files.public_key})
    if (std::filesystem::exists(p)) throw KeyError(p.string() + " already exists: refusing to overwrite a key");
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw KeyError("cannot create " + dir.string() + ": " + ec.message());

  EVP_PKEY* raw = nullptr;
  {
    std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nullptr),
                                                                   &EVP_PKEY_CTX_free);
    if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1 || EVP_PKEY_keygen(ctx.get(), &raw) != 1)
      throw KeyError("cannot generate an Ed25519 key: " + openssl_reason());
  }
  PkeyPtr key(raw);
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PrivateKey(bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
    throw KeyError("cannot encode the private key: " + openssl_reason());
  create_exclusive(files.private_key, bio_text(bio.get()), 0600);
  try {
    create_exclusive(files.public_key, public_pem(key.get()), 0644);
  } catch (...) {
    ::unlink(files.private_key.c_str());
    throw;
  }
  fsync_directory(dir);
  files.fingerprint = fingerprint_of(key.get());
  return files;
}

SigningKey SigningKey::load(const std::filesystem::path& private_key_pem) {
  const std::string text = read_file(private_key_pem);
  BioPtr bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
  PkeyPtr key(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr);
  if (!key) throw KeyError(private_key_pem.string() + " holds no readable private key: " + openssl_reason());
  require_ed25519(key.get(), private_key_pem.string());
  auto impl = std::make_unique<Impl>();
  impl->key = std::move(key);
  return SigningKey(std::move(impl));
}

std::string SigningKey::sign(std::string_view data) const {
  MdCtxPtr ctx(EVP_MD_CTX_new());
  std::size_t len = 0;
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, impl_->key.get()) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &len, reinterpret_cast<const unsigned char*>(data.data()), data.size()) != 1)
    throw KeyError("cannot sign: " + openssl_reason());
  std::string sig(len, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len,
                     reinterpret_cast<const unsigned char*>(data.data()), data.size()) != 1)
    throw KeyError("cannot sign: " + openssl_reason());
  sig.resize(len);
  return sig;
}

std::string SigningKey::fingerprint() const { return fingerprint_of(impl_->key.get()); }
std::string SigningKey::public_key_pem() const { return public_pem(impl_->key.get()); }

VerifyKey VerifyKey::from_pem(std::string_view pem, const std::string& what) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  PkeyPtr key(bio ? PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr) : nullptr);
  if (!key) {
    // A private key file also names its public half.
    ERR_clear_error();
    BioPtr again(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    key.reset(again ? PEM_read_bio_PrivateKey(again.get(), nullptr, nullptr, nullptr) : nullptr);
  }
  if (!key) throw KeyError(what + " holds no readable public key: " + openssl_reason());
  require_ed25519(key.get(), what);
  auto impl = std::make_unique<Impl>();
  impl->key = std::move(key);
  return VerifyKey(std::move(impl));
}

VerifyKey VerifyKey::load(const std::filesystem::path& pem_file) {
  return from_pem(read_file(pem_file), pem_file.string());
}

bool VerifyKey::verify(std::string_view data, std::string_view signature) const {
  MdCtxPtr ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, impl_->key.get()) != 1) {
    ERR_clear_error();
    return false;
  }
  const int rc = EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                                  reinterpret_cast<const unsigned char*>(data.data()), data.size());
  ERR_clear_error();
  return rc == 1;
}

std::string VerifyKey::fingerprint() const { return fingerprint_of(impl_->key.get()); }

std::vector<VerifyKey> load_trusted_keys(const std::vector<std::filesystem::path>& files_or_dirs) {
  std::vector<VerifyKey> keys;
  for (const auto& p : files_or_dirs) {
    std::error_code ec;
    if (std::filesystem::is_directory(p, ec)) {
      std::vector<std::filesystem::path> pems;
      for (const auto& e : std::filesystem::directory_iterator(p, ec))
        if (e.path().extension() == ".pem" && e.is_regular_file(ec)) pems.push_back(e.path());
      std::sort(pems.begin(), pems.end());
      if (pems.empty()) throw KeyError(p.string() + " is a folder with no *.pem key file");
      for (const auto& f : pems) keys.push_back(VerifyKey::load(f));
    } else if (std::filesystem::exists(p, ec)) {
      keys.push_back(VerifyKey::load(p));
    } else {
      throw KeyError("no key file or folder at " + p.string());
    }
  }
  return keys;
}

void sign_manifest(const std::filesystem::path& dir, const SigningKey& key) {
  std::ifstream in(dir / run_files::kManifest, std::ios::binary);
  if (!in) throw KeyError("no manifest to sign in " + dir.string());
  std::ostringstream s;
  s << in.rdbuf();
  write_file_atomically(dir / kSignatureFile, key.sign(s.str()));
  write_file_atomically(dir / kSignerKeyFile, key.public_key_pem());
}

}  // namespace pumprig
