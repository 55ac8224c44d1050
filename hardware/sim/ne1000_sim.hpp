#pragma once
// A byte-faithful New Era NE-1000 syringe pump on the instrument end of a link, driving a
// PumpMechanism of the station's physical world.
//
// Wire behaviour (see /work/shared/reference/protocols.md, NE-1000 section):
// - Basic mode: requests `[addr]CMD[ data] CR` (LF ignored); replies
//   `STX <addr 2 digits> <prompt> [data] ETX`. Prompts: I infusing, W withdrawing, S stopped,
//   X purging. Errors follow the prompt: `?` unknown command or unreadable data, `?NA` not
//   applicable now, `?OOR` out of range, `?COM` invalid packet.
// - Safe mode (`SAF n`, n = 1..255 s): requests and replies are framed
//   `STX LEN payload CRC_hi CRC_lo ETX`, LEN = len(payload) + 4, CRC-16/XMODEM over the payload.
//   Anything not in a valid frame (bad LEN, CRC or ETX, or a CR-terminated basic request) is
//   answered `?COM`. If no valid command arrives for n seconds the motor stops and alarm T is
//   raised. `SAF 0` returns to basic mode. The reply to SAF already uses the new framing.
// - Requests for another address get no reply; requests without an address are answered.
//
// Simplifications and readings of the manual, chosen and documented here:
// - Alarms (A?R after power-up or power_cycle(), A?S when the mechanism stalls, A?T on a comms
//   timeout) are latched and sent once, in place of the prompt, in the reply to the next valid
//   command; that command is not executed. Invalid packets (?COM) do not clear an alarm.
//   An occlusion (the world's force limit, PumpMechanism::occlusion_alarm) stops the mechanism by
//   itself: the run ends with A?S and the world keeps showing the alarm until STP or RUN.
// - STP stops (prompt S): the real pump pauses on the first STP and resets the program phase on
//   the second; pumprig only needs stop. RUN while running is answered with the running prompt
//   and no error, so a resent RUN (after a garbled reply) is harmless.
// - Settings (diameter, rate, volume, direction) survive power_cycle() as in the pump's
//   non-volatile memory; safe mode and the dispensed totals do not (a power-up is basic mode).
// - Setting DIA selects the volume units as the manual describes: uL up to 14.0 mm, mL above.
// - Rate limits depend on the diameter through the plunger speed: max 3060 mm/h and min
//   0.0421 mm/h, which reproduce the published extremes (1699 ml/h with a 26.59 mm / 60 ml
//   syringe, 0.73 ul/h with a 4.699 mm / 1 ml syringe). Diameter 0.1-50.0 mm.
// - DIA, DIR and VOL while running, and RAT while purging, are `?NA`. PUR purges (infuses) at the
//   maximum rate for the diameter until STP. A volume target (VOL > 0) stops the run when the
//   motor has pushed that volume in this run; VOL 0 means run until stopped.
// - DIS shows at most 9999 in the volume units (the display saturates).
// - Only the commands pumprig uses are implemented (status poll, VER, DIA, DIR, RAT, VOL, DIS,
//   CLD, RUN, STP, PUR, SAF); programs, phases and the rest answer `?`.
//
// The simulated pump's serial number (SimNe1000Identity::serial, "SIM-P0001") is for the record
// only: the NE-1000 protocol has no serial-number query, so the fixture layer reports it.
#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <span>
#include <string>

#include "hardware/sim/world_views.hpp"
#include "rig/core/event_loop.hpp"
#include "rig/link/link.hpp"

namespace pumprig::sim {

struct SimNe1000Identity {
  std::string model = "NE1000";       // as VER spells it
  std::string firmware = "3.928";
  std::string serial = "SIM-P0001";   // never on the wire; the fixture layer reports it
  std::string version_string() const { return model + "V" + firmware; }  // "NE1000V3.928"
};

struct SimNe1000Options {
  int address = 0;                      // 0-99
  Nanos latency = milliseconds(10);     // from the end of a request to the start of the reply
  SimNe1000Identity identity{};
  bool reset_alarm_at_power_up = true;  // a freshly powered pump answers its first command A?R
  double diameter_mm = 26.59;           // settings in the pump's memory at power-up
};

class SimNe1000Pump {
 public:
  // `link` (the instrument end of a SimLinkPair, or any Link) and `mechanism` must outlive this.
  SimNe1000Pump(Link& link, EventLoop& loop, PumpMechanism& mechanism, SimNe1000Options options = {});
  ~SimNe1000Pump();
  SimNe1000Pump(const SimNe1000Pump&) = delete;
  SimNe1000Pump& operator=(const SimNe1000Pump&) = delete;

  // Power loss: the mechanism stops and forgets, the pump comes back in basic mode with A?R.
  void power_cycle();

  // Fault injection.
  void set_silent(bool silent);      // ignore every byte received (no execution, no reply)
  void inject_garbage_next_reply();  // line noise (including a false STX) before the next reply
  void corrupt_crc_next_reply();     // safe mode: wrong CRC; basic mode: the prompt byte is mangled
  void set_latency(Nanos latency) { options_.latency = latency; }  // slow replies

  // Observers for tests and the simulated bench.
  const SimNe1000Identity& identity() const { return options_.identity; }
  bool safe_mode() const { return safe_; }
  int safe_timeout_s() const { return safe_timeout_s_; }
  char latched_alarm() const { return alarm_; }  // 'R', 'S', 'T' or 0
  bool running() const { return running_; }
  bool purging() const { return purging_; }
  double diameter_mm() const { return diameter_mm_; }
  double rate_ml_h() const;
  const std::string& rate_unit() const { return rate_unit_; }  // "UM", "MM", "UH" or "MH" as last set
  double volume_target_ml() const { return volume_ul_ ? volume_value_ / 1000.0 : volume_value_; }
  std::uint64_t commands_executed() const { return commands_; }
  std::uint64_t bad_packets() const { return bad_packets_; }
  std::uint64_t comms_timeouts() const { return comms_timeouts_; }
  std::uint64_t replies_sent() const { return replies_; }

  static double max_rate_ml_h(double diameter_mm);
  static double min_rate_ml_h(double diameter_mm);

 private:
  struct Reply {
    std::string error;  // "", "NA", "OOR", "COM", or "?" alone via unknown
    std::string data;
    bool unknown = false;
  };

  void on_bytes(std::span<const std::uint8_t> bytes);
  void on_basic_byte(std::uint8_t b);
  void on_safe_byte(std::uint8_t b);
  void accept_request(const std::string& text);
  void reject_packet();
  void schedule(std::function<void()> fn);
  void process(const std::string& command, const std::string& args);
  Reply execute(const std::string& command, const std::string& args, Nanos t);
  Reply do_dia(const std::string& args, Nanos t);
  Reply do_dir(const std::string& args);
  Reply do_rat(const std::string& args, Nanos t);
  Reply do_vol(const std::string& args);
  Reply do_dis(Nanos t);
  Reply do_cld(const std::string& args, Nanos t);
  Reply do_run(Nanos t);
  Reply do_pur(Nanos t);
  Reply do_saf(const std::string& args);
  void stop_motor(Nanos t);
  void update(Nanos t);
  void fold(Nanos t);
  void schedule_volume_check(Nanos t);
  void arm_watchdog();
  void on_watchdog();
  char prompt() const;
  void send(const std::string& head, const std::string& tail);

  Link& link_;
  EventLoop& loop_;
  PumpMechanism& mech_;
  SimNe1000Options options_;

  // Settings ("non-volatile").
  double diameter_mm_;
  double rate_value_ = 0.0;
  std::string rate_unit_ = "MH";
  double volume_value_ = 0.0;
  bool volume_ul_ = false;
  PumpDirection direction_ = PumpDirection::infuse;

  // State.
  bool safe_ = false;
  int safe_timeout_s_ = 0;
  char alarm_ = 0;
  bool running_ = false;
  bool purging_ = false;
  PumpDirection run_direction_ = PumpDirection::infuse;
  double run_origin_ml_ = 0.0;      // motor volume when this run started (volume target)
  double counted_origin_ml_ = 0.0;  // motor volume already folded into the totals
  double infused_ml_ = 0.0;
  double withdrawn_ml_ = 0.0;

  // Receive state.
  std::string line_;
  bool line_overflow_ = false;
  std::string frame_;
  bool in_frame_ = false;

  // Faults.
  bool silent_ = false;
  bool garbage_next_ = false;
  bool corrupt_next_ = false;

  TimerId watchdog_ = 0;
  TimerId volume_timer_ = 0;
  std::set<TimerId> pending_;  // scheduled request processing, cancelled on power loss
  std::uint64_t commands_ = 0;
  std::uint64_t bad_packets_ = 0;
  std::uint64_t comms_timeouts_ = 0;
  std::uint64_t replies_ = 0;
};

}  // namespace pumprig::sim
