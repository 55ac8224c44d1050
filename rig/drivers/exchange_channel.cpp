#include "rig/drivers/exchange_channel.hpp"

#include <fmt/format.h>

namespace pumprig {

ExchangeChannel::ExchangeChannel(EventLoop& loop, Link& link, std::unique_ptr<Framer> framer, std::string device,
                                 ExchangeOptions options, EventSink events)
    : loop_(loop), link_(link), framer_(std::move(framer)), device_(std::move(device)), options_(options),
      events_(std::move(events)) {
  link_.on_receive([this](std::span<const std::uint8_t> b) { on_bytes(b); });
}

ExchangeChannel::~ExchangeChannel() {
  *alive_ = false;
  loop_.cancel(timeout_timer_);
  loop_.cancel(noise_timer_);
  link_.on_receive({});
  // One-shot callers are still owed exactly one answer; it must not run inside this destructor,
  // where the caller may be half way through tearing things down, so it goes onto the loop.
  const DeviceError e{device_, "cancelled: driver shut down"};
  auto owe = [&](Pending& p) {
    if (p.abandon) loop_.schedule_after(0, [fn = std::move(p.abandon), e] { fn(e); });
  };
  if (active_) owe(*active_);
  for (auto& p : queue_) owe(*p);
}

void ExchangeChannel::exchange(std::string label, Bytes request, Classifier classify, ReplyFn done) {
  exchange(Request{std::move(label), std::move(request), std::move(classify), std::move(done), std::nullopt, false, {}});
}

void ExchangeChannel::exchange(Request request) {
  auto p = std::make_unique<Pending>();
  static_cast<Request&>(*p) = std::move(request);
  if (!p->reply_timeout) p->reply_timeout = options_.reply_timeout;
  queue_.push_back(std::move(p));
  if (!active_) start_next();
}

void ExchangeChannel::drop_polls() {
  queue_.erase(std::remove_if(queue_.begin(), queue_.end(), [](const auto& p) { return p->poll; }), queue_.end());
}

void ExchangeChannel::send(const Bytes& bytes) { link_.write(bytes); }

void ExchangeChannel::cancel_all(const std::string& why) {
  loop_.cancel(timeout_timer_);
  auto queue = std::move(queue_);
  queue_.clear();
  auto active = std::move(active_);
  if (active) active->done(DeviceError{device_, fmt::format("{} cancelled: {}", active->label, why)});
  for (auto& p : queue) p->done(DeviceError{device_, fmt::format("{} cancelled: {}", p->label, why)});
}

void ExchangeChannel::start_next() {
  if (active_ || queue_.empty()) return;
  active_ = std::move(queue_.front());
  queue_.pop_front();
  transmit();
}

void ExchangeChannel::transmit() {
  ++active_->attempts_made;
  link_.write(active_->bytes);
  // The timeout counts from the end of our own transmission, so slow baud rates are fair.
  timeout_timer_ = loop_.schedule_after(active_->timeout(), [this] { on_timeout(); });
}

void ExchangeChannel::on_bytes(std::span<const std::uint8_t> bytes) {
  framer_->feed(bytes);
  check_noise();
  std::weak_ptr<bool> alive = alive_;
  while (auto frame = framer_->next()) {
    if (active_) {
      const FrameVerdict v = active_->classify(*frame);
      if (v == FrameVerdict::reply) {
        finish(std::move(*frame));
      } else if (v == FrameVerdict::garbled) {
        retry_or_fail(fmt::format("garbled reply to {}: {}", active_->label, printable_frame(*frame)));
      } else if (unsolicited_) {
        unsolicited_(*frame);
      }
    } else if (unsolicited_) {
      unsolicited_(*frame);
    }
    if (alive.expired() || !*alive.lock()) return;  // a callback destroyed the channel
  }
}

void ExchangeChannel::check_noise() {
  if (!events_ || framer_->discarded() == noise_reported_) return;
  if (!last_noise_event_ || loop_.now() - *last_noise_event_ >= kNoiseEventInterval) {
    report_noise();
  } else if (noise_timer_ == 0) {
    noise_timer_ = loop_.schedule_at(*last_noise_event_ + kNoiseEventInterval, [this] {
      noise_timer_ = 0;
      report_noise();
    });
  }
}

void ExchangeChannel::report_noise() {
  const std::size_t total = framer_->discarded();
  if (total == noise_reported_) return;
  const std::size_t fresh = total - noise_reported_;
  const Nanos now = loop_.now();
  const std::string since =
      last_noise_event_ ? fmt::format(" in the last {:.1f} s", to_seconds(now - *last_noise_event_)) : std::string();
  nlohmann::json data = {{"bytes", fresh}, {"total_bytes", total}};
  if (last_noise_event_) data["interval_s"] = to_seconds(now - *last_noise_event_);
  events_(RigEvent{now, EventKind::line_noise, device_,
                   fmt::format("line noise: {} byte(s) that belong to no frame discarded{} ({} in all)", fresh, since,
                               total),
                   std::move(data)});
  noise_reported_ = total;
  last_noise_event_ = now;
}

void ExchangeChannel::on_timeout() {
  timeout_timer_ = 0;
  if (!active_) return;
  retry_or_fail(fmt::format("no reply to {} within {} ms", active_->label, active_->timeout() / kNanosPerMilli));
}

void ExchangeChannel::retry_or_fail(const std::string& why) {
  loop_.cancel(timeout_timer_);
  timeout_timer_ = 0;
  if (active_->attempts_made < options_.attempts) {
    ++retries_;
    if (events_)
      events_(RigEvent{loop_.now(), EventKind::retry, device_,
                       fmt::format("{} (attempt {} of {})", why, active_->attempts_made + 1, options_.attempts)});
    framer_->reset();
    transmit();
    return;
  }
  finish(DeviceError{device_, fmt::format("{}; gave up after {} attempts", why, active_->attempts_made)});
}

void ExchangeChannel::finish(Outcome<std::string> result) {
  loop_.cancel(timeout_timer_);
  timeout_timer_ = 0;
  auto done = std::move(active_->done);
  active_.reset();
  std::weak_ptr<bool> alive = alive_;
  done(std::move(result));
  if (!alive.expired() && *alive.lock()) start_next();
}

}  // namespace pumprig
