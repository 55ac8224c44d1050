#include "hardware/sim/pty_fixture.hpp"

#include <yaml-cpp/yaml.h>

#include <fmt/format.h>

namespace pumprig::sim {

namespace {

void serve_instrument(YAML::Node instrument, const std::vector<ServedInstrument>& served) {
  if (!instrument || !instrument.IsMap() || !instrument["name"]) return;
  const std::string name = instrument["name"].as<std::string>();
  for (const auto& s : served) {
    if (s.name != name) continue;
    instrument["connection"] = s.connection();
    instrument.remove("simulation");
  }
}

}  // namespace

std::string pty_fixture_text(const Fixture& source, const std::vector<ServedInstrument>& served, double speed,
                             std::uint64_t seed) {
  YAML::Node root = YAML::Load(source.text);
  for (YAML::Node station : root["stations"]) {
    serve_instrument(station["balance"], served);
    serve_instrument(station["pump"], served);
    serve_instrument(station["io_board"], served);
  }
  // Rebuilt to put `seed` and `speed` where a reader looks for them, before the stations.
  YAML::Node out(YAML::NodeType::Map);
  const auto add_run_keys = [&] {
    out["seed"] = seed;
    out["speed"] = fmt::format("{}", speed);  // shortest text that reads back exactly
  };
  bool added = false;
  for (const auto& kv : root) {
    const std::string key = kv.first.as<std::string>();
    if (key == "seed" || key == "speed") continue;
    if (key == "stations" && !added) {
      add_run_keys();
      added = true;
    }
    out[key] = kv.second;
  }
  if (!added) add_run_keys();

  YAML::Emitter emitter;
  emitter << out;
  std::string text = fmt::format(
      "# Written by pumprig-sim from {}:\n"
      "# its simulated instruments on pseudo-terminals, valid while that pumprig-sim runs.\n"
      "# Its clock runs at {}x real time (`speed`); `pumprig run` uses the same speed unless\n"
      "# --speed says otherwise, and both ends must agree.\n",
      source.source, speed);
  text += emitter.c_str();
  text += "\n";
  return text;
}

}  // namespace pumprig::sim
