#pragma once
// Connecting to a local control socket: the one way the server (is someone there?), the
// dashboard and the benchmarks open one.
#include <filesystem>

namespace pumprig::control {

// A connected stream socket (close-on-exec), or -1 when nothing accepts at `path` or the path
// does not fit a Unix socket address.
int connect_unix_socket(const std::filesystem::path& path);

}  // namespace pumprig::control
