// The simulated balance's commands that do not weigh: identification (I0 to I5), the display
// (D, DW) and the keys (K). The wire forms are in mtsics_sim.hpp.
#include <set>

#include <fmt/format.h>

#include "hardware/sim/mtsics_sim.hpp"
#include "hardware/sim/mtsics_sim_commands.hpp"

namespace pumprig::sim {

namespace {

// The MT-SICS version the simulator states for each level it implements (I1's V0 to V3).
constexpr const char* kLevelVersion = "2.20";

}  // namespace

void SimMtsicsBalance::answer_identification(const std::string& word) {
  if (word == "I0") {
    const auto commands = implemented_mtsics_commands(options_.supports_cancel, options_.level0_identity);
    for (std::size_t i = 0; i < commands.size(); ++i)
      send_line(fmt::format("I0 {} {} \"{}\"", i + 1 < commands.size() ? 'B' : 'A', commands[i].level, commands[i].word));
  } else if (word == "I1") {
    // The levels are those I0 lists, so the two never disagree.
    std::set<int> levels;
    for (const auto& c : implemented_mtsics_commands(options_.supports_cancel, options_.level0_identity))
      levels.insert(c.level);
    std::string level_text, versions;
    for (int level = 0; level <= 3; ++level) {
      const bool has = levels.count(level) > 0;
      if (has) level_text += static_cast<char>('0' + level);
      versions += fmt::format(" \"{}\"", has ? kLevelVersion : "");
    }
    send_line(fmt::format("I1 A \"{}\"{}", level_text, versions));
  } else if (word == "I2") {
    const BalanceView v = view();
    std::string capacity = weight_field(physics_.capacity_g(), v.decimals);
    capacity.erase(0, capacity.find_first_not_of(' '));
    send_line(fmt::format("I2 A \"{} {} {}\"", identity_.model, capacity, options_.unit));
  } else if (word == "I3") {
    send_line(fmt::format("I3 A \"{}\"", identity_.firmware));
  } else if (word == "I4") {
    send_line(fmt::format("I4 A \"{}\"", identity_.serial));
  } else if (word == "I5") {
    send_line(fmt::format("I5 A \"{}\"", identity_.software_number));
  } else {
    send_line("ES");
  }
}

void SimMtsicsBalance::answer_display_or_keys(const std::string& word, const std::string& params) {
  if (word == "D") {
    auto text = parse_display_text(params);
    if (!text) return send_line("D L");
    display_text_ = std::move(text);
    send_line("D A");
  } else if (word == "DW") {
    display_text_.reset();
    send_line("DW A");
  } else {
    const auto mode = parse_keys_mode(params);
    if (!mode) return send_line("K L");
    keys_mode_ = *mode;
    send_line("K A");
  }
}

}  // namespace pumprig::sim
