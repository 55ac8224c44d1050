#include "rig/core/os_identity.hpp"

#include <pwd.h>
#include <unistd.h>

#include <vector>

#include <fmt/format.h>

namespace pumprig {

std::string user_name(uid_t uid) {
  std::vector<char> buf(4096);
  passwd pw{};
  passwd* found = nullptr;
  if (::getpwuid_r(uid, &pw, buf.data(), buf.size(), &found) == 0 && found && found->pw_name) return found->pw_name;
  return fmt::format("uid {}", uid);
}

std::string current_user_name() { return user_name(::geteuid()); }

std::string host_name() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0) return "unknown";
  return buf;
}

}  // namespace pumprig
