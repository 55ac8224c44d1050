#pragma once
// A Link decorator that reports every byte in both directions, with its time, to a sink (the
// recorder's wire log), so a run can be replayed and audited byte for byte.
#include <functional>
#include <memory>

#include "rig/core/event_loop.hpp"
#include "rig/link/link.hpp"

namespace pumprig {

class WireTap final : public Link {
 public:
  // direction: '>' host to instrument, '<' instrument to host.
  using Sink = std::function<void(Nanos t_ns, char direction, std::span<const std::uint8_t> bytes)>;

  WireTap(EventLoop& loop, std::unique_ptr<Link> inner, Sink sink)
      : loop_(loop), inner_(std::move(inner)), sink_(std::move(sink)) {}

  void open() override { inner_->open(); }
  void close() override { inner_->close(); }
  bool is_open() const override { return inner_->is_open(); }
  void write(std::span<const std::uint8_t> bytes) override {
    if (sink_) sink_(loop_.now(), '>', bytes);
    inner_->write(bytes);
  }
  void on_receive(ReceiveFn fn) override {
    if (!fn) {
      inner_->on_receive({});
      return;
    }
    inner_->on_receive([this, fn = std::move(fn)](std::span<const std::uint8_t> bytes) {
      if (sink_) sink_(loop_.now(), '<', bytes);
      fn(bytes);
    });
  }
  void on_error(ErrorFn fn) override { inner_->on_error(std::move(fn)); }
  bool in_process() const override { return inner_->in_process(); }
  std::string describe() const override { return inner_->describe(); }
  Link& inner() { return *inner_; }
  using Link::write;

 private:
  EventLoop& loop_;
  std::unique_ptr<Link> inner_;
  Sink sink_;
};

}  // namespace pumprig
