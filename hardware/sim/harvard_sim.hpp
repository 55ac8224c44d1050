#pragma once
// A byte-faithful Harvard Apparatus Pump 11 Elite (the PHD ULTRA "Ultra" command set) on the
// instrument end of a link, driving a PumpMechanism of the station's world, as the NE-1000
// simulator does.
//
// Readings of the manual (PHD ULTRA user's manual 5419-002, "Pump chain commands" and "Internal
// commands"; the Pump 11 Elite shares the command set):
// - Requests: `[<addr>:]<command>[ <args>]` ended by CR (a following LF is part of the same end;
//   a bare LF also ends a request). Commands are case-insensitive and may be abbreviated to their
//   first four letters (`irat`, `diam`, `tvol`); a space must separate the arguments. Only a
//   nonzero address is written, so a request without one is for pump 0: a pump with another
//   address stays silent, as does every pump for a request addressed to another.
// - Replies: CR LF, then each text line ended by CR LF, then the prompt: `[<addr>]<prompt>` with
//   the pump's address as two digits when it is nonzero. Prompts: `:` idle, `>` infusing, `<`
//   withdrawing, `*` stalled, `T*` target reached. No echo of the request.
// - Errors are a text line of their own, then the prompt: `Unknown command` (a word the pump does
//   not know, or one not simulated), `Argument error` (arguments that cannot be read, or that a
//   command does not take), `Out of range` (a number beyond the pump's limits), `Command error`
//   (a command not possible now: diameter while running, irun or wrun without a rate).
// - `status`: "<rate fl/s> <time ms> <volume fl> <flags>" for the current direction, flags
//   `IiWw` direction (upper case while the motor runs), limit switch (always `.`), `S` stalled,
//   trigger input (always `.`), direction port `I`/`W`, and `T` target reached. The PHD ULTRA
//   manual lists five flags and the time in seconds; later firmware (the Legato/Elite family
//   documents it so) sends six flags and the time in ms: this simulator sends those, and the
//   driver's parser takes either.
// - `poll on|off` (query: `poll` answers "on" or "off"): with poll off (the power-up default) the
//   pump sends its prompt unprompted (CR LF then the prompt) when it stops by itself (stall,
//   target reached); with poll on it speaks only when spoken to.
// - Query replies: `irate`/`wrate` "25 ml/hr" (ul/hr below 1 ml/h), `diameter` "26.59 mm",
//   `tvolume` "10 ml" (ul below 1 ml) or "Target volume not set", `ivolume`/`wvolume` likewise,
//   `address` "0", `ver` "11 ELITE I/W Single 3.0.7". Numbers with up to 6 significant digits.
//
// Simplifications, chosen and documented here:
// - Simulated commands: ver, address, poll, diameter, irate, wrate, tvolume, ctvolume, ivolume,
//   wvolume, civolume, cwvolume, irun, wrun, stp, status. Methods, `baud`, `force`, `time`
//   commands and the rest answer `Unknown command`.
// - Rate limits follow the plunger speed range (a reading of the Pump 11 Elite data sheet):
//   190.7 mm/min maximum and 0.18 um/min minimum linear speed, times the syringe area. Diameter
//   0.1-50.0 mm (the NE-1000's range; the Elite's syringe table ends below that).
// - An occlusion (the world's force limit, PumpMechanism::occlusion_alarm) stops the mechanism by
//   itself; the pump shows `*` (and flag S) until stp or irun. A stall of any other kind stops the
//   motor the same way.
// - A target volume stops the run when this run's infused volume (counted since civolume) reaches
//   it, and the pump shows `T*` until irun, stp, civolume, tvolume or ctvolume. irun with the
//   target already reached answers `T*` without moving.
// - irun while infusing answers `>` and changes nothing, so a resent irun is harmless.
// - While running the pump looks at its motor every 100 ms (stall, empty syringe) and at the
//   exact moment the target is reached.
// - Settings (address, diameter, rates, target, poll mode) survive power_cycle(); the volumes do
//   not.
// - The unit spellings it accepts (m/u/µ/n/p l, per h/hr/min/m/s/sec) and its number format (6
//   significant digits, zeros trimmed) come from the driver's pure protocol module, so the two
//   read one table; the manual gives the spellings only by example (`ul/min`, `ml/hr`).
// - The power-up reply, the `baud` setting and echo are not simulated (the link's own settings
//   stand for the baud rate).
#include <cstdint>
#include <set>
#include <span>
#include <string>

#include "hardware/sim/world_views.hpp"
#include "rig/core/event_loop.hpp"
#include "rig/link/link.hpp"

namespace pumprig::sim {

struct SimHarvardIdentity {
  std::string model = "11 ELITE I/W Single";  // as ver spells it
  std::string firmware = "3.0.7";
  std::string serial = "SIM-H0001";  // never on the wire; the fixture layer reports it
  std::string version_string() const { return model + " " + firmware; }
};

struct SimHarvardOptions {
  int address = 0;                   // 0-99
  Nanos latency = milliseconds(5);   // from the end of a request to the start of the reply
  SimHarvardIdentity identity{};
  double diameter_mm = 26.59;        // in the pump's memory at power-up
};

class SimHarvardPump {
 public:
  // `link` and `mechanism` must outlive this.
  SimHarvardPump(Link& link, EventLoop& loop, PumpMechanism& mechanism, SimHarvardOptions options = {});
  ~SimHarvardPump();
  SimHarvardPump(const SimHarvardPump&) = delete;
  SimHarvardPump& operator=(const SimHarvardPump&) = delete;

  // Power loss: the mechanism stops and the volumes are lost; settings are kept.
  void power_cycle();

  // Fault injection.
  void set_silent(bool silent);      // ignore every byte received (no execution, no reply)
  void inject_garbage_next_reply();  // line noise before the next reply
  void set_latency(Nanos latency) { options_.latency = latency; }  // slow replies

  // Observers for tests.
  const SimHarvardIdentity& identity() const { return options_.identity; }
  int address() const { return address_; }
  bool poll_mode() const { return poll_; }
  bool running() const { return running_; }
  bool stalled() const { return stalled_; }
  bool target_reached() const { return target_reached_; }
  std::string prompt_now() const { return prompt(); }
  double diameter_mm() const { return diameter_mm_; }
  double infuse_rate_ml_h() const { return irate_ml_h_; }
  double target_ml() const { return target_ml_; }  // 0: none
  double infused_ml();
  std::uint64_t commands_executed() const { return commands_; }
  std::uint64_t replies_sent() const { return replies_; }
  std::uint64_t unprompted_sent() const { return unprompted_; }

  static double max_rate_ml_h(double diameter_mm);
  static double min_rate_ml_h(double diameter_mm);

 private:
  struct Reply {
    std::vector<std::string> lines;
  };

  void on_bytes(std::span<const std::uint8_t> bytes);
  void on_line(const std::string& line);
  void execute(const std::string& command, const std::string& args, Nanos t, Reply& reply);
  void set_rate(bool infuse, const std::string& args, Nanos t, Reply& reply);
  void query_volume(double ml, Reply& reply);
  void run(bool infuse, Nanos t, Reply& reply);
  void stop_motor(Nanos t);
  void update(Nanos t);
  void fold(Nanos t);
  void arm_watch(Nanos t);
  std::string prompt() const;
  void send(const std::vector<std::string>& lines);

  Link& link_;
  EventLoop& loop_;
  PumpMechanism& mech_;
  SimHarvardOptions options_;

  // Settings.
  int address_;
  bool poll_ = false;
  double diameter_mm_;
  double irate_ml_h_ = 0.0;
  double wrate_ml_h_ = 0.0;
  double target_ml_ = 0.0;

  // State.
  bool running_ = false;
  bool infusing_ = true;  // the current direction (status reports for it)
  bool stalled_ = false;
  bool target_reached_ = false;
  double counted_origin_ml_ = 0.0;  // motor volume already folded into the volumes
  double infused_ml_ = 0.0;
  double withdrawn_ml_ = 0.0;
  Nanos infuse_time_ns_ = 0;
  Nanos withdraw_time_ns_ = 0;
  Nanos time_origin_ = 0;

  // Receive state.
  std::string line_;
  bool after_cr_ = false;
  bool overlong_ = false;

  bool silent_ = false;
  bool garbage_next_ = false;
  TimerId watch_ = 0;
  std::set<TimerId> pending_;
  std::uint64_t commands_ = 0;
  std::uint64_t replies_ = 0;
  std::uint64_t unprompted_ = 0;
};

}  // namespace pumprig::sim
