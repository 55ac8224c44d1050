#pragma once
// The hash chain over events.jsonl: every event line ends with a "chain" field,
//   {"t_s":...,"data":{...},"chain":"<64 hex>"}
// where chain_n = SHA-256(chain_{n-1} as 64 hex characters || body_n), body_n being the line's
// bytes with the trailing `,"chain":"<hex>"` removed (so it ends in '}' like an unchained
// line), and chain_0 = SHA-256("pumprig events chain v1"). Editing, removing, inserting or
// reordering any line breaks the chain at that line or the next; removing lines at the end is
// caught by the head the recorder writes to run.json at finish (and by the manifest).
//
// Check with Python:
//   prev = sha256(b"pumprig events chain v1").hexdigest()
//   for line in lines: body = line[:-76] + "}"; prev = sha256((prev + body).encode()).hexdigest()
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pumprig {

inline constexpr std::string_view kEventChainGenesisText = "pumprig events chain v1";

// chain_0: SHA-256 of kEventChainGenesisText, hex.
const std::string& event_chain_genesis();

// `line` is a JSON object text ending in '}'; appends the chain field before that brace and
// returns the new chain value. Throws std::invalid_argument when line does not end in '}'.
std::string chain_event_line(std::string& line, const std::string& previous_chain);

struct ChainedLine {
  std::string body;   // the line without its chain field
  std::string chain;  // the recorded chain value
};
// Splits a chained line; nullopt when the line does not end in a well-formed chain field.
std::optional<ChainedLine> split_chained_line(std::string_view line);

struct EventChainCheck {
  enum class State { absent, intact, broken };
  State state = State::absent;      // absent: no line carries a chain (a record from before chaining)
  std::size_t lines = 0;            // complete lines checked
  std::size_t broken_line = 0;      // 1-based, when broken
  std::string problem;              // why it is broken
  std::string head;                 // chain value of the last good line
  std::vector<std::string> notes;   // a torn last line that was left out

  bool intact() const { return state == State::intact; }
  // "intact (812 lines)", "broken at line 17: ...", "absent".
  std::string describe() const;
};

// Checks the chain of an events.jsonl. A torn last line (no newline: cut off by a crash) is left
// out with a note; any other line that does not follow from the previous one breaks the chain.
// Throws std::system_error when the file cannot be read.
EventChainCheck check_event_chain(const std::filesystem::path& events_jsonl);

}  // namespace pumprig
