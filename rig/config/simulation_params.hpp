#pragma once
// Reads an instrument's `simulation:` block (kept as-is by the fixture loader) with the same
// strictness as the rest of the fixture: the simulated world names the keys it understands, and
// typos, bad units and wrong types become ConfigError at file:line:col.
#include <optional>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "rig/config/config_error.hpp"
#include "rig/config/units.hpp"

namespace pumprig {

class SimulationParams {
 public:
  // `block` and `where` are BalanceConfig/PumpConfig::simulation and simulation_where; an absent
  // block reads as empty (every getter returns its default). Throws ConfigError for a key not in
  // `allowed` (did-you-mean) or a block that is not a map.
  SimulationParams(const std::optional<YAML::Node>& block, const SourcePos& where, std::vector<std::string> allowed);

  bool has(const std::string& key) const;
  // In the dimension's canonical unit ("0.02 mg" -> 2e-5 g).
  double quantity(const std::string& key, Dimension d, double default_value) const;
  std::string text(const std::string& key, const std::string& default_value) const;
  // true/false, yes/no, on/off.
  bool flag(const std::string& key, bool default_value) const;
  // One of `choices` (did-you-mean).
  std::string choice(const std::string& key, const std::vector<std::string>& choices, const std::string& default_value) const;
  // Where a key's value was written (for the simulator's own messages); the block's position
  // when the key is absent.
  SourcePos where(const std::string& key) const;

 private:
  std::optional<YAML::Node> node_;
  SourcePos where_;
};

}  // namespace pumprig
