#pragma once
// The simulated MT-SICS balance's command table and the readers of its commands' parameters:
// which words it answers at which MT-SICS level (exactly what I0 lists and I1 sums up), and the
// parameters of D, K, SR, SNR and TA. Pure, so the table and every accepted or refused parameter are
// testable without a link.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pumprig::sim {

struct MtsicsCommandInfo {
  std::string word;
  int level = 0;                  // the MT-SICS level I0 states for it
  bool takes_parameters = false;  // false: any parameter makes the line a syntax error (ES)
  bool refused_when_busy = false;  // answered "<ID> I" while the balance is busy (set_busy)
};

// What the simulator answers, in I0's order: by level, each level as the manual lists it. C needs
// `supports_cancel`; I0, I1 and I5 need `level0_identity` (older balances answer them ES).
std::vector<MtsicsCommandInfo> implemented_mtsics_commands(bool supports_cancel, bool level0_identity);

// A command line cut at its first space: the word, and the parameters with the spaces before
// them dropped (a client sending two spaces is understood, as a real balance understands it).
struct MtsicsCommandLine {
  std::string word;
  std::string params;
};
MtsicsCommandLine split_mtsics_command(std::string_view line);

// D's parameter: one quoted text, e.g. "SAMPLE 1" (spaces kept; a quote inside it is kept as a
// character, MT-SICS has no escape). Nothing when the parameter is not one quoted text.
std::optional<std::string> parse_display_text(std::string_view params);

// K's parameter: the keys mode 1 to 4. Nothing for anything else.
std::optional<int> parse_keys_mode(std::string_view params);

// A weight parameter, "<value> <unit>" (SR's and SNR's preset change, TA's preset tare): a
// number without sign or exponent in g, mg or kg (units are case-sensitive, as on the balance),
// in grams. Nothing for anything else.
std::optional<double> parse_weight_parameter(std::string_view params);

}  // namespace pumprig::sim
