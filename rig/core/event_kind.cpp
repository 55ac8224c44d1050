#include "rig/core/event_kind.hpp"

#include <array>
#include <ostream>

namespace pumprig {

namespace {

struct KindInfo {
  EventKind kind;
  const char* name;
  EventSeverity severity;
  bool procedure;
};

using S = EventSeverity;
constexpr std::array<KindInfo, 28> kKinds{{
    {EventKind::station, "station", S::normal, true},
    {EventKind::step, "step", S::normal, true},
    {EventKind::prompt, "prompt", S::normal, true},
    {EventKind::answer, "answer", S::normal, true},
    {EventKind::tare, "tare", S::normal, true},
    {EventKind::check_weight, "check_weight", S::normal, true},
    {EventKind::pump, "pump", S::normal, true},
    {EventKind::record, "record", S::normal, true},
    {EventKind::wait, "wait", S::normal, true},
    {EventKind::occluder, "occluder", S::normal, true},
    {EventKind::door, "door", S::normal, true},
    {EventKind::collect, "collect", S::normal, true},
    {EventKind::pause, "pause", S::warn, true},
    {EventKind::teardown, "teardown", S::normal, true},
    {EventKind::identity, "identity", S::normal, false},
    {EventKind::info, "info", S::normal, false},
    {EventKind::io, "io", S::normal, false},
    {EventKind::stream, "stream", S::warn, false},
    {EventKind::reading, "reading", S::warn, false},
    {EventKind::alarm, "alarm", S::warn, false},
    {EventKind::retry, "retry", S::warn, false},
    {EventKind::line_noise, "line_noise", S::warn, false},
    {EventKind::garbled, "garbled", S::warn, false},
    {EventKind::deviation, "deviation", S::warn, false},
    {EventKind::wire_log_truncated, "wire_log_truncated", S::warn, false},
    {EventKind::fault, "fault", S::fail, false},
    {EventKind::interlock, "interlock", S::fail, false},
    {EventKind::abort, "abort", S::fail, false},
}};

const KindInfo& info_of(EventKind kind) {
  for (const auto& k : kKinds)
    if (k.kind == kind) return k;
  return kKinds.front();  // unreachable: every enumerator is in the table (event_kind_test)
}

}  // namespace

const char* to_string(EventKind kind) { return info_of(kind).name; }

std::optional<EventKind> parse_event_kind(std::string_view name) {
  for (const auto& k : kKinds)
    if (name == k.name) return k.kind;
  return std::nullopt;
}

EventSeverity severity_of(EventKind kind) { return info_of(kind).severity; }
bool is_procedure(EventKind kind) { return info_of(kind).procedure; }
std::ostream& operator<<(std::ostream& out, EventKind kind) { return out << to_string(kind); }

}  // namespace pumprig
