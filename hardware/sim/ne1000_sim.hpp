#pragma once
// A byte-faithful New Era NE-1000 syringe pump on the instrument end of a link, driving a
// PumpMechanism of the station's physical world. It follows the NE-1000 user manual (RS-232
// protocol section, publication 1200-01): strict in what it sends, as liberal as the pump in what
// it accepts.
//
// Wire behaviour:
// - Basic mode: requests `[addr]CMD[data] CR`. The pump strips every space and control character
//   and upper-cases the rest before reading it (`0 dir inf`, `0DIRINF` and `0DIR INF` are one
//   command; LF, tabs and stray control bytes vanish); see ne1000_request.hpp for how command and
//   data are told apart without spaces. Replies `STX <addr 2 digits> <status> [data] ETX`.
// - Status: prompts I infusing, W withdrawing, S stopped, P paused, T timed pause (a program's
//   pause phase), U user wait (a program waiting for its trigger), X purging; alarms replace the
//   prompt: A?R reset (power interrupted), A?S motor stall, A?T safe-mode comms timeout, A?E
//   program error, A?O program phase out of range. Errors follow the prompt: `?` unknown command
//   or unreadable data, `?NA` not applicable now, `?OOR` out of range, `?COM` invalid packet,
//   `?IGN` command ignored (a new program phase started at the same moment).
// - Numbers are sent as the display shows them: at most 4 digits, the most decimals that fit,
//   and always a decimal point (`26.59`, `25.00`, `1000.`); clients written against real pumps
//   read every number with a point. SAF's timeout is an integer.
// - Addresses: 0-99 or `*` (system address, every pump obeys); requests for another address get
//   no reply, requests without one are answered. Replies carry the pump's own address.
// - Safe mode (`SAF n`, n = 1..255 s): packets `STX LEN payload CRC_hi CRC_lo ETX`, LEN =
//   len(payload) + 4 (the bytes after STX, LEN included), CRC-16/XMODEM (CCITT, init 0) over the
//   payload. A packet with a bad LEN, CRC or ETX, or a CR-terminated basic request, is answered
//   `?COM` and not executed. A gap of more than 0.5 s between two bytes of a packet discards the
//   incomplete packet silently. Every valid packet restarts the comms timeout; when it elapses the
//   motor stops and alarm T is raised. `SAF 0` returns to basic mode. The reply to SAF already
//   uses the new framing.
// - Auto-alarm (safe mode): an alarm (stall, comms timeout, reset) is sent the moment it occurs,
//   unprompted, as a status packet `00A?S`. It is then delivered: the next reply carries the
//   prompt again. In basic mode, which has no unprompted packets, an alarm is latched and sent
//   once in place of the prompt of the next valid command, and that command is not executed.
// - A safe-mode packet is recognised in basic mode too (clients written against real pumps start
//   with the packet `STX 0x09 "0SAF0" 0x59 0xAD ETX`, whatever mode the pump is in): it is
//   executed, and answered in the framing of the mode the pump is in after it (basic for SAF 0).
//   Bytes that looked like the start of a packet but do not make a valid one (bad CRC, or a gap
//   of 0.5 s) are read as basic-mode text after all.
// - Power-up: a pump whose safe mode was on (not disabled by SAF 0) powers up in safe mode with
//   the comms timeout not running until the first valid packet (auto-alarm only), and sends the
//   reset alarm A?R at once. A pump in basic mode latches A?R for its first reply.
// - STP: the first STP of a running pump pauses it (prompt P; RUN resumes, counting on towards
//   the same volume target), the second stops it (S). STP during a purge stops it.
//
// Simplifications and readings of the manual, chosen and documented here:
// - Pumping programs (PHN, FUN and the rest) are not simulated: those words answer `?`. The
//   program states are reachable through hooks, as if a program set up on the front panel had
//   put the pump there: enter_program_wait('T' or 'U'), raise_program_alarm('E' or 'O'), and
//   ignore_next_command() for `?IGN`.
// - An occlusion (the world's force limit, PumpMechanism::occlusion_alarm) stops the mechanism by
//   itself: the run ends with A?S and the world keeps showing the alarm until STP or RUN.
// - RUN while running is answered with the running prompt and no error, so a resent RUN (after a
//   garbled reply) is harmless.
// - Settings (diameter, rate, volume, direction, the safe-mode timeout) survive power_cycle() as
//   in the pump's non-volatile memory; the dispensed totals do not.
// - Setting DIA selects the volume units as the manual describes: uL up to 14.0 mm, mL above.
// - Rate limits depend on the diameter through the plunger speed: max 3060 mm/h and min
//   0.0421 mm/h, which reproduce the published extremes (1699 ml/h with a 26.59 mm / 60 ml
//   syringe, 0.73 ul/h with a 4.699 mm / 1 ml syringe). Diameter 0.1-50.0 mm.
// - DIA, DIR and VOL while running or paused, and RAT while purging, are `?NA`. PUR purges
//   (infuses) at the maximum rate for the diameter until STP. A volume target (VOL > 0) stops the
//   run when the motor has pushed that volume in this run; VOL 0 means run until stopped.
// - DIS shows at most 9999 in the volume units (the display saturates).
// - While running in safe mode the pump looks at its motor every 100 ms, so a stall's
//   auto-alarm goes out within 100 ms of it.
//
// The simulated pump's serial number (SimNe1000Identity::serial, "SIM-P0001") is for the record
// only: the NE-1000 protocol has no serial-number query, so the fixture layer reports it.
#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <span>
#include <string>

#include "hardware/sim/ne1000_request.hpp"
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
  // The safe-mode timeout in the pump's memory at power-up: non-zero powers up in safe mode
  // (auto-alarm only until the first valid packet), as a pump whose safe mode was never disabled.
  int safe_timeout_s_at_power_up = 0;
};

class SimNe1000Pump {
 public:
  // `link` (the instrument end of a SimLinkPair, or any Link) and `mechanism` must outlive this.
  SimNe1000Pump(Link& link, EventLoop& loop, PumpMechanism& mechanism, SimNe1000Options options = {});
  ~SimNe1000Pump();
  SimNe1000Pump(const SimNe1000Pump&) = delete;
  SimNe1000Pump& operator=(const SimNe1000Pump&) = delete;

  // Power loss: the mechanism stops and forgets; the pump comes back with A?R, in safe mode if
  // safe mode was on (auto-alarm only until the first valid packet), else in basic mode.
  void power_cycle();

  // Fault injection.
  void set_silent(bool silent);      // ignore every byte received (no execution, no reply)
  void inject_garbage_next_reply();  // line noise (including a false STX) before the next reply
  void corrupt_crc_next_reply();     // safe mode: wrong CRC; basic mode: the prompt byte is mangled
  void set_latency(Nanos latency) { options_.latency = latency; }  // slow replies

  // Program states (pumping programs are not simulated; see above). A running or stopped pump
  // enters a pause phase ('T') or a user wait ('U'): the motor stands, the prompt shows it, RUN
  // or STP leaves it. raise_program_alarm('E' or 'O') stops the motor and raises A?E / A?O.
  // ignore_next_command(): the next valid command is answered `?IGN` and not executed.
  void enter_program_wait(char prompt);
  void raise_program_alarm(char alarm);
  void ignore_next_command() { ignore_next_ = true; }

  // Observers for tests and the simulated bench.
  const SimNe1000Identity& identity() const { return options_.identity; }
  bool safe_mode() const { return safe_; }
  bool comms_timer_running() const { return watchdog_ != 0; }
  bool paused() const { return paused_; }
  char prompt_now() const { return prompt(); }
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
  std::uint64_t auto_alarms_sent() const { return auto_alarms_; }
  std::uint64_t packets_timed_out() const { return packets_timed_out_; }  // 0.5 s inter-byte gaps

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
  void on_basic_text_byte(std::uint8_t b);
  void on_safe_byte(std::uint8_t b);
  // Feeds a packet byte; returns true when the packet is complete (valid or not).
  bool collect_packet_byte(std::uint8_t b);
  bool packet_valid(std::string& payload) const;
  void arm_gap_timer();
  void on_gap_timer();
  void replay_as_basic_text(const std::string& bytes);
  void accept_request(const std::string& text);
  void reject_packet();
  void raise_alarm(char alarm, Nanos t);
  void send_auto_alarm(char alarm);
  void arm_motor_watch();
  void schedule(std::function<void()> fn);
  void process(const Ne1000Request& request);
  Reply execute(const std::string& command, const std::string& args, Nanos t);
  Reply do_dia(const std::string& args, Nanos t);
  Reply do_dir(const std::string& args);
  Reply do_rat(const std::string& args, Nanos t);
  Reply do_vol(const std::string& args);
  Reply do_dis(Nanos t);
  Reply do_cld(const std::string& args, Nanos t);
  Reply do_run(Nanos t);
  Reply do_stp(Nanos t);
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
  int safe_timeout_s_ = 0;  // kept across power loss: a pump powers up in safe mode until SAF 0
  char alarm_ = 0;
  bool running_ = false;
  bool purging_ = false;
  bool paused_ = false;       // first STP of a run: the motor stands, RUN resumes
  char program_wait_ = 0;     // 'T' or 'U' (hooks), 0 otherwise
  bool ignore_next_ = false;
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
  Nanos last_byte_ = 0;       // arrival of the packet's last byte (0.5 s inter-byte gap)
  TimerId gap_timer_ = 0;

  // Faults.
  bool silent_ = false;
  bool garbage_next_ = false;
  bool corrupt_next_ = false;

  TimerId watchdog_ = 0;
  TimerId volume_timer_ = 0;
  TimerId motor_watch_ = 0;
  std::set<TimerId> pending_;  // scheduled request processing, cancelled on power loss
  std::uint64_t commands_ = 0;
  std::uint64_t bad_packets_ = 0;
  std::uint64_t comms_timeouts_ = 0;
  std::uint64_t replies_ = 0;
  std::uint64_t auto_alarms_ = 0;
  std::uint64_t packets_timed_out_ = 0;
};

}  // namespace pumprig::sim
