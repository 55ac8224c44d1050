#pragma once
// How a simulated NE-1000 reads the text of a request, basic or safe: pure, no state.
//
// The manual (RS-232 protocol, basic mode): the pump strips every space and control character
// from the command data and converts it to upper case, so `dir inf`, `DIR INF` and `DIRINF` are
// one command. With the spaces gone the command word cannot be found by "letters up to the
// first space": `DIRINF` would read as one word. The pump's commands are three letters, so the
// word is the first three letters when they name a command this simulator implements, and the
// rest is its data (`RAT1000UM` -> RAT, "1000UM"). The same reading is applied to safe-mode
// payloads: a pump is as liberal there as in basic mode.
//
// Addresses: 0-2 digits (0-99), or `*`, the system address that every pump on the bus obeys
// (a lone pump answers it as it would its own address). No address: the pump answers.
#include <optional>
#include <string>
#include <string_view>

namespace pumprig::sim {

// Spaces and control characters (below 0x20, and DEL) removed, letters upper-cased.
std::string normalize_ne1000_request(std::string_view raw);

struct Ne1000Request {
  std::optional<int> address;  // nullopt: none given
  bool system_address = false; // `*`
  std::string command;         // "RAT", "" for the status poll; unknown words stay here whole
  std::string data;            // "1000UM"
  bool known = false;          // `command` is one the simulator implements (or the poll)
};

// `normalized` is what normalize_ne1000_request returned.
Ne1000Request split_ne1000_request(std::string_view normalized);

}  // namespace pumprig::sim
