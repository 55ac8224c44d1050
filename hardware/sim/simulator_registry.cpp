#include "hardware/sim/simulator_registry.hpp"

#include "hardware/sim/simulated_station.hpp"

namespace pumprig::sim {

const std::vector<SimulatorEntry>& simulator_registry() {
  // One line per simulator.
  static const std::vector<SimulatorEntry> simulators{
      {"mtsics", InstrumentRole::balance, "an MT-SICS balance",
       [](SimulatedStation& s, EventLoop& loop, std::unique_ptr<Link> end) { s.serve_balance(loop, std::move(end)); }},
      {"sartorius", InstrumentRole::balance, "a Sartorius SBI balance",
       [](SimulatedStation& s, EventLoop& loop, std::unique_ptr<Link> end) { s.serve_sartorius_balance(loop, std::move(end)); }},
      {"ne1000", InstrumentRole::pump, "an NE-1000 pump",
       [](SimulatedStation& s, EventLoop& loop, std::unique_ptr<Link> end) { s.serve_pump(loop, std::move(end)); }},
      {"harvard", InstrumentRole::pump, "a Harvard Apparatus Pump 11 Elite",
       [](SimulatedStation& s, EventLoop& loop, std::unique_ptr<Link> end) { s.serve_harvard_pump(loop, std::move(end)); }},
      {"rigio", InstrumentRole::io_board, "the rig I/O board",
       [](SimulatedStation& s, EventLoop& loop, std::unique_ptr<Link> end) { s.serve_io_board(loop, std::move(end)); }},
  };
  return simulators;
}

const SimulatorEntry* find_simulator(std::string_view driver, InstrumentRole role) {
  for (const auto& s : simulator_registry())
    if (s.driver == driver && s.role == role) return &s;
  return nullptr;
}

}  // namespace pumprig::sim
