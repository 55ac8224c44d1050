#pragma once
// A simulated Sartorius balance speaking SBI: the instrument end of a link, from the same
// BalancePhysics view of the station's world as the MT-SICS simulator.
//
// The wire, as the SBI section of the manuals describes it (docs: /work/shared/reference/
// protocols.md, "Sartorius SBI"), and how this simulator reads it:
// - Commands are ESC and letters: ESC P print the displayed value, ESC T tare/zero (zero when the
//   load is within the zero range, else tare), ESC U tare only, ESC V zero only, ESC x1_ model,
//   ESC x2_ serial number, ESC x3_ software version. CR LF after a command is optional and
//   ignored; so is every byte outside an ESC sequence (liberal input). Unknown ESC commands
//   (the manual's ESC K..ESC S filter, key and self-test commands) are counted and ignored:
//   SBI has no error reply.
// - Output (strict): 16 characters, "<sign> <8-char value> <3-char unit>" CR LF, the value with
//   its decimal point right-justified with blanks, the sign '+' or '-' (a blank for zero); with
//   `id_field`, the 22-character form with a 6-character ID in front ("G     " gross, "N     "
//   net once a tare is held). There is no stability flag: the unit field is blank while the
//   display is not stable. Overload prints "H", underload "L" in the value field. A value with
//   more digits than the field holds loses decimals (the display's own choice when a 0.01 mg
//   balance passes 100 g): the simulator never widens the line.
// - Identity replies are the text alone, CR LF.
// - Tare and zero act when the display is stable (within `stable_timeout`, otherwise not at
//   all) and print nothing; commands are worked off in arrival order, a waiting tare holding the
//   ones behind it, each after a processing latency.
// - Auto print is a menu setting, not a command: with `auto_print` the balance prints a line at
//   its update rate from power-up on, whatever the host sends; ESC P then prints one line more.
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>

#include "hardware/sim/world_views.hpp"
#include "rig/core/event_loop.hpp"
#include "rig/link/link.hpp"

namespace pumprig::sim {

struct SimSartoriusIdentity {
  std::string model = "MSA225S";     // Cubis semi-micro, 220 g x 0.01 mg
  std::string serial = "SIM-S0001";  // simulated instruments identify as such: must start with SIM-
  std::string firmware = "00-37-09-sim";
};

struct SimSartoriusOptions {
  Nanos reply_latency = milliseconds(20);  // processing time before a command acts or is answered
  bool auto_print = false;                 // menu setting: print continuously at print_rate_hz
  double print_rate_hz = 5.0;
  bool id_field = false;                   // 22-character lines with the G/N ID in front
  Nanos stable_timeout = seconds(5);       // tare or zero not executed when not stable by then
  Nanos stability_check_interval = milliseconds(50);
  std::string unit = "g";                  // display unit: "g", "mg" or "kg"
  double zero_range_fraction = 0.02;       // ESC T zeroes within +-2 % of capacity, tares above
  std::size_t max_queued_commands = 16;    // a real balance's input buffer is finite too
};

class SimSartoriusBalance {
 public:
  // `link` and `physics` must outlive the simulator. Throws std::invalid_argument for a serial
  // number without the SIM- prefix or an unusable option.
  SimSartoriusBalance(EventLoop& loop, Link& link, BalancePhysics& physics, SimSartoriusIdentity identity = {},
                      SimSartoriusOptions options = {});
  ~SimSartoriusBalance();
  SimSartoriusBalance(const SimSartoriusBalance&) = delete;
  SimSartoriusBalance& operator=(const SimSartoriusBalance&) = delete;

  // Fault injection, as on the MT-SICS simulator.
  void set_silent(bool silent) { silent_ = silent; }          // commands still act, nothing is sent
  void inject_garbage_next_line() { garbage_next_ = true; }     // next line goes out with bit 7 set
  void inject_next_line(std::string line) { injected_.push_back(std::move(line)); }  // e.g. "Err 54"
  void set_busy(bool busy) { busy_ = busy; }  // tare and zero are ignored (a balance in a menu or calibrating)
  void set_auto_print(bool on);
  void set_notice(std::function<void(const std::string&)> fn) { notice_ = std::move(fn); }

  double zero_offset_g() const { return zero_offset_g_; }
  double tare_g() const { return tare_g_; }
  bool auto_printing() const { return options_.auto_print; }
  std::uint64_t count(const std::string& command) const;  // "P", "T", "U", "V", "x1_", ... ; "?" unknown
  std::uint64_t lines_sent() const { return lines_sent_; }
  std::uint64_t dropped_commands() const { return dropped_commands_; }
  const SimSartoriusIdentity& identity() const { return identity_; }

  // The line the balance would print now (without CR LF), for tests.
  std::string weight_line();

 private:
  void on_bytes(std::span<const std::uint8_t> bytes);
  void on_command(std::string command);
  void pump();
  void execute(const std::string& command);
  void check_wait();
  void finish();
  void schedule_print();
  void send_line(const std::string& line);

  double net_g(const BalanceView& v) const { return v.displayed_g - zero_offset_g_ - tare_g_; }
  std::string value_field(double grams, int decimals) const;

  EventLoop& loop_;
  Link& link_;
  BalancePhysics& physics_;
  SimSartoriusIdentity identity_;
  SimSartoriusOptions options_;

  // Receive: after ESC, the command letters collected so far (an 'x' waits for its digit and _).
  bool in_escape_ = false;
  std::string escape_;

  std::deque<std::string> queue_;
  bool processing_ = false;
  TimerId exec_timer_ = 0;
  TimerId check_timer_ = 0;
  std::string wait_command_;  // "T", "U" or "V" while waiting for stability
  Nanos wait_deadline_ = 0;

  Nanos print_start_ = 0;
  std::int64_t print_count_ = 0;
  TimerId print_timer_ = 0;

  double zero_offset_g_ = 0.0;
  double tare_g_ = 0.0;

  bool silent_ = false;
  bool garbage_next_ = false;
  bool busy_ = false;
  std::deque<std::string> injected_;

  std::map<std::string, std::uint64_t> counts_;
  std::uint64_t lines_sent_ = 0;
  std::uint64_t dropped_commands_ = 0;
  std::function<void(const std::string&)> notice_;
};

}  // namespace pumprig::sim
