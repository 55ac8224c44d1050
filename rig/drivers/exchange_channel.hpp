#pragma once
// The protocol pacing shared by half-duplex request/reply instruments (MT-SICS, NE-1000, the rig
// I/O board): one request outstanding at a time, a reply timeout (the channel's, or the
// request's own for a command the instrument answers only when ready, such as an MT-SICS tare
// that waits for stability), bounded retries, and frames that arrive when nobody asked (a SIR
// stream, a late reply) handed to an unsolicited handler. A failed exchange comes back as a
// DeviceError; nothing is thrown across the event loop.
#include <algorithm>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "rig/core/event_loop.hpp"
#include "rig/core/outcome.hpp"
#include "rig/core/rig_event.hpp"
#include "rig/drivers/framer.hpp"
#include "rig/link/link.hpp"

namespace pumprig {

struct ExchangeOptions {
  Nanos reply_timeout = seconds(1);
  int attempts = 3;  // total sends of one request before giving up
};

enum class FrameVerdict {
  reply,     // this frame answers the request
  ignore,    // not for this request (e.g. a stray stream line): pass to the unsolicited handler
  garbled,   // a reply, but unreadable: counts as a failed attempt and the request is resent
};

class ExchangeChannel {
 public:
  using Classifier = std::function<FrameVerdict(const std::string& frame)>;
  using ReplyFn = std::function<void(Outcome<std::string>)>;

  struct Request {
    std::string label;  // names it in messages ("SI", "RAT 25 MH")
    Bytes bytes;
    Classifier classify;
    ReplyFn done;
    // None: the channel's reply timeout. A command the instrument answers only once it is ready
    // (MT-SICS S, T, Z wait for stability) gives its own, longer one.
    std::optional<Nanos> reply_timeout;
    // A reading poll: drop_polls() removes it while it waits in the queue (once on the wire it
    // finishes, and its caller ignores the answer).
    bool poll = false;
    // The caller's own "you will get no answer" (a one-shot call made through the driver): told
    // once, later on the loop, when the channel is destroyed with the request pending. `done`
    // is not called then: it usually belongs to the driver that is going away.
    std::function<void(const DeviceError&)> abandon;
  };

  ExchangeChannel(EventLoop& loop, Link& link, std::unique_ptr<Framer> framer, std::string device,
                  ExchangeOptions options = {}, EventSink events = {});
  ~ExchangeChannel();
  ExchangeChannel(const ExchangeChannel&) = delete;
  ExchangeChannel& operator=(const ExchangeChannel&) = delete;

  // Queue a request; `label` names it in messages ("SI", "RAT 25 MH").
  void exchange(std::string label, Bytes request, Classifier classify, ReplyFn done);
  void exchange(Request request);
  // Drop the queued requests marked `poll` (readings were stopped).
  void drop_polls();
  // Send without waiting for a reply (e.g. a command that only ends a stream).
  void send(const Bytes& bytes);
  void on_unsolicited(std::function<void(const std::string& frame)> fn) { unsolicited_ = std::move(fn); }
  // Drop everything queued; pending callbacks get a DeviceError("cancelled").
  void cancel_all(const std::string& why);

  // Line noise (bytes the framer discarded) is logged as a `line_noise` event with the byte
  // count, at most once per this much loop time per channel; noise within the interval is
  // counted into the next event (a timer sends it when the line has gone quiet meanwhile).
  static constexpr Nanos kNoiseEventInterval = seconds(10);

  bool busy() const { return active_ != nullptr; }
  const std::string& device() const { return device_; }
  EventLoop& loop() { return loop_; }
  std::uint64_t retries() const { return retries_; }

 private:
  struct Pending : Request {
    int attempts_made = 0;
    Nanos timeout() const { return reply_timeout.value_or(0); }
  };

  void on_bytes(std::span<const std::uint8_t> bytes);
  void start_next();
  void transmit();
  void on_timeout();
  void retry_or_fail(const std::string& why);
  void finish(Outcome<std::string> result);
  void check_noise();
  void report_noise();

  EventLoop& loop_;
  Link& link_;
  std::unique_ptr<Framer> framer_;
  std::string device_;
  ExchangeOptions options_;
  EventSink events_;
  std::deque<std::unique_ptr<Pending>> queue_;
  std::unique_ptr<Pending> active_;
  TimerId timeout_timer_ = 0;
  std::function<void(const std::string&)> unsolicited_;
  std::uint64_t retries_ = 0;
  std::size_t noise_reported_ = 0;  // framer_->discarded() as of the last line_noise event
  std::optional<Nanos> last_noise_event_;
  TimerId noise_timer_ = 0;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace pumprig
