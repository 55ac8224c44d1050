#pragma once
// Who and where, as the operating system says: the name of a user id (from the password
// database, never from $USER, which anyone can set) and the host's name. The run record names the
// user who ran it, the control channel the user it serves and each client that connects.
#include <sys/types.h>

#include <string>

namespace pumprig {

// The user's name, or "uid N" when the password database has none.
std::string user_name(uid_t uid);
// The name of the effective user of this process.
std::string current_user_name();
// The host's name, or "unknown".
std::string host_name();

}  // namespace pumprig
