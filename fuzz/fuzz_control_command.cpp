// A line from a control-channel client (rig/control/PROTOCOL.md): any local process may connect
// and send anything. Parsing never throws; an accepted command has the fields the session relies
// on (an abort with a non-empty reason, a positive finite speed, a prompt answer with an id), and
// the error reply it would get is itself one valid JSON line.
#include <cmath>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "fuzz/fuzz_support.hpp"
#include "rig/control/control_protocol.hpp"

using namespace pumprig::control;
namespace fuzz = pumprig::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  const auto parsed = parse_client_command(line);
  if (const auto* error = std::get_if<CommandError>(&parsed)) {
    const std::string reply = reply_line("?", error->message);
    fuzz::require(reply.find('\n') == std::string::npos, "an error reply is one line");
    fuzz::require(nlohmann::json::accept(reply), "an error reply is valid JSON");
    return 0;
  }
  const ClientCommand& c = std::get<ClientCommand>(parsed);
  if (const auto* a = std::get_if<AbortCommand>(&c)) fuzz::require(!a->reason.empty(), "an abort has its reason");
  if (const auto* s = std::get_if<SpeedCommand>(&c)) fuzz::require(s->speed > 0 && std::isfinite(s->speed), "a speed is positive and finite");
  const std::string ok = reply_line(command_name(c), "");
  fuzz::require(nlohmann::json::accept(ok), "an ok reply is valid JSON");
  return 0;
}
