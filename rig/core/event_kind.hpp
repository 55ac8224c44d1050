#pragma once
// Every kind of event the rig records (events.jsonl `kind`), in one place: its name in the record,
// how serious it is for a reader (reports colour and count it), and whether it is part of the
// procedure as performed (each one its own row in a report, never collapsed with repeats). An
// emitter can only name a kind that exists here; a reader of an older or foreign record parses
// the name and treats an unknown one as ordinary.
#include <iosfwd>
#include <optional>
#include <string_view>

namespace pumprig {

enum class EventKind {
  // The procedure as performed.
  station, step, prompt, answer, tare, check_weight, pump, record, wait, occluder, door, collect, pause, teardown,
  // What the instruments said and did.
  identity, info, io, stream, reading, alarm,
  // Trouble: kept going, or not.
  retry, line_noise, garbled, deviation, wire_log_truncated, fault, interlock, abort,
};

enum class EventSeverity { normal, warn, fail };

const char* to_string(EventKind kind);
std::optional<EventKind> parse_event_kind(std::string_view name);
EventSeverity severity_of(EventKind kind);
// A step of the procedure: each such event is its own row in a report.
bool is_procedure(EventKind kind);
std::ostream& operator<<(std::ostream& out, EventKind kind);

}  // namespace pumprig
