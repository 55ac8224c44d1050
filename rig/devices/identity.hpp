#pragma once
#include <string>

namespace pumprig {

// What an instrument says it is; every instrument's identity goes into the run record.
struct InstrumentIdentity {
  std::string manufacturer;  // "Mettler Toledo", "New Era Pump Systems"
  std::string model;         // "XPR205 220 g", "NE-1000"
  std::string serial;        // "SIM-B0001" for simulated instruments
  std::string firmware;      // "3.928"
  std::string protocol;      // "MT-SICS level 012, V0 2.20, V1 2.20, V2 2.20", "NE-1000 safe mode"
  // The firmware's part or material number when the instrument states one (MT-SICS I5), e.g.
  // "11671158C"; empty when it does not.
  std::string software_number;
};

}  // namespace pumprig
