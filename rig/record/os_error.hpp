#pragma once
// Write errors (disk full, permission, I/O) must reach the runner as exceptions that name the
// file and the OS reason, so it can abort to the safe state and tell the tester what happened.
#include <cerrno>
#include <filesystem>
#include <string>
#include <system_error>

namespace pumprig {

// Throws std::system_error whose what() reads "<action> <path>: <strerror(err)>".
[[noreturn]] inline void throw_os_error(int err, const std::string& action, const std::filesystem::path& path) {
  throw std::system_error(err, std::generic_category(), action + " " + path.string());
}

}  // namespace pumprig
