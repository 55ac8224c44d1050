#pragma once
#include <string>

namespace pumprig {

// What an instrument says it is; every instrument's identity goes into the run record.
struct InstrumentIdentity {
  std::string manufacturer;  // "Mettler Toledo", "New Era Pump Systems"
  std::string model;         // "XPR205 220 g", "NE-1000"
  std::string serial;        // "SIM-B0001" for simulated instruments
  std::string firmware;      // "3.928"
  std::string protocol;      // "MT-SICS", "NE-1000 safe mode"
};

}  // namespace pumprig
