#pragma once
// Something worth recording in events.jsonl: a step, a retry, a fault, an operator answer.
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "rig/core/event_kind.hpp"
#include "rig/core/time.hpp"

namespace pumprig {

struct RigEvent {
  Nanos t_ns = 0;
  EventKind kind = EventKind::info;  // the vocabulary is event_kind.hpp
  std::string source;   // station, instrument or "runner"
  std::string message;  // one line a tester can read
  nlohmann::json data = nlohmann::json::object();
};

using EventSink = std::function<void(RigEvent)>;

}  // namespace pumprig
