#pragma once
// A simulated Mettler Toledo MT-SICS balance: the instrument end of a link, answering the MT-SICS
// command table byte for byte (CR LF lines, the weight right-justified in a 10-character field,
// one space, the unit) from a BalancePhysics view of the station's world. Zero offset and tare
// memory live here, in the balance, as they do in a real one; the physics only knows the load.
//
// Timing: every command is answered after a processing latency on the loop, commands are worked
// off one at a time in arrival order (S, T and Z hold the queue while they wait for stability),
// and the link adds the transmission time. `@` and `C` act on arrival, as cancels must.
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

struct SimBalanceIdentity {
  std::string model = "XPR205";
  std::string serial = "SIM-B0001";  // simulated instruments identify as such: must start with SIM-
  std::string firmware = "1.0.0-sim";
};

struct SimMtsicsOptions {
  Nanos reply_latency = milliseconds(20);         // processing time before a reply goes out
  double stream_rate_hz = 5.0;                    // SIR updates per second
  Nanos stable_timeout = seconds(5);              // S, T, Z answer "<ID> I" when not stable by then
  Nanos stability_check_interval = milliseconds(50);
  bool supports_cancel = true;                    // C is not on every model; without it: ES
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
  void set_busy(bool busy) { busy_ = busy; }              // weighing, zero and tare commands get "<ID> I"
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
  bool streaming() const { return streaming_; }
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
  void finish();
  void begin_wait(const std::string& word);
  void check_wait();
  void reset_now();
  void cancel_now();
  void schedule_stream_line();
  void stop_stream();
  void send_line(const std::string& line);
  void later(Nanos delay, std::function<void()> fn);

  BalanceView view();
  std::string weight_field(double grams, int decimals) const;
  std::string weight_line(const std::string& id);  // SI reply: "S S <field> <unit>", "S D ...", "S +", "S -"
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

  bool streaming_ = false;
  Nanos stream_start_ = 0;
  std::int64_t stream_count_ = 0;
  TimerId stream_timer_ = 0;

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
