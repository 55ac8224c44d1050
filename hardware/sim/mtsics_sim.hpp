#pragma once
// A simulated Mettler Toledo MT-SICS balance: the instrument end of a link, answering the MT-SICS
// command table byte for byte (CR LF lines, the weight right-justified in a 10-character field,
// one space, the unit) from a BalancePhysics view of the station's world. Zero offset and tare
// memory live here, in the balance, as they do in a real one; the physics only knows the load.
//
// Timing: every command is answered after a processing latency on the loop, commands are worked
// off one at a time in arrival order (S, T and Z hold the queue while they wait for stability),
// and the link adds the transmission time. `@` and `C` act on arrival, as cancels must.
//
// Commands (strict in what it sends, liberal as a real balance in what it accepts):
//   level 0  @ I0 I1 I2 I3 I4 I5 S SI SIR Z ZI     level 1  D DW K SR T TA TAC TI     level 2  C SNR
// - I0 lists exactly these, one line each, `I0 B <level> "<cmd>"`, the last `I0 A <level> "<cmd>"`
//   (without C when `supports_cancel` is off). I1: `I1 A "012" "2.20" "2.20" "2.20" ""`, the levels
//   it lists in I0 and a version per level (none for level 3). I5: `I5 A "<software number>"`.
//   With `level0_identity` off the balance is an older one: I0, I1 and I5 answer ES.
// - D "<text>": `D A`, the display shows the text (spaces kept, a quote inside it is a character:
//   the text runs from the first to the last quote) until DW (`DW A`) or @ shows the weight again.
//   `D L` when the parameter is not one quoted text. K 1..4: `K A`, the keys mode is kept (no
//   simulated key is ever pressed, so modes 3 and 4 send nothing); `K L` for anything else.
// - SIR, SR and SNR stream on the display's update grid (`update_rate_hz`, from the command on;
//   5/s by default, the rate the simulator always had). One stream at a time: a new SIR, SR or
//   SNR replaces it, @ and C end it, every other command (S and SI too) is answered in between
//   and the stream goes on. The manual does not list which commands end SR; this reading keeps a
//   client's S, T and SI working while it streams, as they always did with SIR.
// - SR [<preset> <unit>]: the first stable weight `S S`, then, once a reading differs from the
//   last stable weight sent by more than the preset, that reading as `S D` and the next stable
//   weight as `S S` (a reading that is already stable is sent as `S S` alone). The default preset
//   is the manual's: 12.5 % of the last stable weight, at least 30 digits of the display. SNR is
//   the same without the `S D` line: only stable weights. Overload and underload are sent once
//   (`S +`, `S -`) when they begin; then the next stable weight. A bad preset or unit: `S L`.
// - Zero and tare as the manual has them: Z `Z A` (waits for stability), ZI `ZI S|D`, T
//   `T S <tare>` (waits), TI `TI S|D <tare>`, all with `I`, `+`, `-`; a new zero clears the tare.
//   TA reads the tare memory (`TA A <tare> <unit>`); `TA <value> <unit>` presets it, kept at the
//   display's resolution (`TA L` for a bad value or more than the capacity). TAC clears it.
// - C: ends a stream, answers a waiting S, T or Z `<ID> I`, then `C B` and `C A`.
// - A word it does not implement, lower case, or parameters on a command that takes none: ES. A
//   command that takes parameters with wrong ones: `<ID> L`. Busy (set_busy): the weighing,
//   display and keys commands answer `<ID> I`.
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "hardware/sim/world_views.hpp"
#include "rig/core/event_loop.hpp"
#include "rig/link/link.hpp"

namespace pumprig::sim {

struct SimBalanceIdentity {
  std::string model = "XPR205";
  std::string serial = "SIM-B0001";  // simulated instruments identify as such: must start with SIM-
  std::string firmware = "1.0.0-sim";
  std::string software_number = "SIM-00000000A";  // I5: the software's material number
};

// Display updates per second the simulator accepts. Excellence balances stream at 2, 5, 6 or 10
// per second; other MT-SICS balances and weigh modules at other rates, so any rate in between is
// allowed. Below 1/s is slower than any MT-SICS balance we know, and the driver's 3 s stream
// watchdog and the record step's grace expect a line at least every second; 50/s is about what a
// 9600 baud line carries (53 lines of 18 bytes).
inline constexpr double kMinUpdateRateHz = 1.0;
inline constexpr double kMaxUpdateRateHz = 50.0;

struct SimMtsicsOptions {
  Nanos reply_latency = milliseconds(20);         // processing time before a reply goes out
  double update_rate_hz = 5.0;                    // display updates per second: the SIR, SR and SNR line rate
  Nanos stable_timeout = seconds(5);              // S, T, Z answer "<ID> I" when not stable by then
  Nanos stability_check_interval = milliseconds(50);
  bool supports_cancel = true;                    // C is not on every model; without it: ES
  bool level0_identity = true;                    // false: an older balance that answers ES to I0, I1, I5
  std::size_t max_command_length = 64;            // a longer line cannot be a command: ES
  std::string unit = "g";                         // display unit: "g", "mg" or "kg"
  // Bounds on what a client can make the simulator hold (a real balance's input buffer is
  // finite too). Commands arriving while this many wait (S, T or Z holding the queue until the
  // reading is stable) are dropped, counted and reported through the notice callback.
  std::size_t max_queued_commands = 16;
  // Distinct unknown command words counted one by one (count()); further new words, which no
  // real program sends, are counted together (uncounted_words()). The words the simulator
  // answers are always counted.
  std::size_t max_counted_words = 32;
};

class SimMtsicsBalance {
 public:
  // `link` and `physics` must outlive the simulator. Throws std::invalid_argument for a serial
  // number without the SIM- prefix or an unusable option.
  SimMtsicsBalance(EventLoop& loop, Link& link, BalancePhysics& physics, SimBalanceIdentity identity = {},
                   SimMtsicsOptions options = {});
  ~SimMtsicsBalance();
  SimMtsicsBalance(const SimMtsicsBalance&) = delete;
  SimMtsicsBalance& operator=(const SimMtsicsBalance&) = delete;

  // Fault injection.
  void set_silent(bool silent) { silent_ = silent; }      // commands still act, nothing is sent
  void inject_garbage_next_reply() { garbage_next_ = true; }  // next line goes out with bit 7 set on every byte
  void inject_next_reply(std::string line) { injected_.push_back(std::move(line)); }  // e.g. "EL", "S S Error 3t"
  void set_busy(bool busy) { busy_ = busy; }              // weighing, tare, display and keys commands get "<ID> I"
  void set_reply_latency(Nanos latency) { options_.reply_latency = latency; }
  // One line for whoever serves the balance (pumprig-sim prints it): a client that overruns the
  // command queue or floods it with unknown words.
  void set_notice(std::function<void(const std::string&)> fn) { notice_ = std::move(fn); }

  // Instrumentation for tests: called with every look at the physics (time, what the display
  // showed, the net weight it would send).
  void set_observer(std::function<void(Nanos, const BalanceView&, double net_g)> fn) { observer_ = std::move(fn); }

  // What the balance holds and has seen (for tests and the simulated bench's display).
  double zero_offset_g() const { return zero_offset_g_; }
  double tare_g() const { return tare_g_; }
  bool streaming() const { return stream_ != StreamKind::none; }  // SIR, SR or SNR
  // The text D put on the display; nothing while the display shows the weight.
  const std::optional<std::string>& display_text() const { return display_text_; }
  int keys_mode() const { return keys_mode_; }
  std::uint64_t commands_received() const { return commands_received_; }
  std::uint64_t count(const std::string& command) const;
  std::uint64_t lines_sent() const { return lines_sent_; }
  // Commands dropped because max_queued_commands were already waiting.
  std::uint64_t dropped_commands() const { return dropped_commands_; }
  // Commands whose word came after max_counted_words distinct words were already counted.
  std::uint64_t uncounted_words() const { return uncounted_words_; }
  std::size_t queued_commands() const { return queue_.size(); }
  const SimBalanceIdentity& identity() const { return identity_; }

 private:
  enum class Problem { none, transmission, too_long };
  enum class StreamKind { none, sir, sr, snr };
  struct Command {
    std::string line;
    Problem problem = Problem::none;
  };

  void on_bytes(std::span<const std::uint8_t> bytes);
  void on_line(Command cmd);
  void count_word(const std::string& word);
  void notify(const std::string& message);
  void pump();
  void execute(const Command& cmd);
  void answer(const std::string& word, const std::string& params);
  void answer_identification(const std::string& word);
  void answer_display_or_keys(const std::string& word, const std::string& params);
  void finish();
  void begin_wait(const std::string& word);
  void check_wait();
  void reset_now();
  void cancel_now();
  void start_stream(StreamKind kind, std::optional<double> preset_g = std::nullopt);
  void stream_update();
  void change_update();  // SR and SNR
  void schedule_stream_update();
  void stop_stream();
  void send_line(const std::string& line);
  void later(Nanos delay, std::function<void()> fn);

  BalanceView view();
  std::string weight_field(double grams, int decimals) const;
  std::string weight_line(const std::string& id);  // SI reply: "S S <field> <unit>", "S D ...", "S +", "S -"
  std::string weight_line(const std::string& id, const BalanceView& v) const;
  double net_g(const BalanceView& v) const { return v.displayed_g - zero_offset_g_ - tare_g_; }

  EventLoop& loop_;
  Link& link_;
  BalancePhysics& physics_;
  SimBalanceIdentity identity_;
  SimMtsicsOptions options_;

  std::string rx_;
  bool rx_overlong_ = false;

  std::deque<Command> queue_;
  bool processing_ = false;
  TimerId exec_timer_ = 0;
  TimerId check_timer_ = 0;
  std::string wait_word_;  // "S", "T" or "Z" while waiting for stability
  Nanos wait_deadline_ = 0;

  StreamKind stream_ = StreamKind::none;
  Nanos stream_start_ = 0;
  std::int64_t stream_count_ = 0;
  TimerId stream_timer_ = 0;
  // SR and SNR: the last stable weight sent, the change that counts (empty: the manual's default),
  // whether a change was seen and the next stable weight is due, and an overload already sent.
  double change_ref_g_ = 0.0;
  std::optional<double> change_preset_g_;
  bool change_awaiting_stable_ = false;
  bool change_limit_sent_ = false;

  std::optional<std::string> display_text_;
  int keys_mode_ = 1;

  double zero_offset_g_ = 0.0;
  double tare_g_ = 0.0;

  bool silent_ = false;
  bool garbage_next_ = false;
  bool busy_ = false;
  std::deque<std::string> injected_;

  std::uint64_t commands_received_ = 0;
  std::uint64_t lines_sent_ = 0;
  std::map<std::string, std::uint64_t> counts_;
  std::uint64_t uncounted_words_ = 0;
  std::uint64_t dropped_commands_ = 0;
  std::uint64_t dropped_in_spell_ = 0;  // since the queue last had room
  std::function<void(const std::string&)> notice_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
  std::function<void(Nanos, const BalanceView&, double)> observer_;
};

}  // namespace pumprig::sim
