#pragma once
// What build of pumprig made a record: its version (CMake's project version) and the git commit
// of the source tree it was built from (cmake/source_revision.cmake writes it on every build),
// so an auditor can tie a run to the exact code.
#include <string_view>

namespace pumprig {

inline constexpr std::string_view kSoftwareVersion = PUMPRIG_VERSION;
// "<40 hex digits>", with "+modified" when the tree had uncommitted changes, or "unknown".
std::string_view source_revision();

}  // namespace pumprig
