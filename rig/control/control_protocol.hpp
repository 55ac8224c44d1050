#pragma once
// The control channel's messages (PROTOCOL.md): one JSON object per line, each with a "type".
// Pure: text in, text out; the server and the dashboard both use these, so the two ends cannot
// drift apart. Everything the controller sends is valid UTF-8 JSON even when an instrument's
// garbled bytes are quoted in an event (invalid bytes become U+FFFD).
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "rig/core/rig_event.hpp"
#include "rig/runner/operator.hpp"
#include "rig/session/run_observer.hpp"
#include "rig/session/run_snapshot.hpp"

namespace pumprig::control {

inline constexpr std::string_view kProtocol = "pumprig.control/1";

// Readings of one station since the previous snapshot, in loop time.
struct StationReadings {
  std::vector<double> t_s, mass_g;
  std::vector<bool> stable;
  std::vector<double> io_t_s, pressure_mmhg;
  std::vector<bool> occluder_closed, alarm;
};

struct HelloInfo {
  std::string software_version;
  int pid = 0;
  std::string user;         // who runs the controller
  std::string socket_path;
  std::string suite_id;     // empty for a single scenario
  std::optional<RunStarted> run;  // none until the first run stands
  std::vector<OperatorPrompt> open_prompts;
};

// Controller → client.
std::string hello_line(const HelloInfo& hello);
std::string run_started_line(const RunStarted& run);
std::string event_line(const RigEvent& event);
std::string prompt_line(const OperatorPrompt& prompt);
std::string prompt_closed_line(int id, const OperatorAnswer& answer);
// `readings` is parallel to snapshot.stations (an empty one where a station has none); `wall_s`
// is the controller's wall time since the run started.
std::string snapshot_line(const RunSnapshot& snapshot, const std::vector<StationReadings>& readings, double wall_s);
struct FinishedInfo {
  std::string run_id, run_dir;
  std::string verdict;       // "PASS", "FAIL", "INCONCLUSIVE", "ABORTED", "MEASURED"
  std::string reason;        // why aborted or inconclusive
  int exit_code = 0;
  nlohmann::json tests = nlohmann::json::array();  // [{id, station, kind, verdict}]
};
std::string finished_line(const FinishedInfo& finished);
std::string reply_line(std::string_view command, const std::string& refused);  // "ok" or "error"
std::string dropped_line(const std::string& why);

// Client → controller.
struct ClientHello { std::string client; };
struct AnswerCommand { int prompt = 0; bool confirmed = true; std::string text; };
struct AbortCommand { std::string reason; };
struct PauseCommand { std::string station; };   // empty: every station
struct ResumeCommand { std::string station; };
struct SpeedCommand { double speed = 1.0; };
using ClientCommand = std::variant<ClientHello, AnswerCommand, AbortCommand, PauseCommand, ResumeCommand, SpeedCommand>;

struct CommandError { std::string message; };
// Never throws: a line that is not a command gets an error a client's author can act on.
std::variant<ClientCommand, CommandError> parse_client_command(std::string_view line);
std::string_view command_name(const ClientCommand& command);

// Dumps with invalid UTF-8 replaced: the one serialiser of this protocol.
std::string dump_line(const nlohmann::json& message);

}  // namespace pumprig::control
