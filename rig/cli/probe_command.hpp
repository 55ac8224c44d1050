#pragma once
// `pumprig probe CONNECTION --driver mtsics|ne1000|harvard|rigio`: is the instrument there and what is it?
// Opens the link, identifies the instrument through its driver (the same connect() a run uses),
// prints its identity and a few readings (balance: SI weights with the stable flag; pump: status
// and dispensed volume), and leaves an NE-1000 stopped and in basic mode. `sim:` probes an
// in-process simulated instrument of the embedded bench (virtual time), for a demo.
#include <ostream>
#include <string>

namespace CLI {
class App;
}

namespace pumprig {

struct ProbeOptions {
  std::string connection;      // "tty:/dev/pts/7?baud=9600", "serial:/dev/ttyUSB0?baud=9600", "sim:"
  std::string driver;          // a registered driver name: "mtsics", "ne1000", "harvard", "rigio"
  int readings = 3;            // balance readings to take (1-1000)
  int address = 0;             // NE-1000 network address
  double reply_timeout_s = 1.0;
  int attempts = 3;
};

// 0 when the instrument answered as its driver expects; 2 with a message on `err` naming the
// device otherwise (bad connection string, missing port, no or wrong reply after the retries).
int probe_instrument(const ProbeOptions& options, std::ostream& out, std::ostream& err);

void add_probe_command(CLI::App& app, int& exit_code);

}  // namespace pumprig
