// The scenario (pumprig.scenario/1) loader on any text. A bad file must end in an exception the CLI reports
// (ConfigError with file:line:col), never a crash, a hang or undefined behaviour.
#include <exception>
#include <string>

#include "fuzz/fuzz_support.hpp"
#include "rig/config/config_error.hpp"
#include "rig/config/scenario.hpp"
#include "rig/kinds/scenario_loading.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pumprig;
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    (void)load_scenario_text(text, "fuzz-scenario.yaml");
  } catch (const ConfigError& e) {
    (void)e.what();
  } catch (const std::exception& e) {
    // Not the loader's contract, but the CLI reports it (exit 2) rather than crashing.
    (void)e.what();
  }
  return 0;
}
