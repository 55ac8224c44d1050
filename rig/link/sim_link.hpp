#pragma once
// An in-memory serial cable: two endpoints on one event loop. A write is delivered to the other
// end when its last character would have arrived at the configured baud rate and framing, and
// characters queue behind each other as on a real wire (one transmitter per direction).
#include <memory>
#include <utility>

#include "rig/core/event_loop.hpp"
#include "rig/link/link.hpp"

namespace pumprig {

class SimLinkEnd;

struct SimLinkPair {
  std::unique_ptr<SimLinkEnd> host;        // the controller's end
  std::unique_ptr<SimLinkEnd> instrument;  // the simulated instrument's end
};

SimLinkPair make_sim_link_pair(EventLoop& loop, const SerialSettings& settings, std::string name);

class SimLinkEnd final : public Link {
 public:
  ~SimLinkEnd() override;
  void open() override { open_ = true; }
  void close() override { open_ = false; }
  bool is_open() const override { return open_; }
  void write(std::span<const std::uint8_t> bytes) override;
  void on_receive(ReceiveFn fn) override { receive_ = std::move(fn); }
  void on_error(ErrorFn fn) override { error_ = std::move(fn); }
  bool in_process() const override { return true; }
  std::string describe() const override { return "sim:" + name_; }
  const SerialSettings& settings() const { return settings_; }
  // Fault injection: the cable is cut (writes vanish) until restored.
  void set_cut(bool cut) { cut_ = cut; }
  using Link::write;

 private:
  friend SimLinkPair make_sim_link_pair(EventLoop&, const SerialSettings&, std::string);
  SimLinkEnd(EventLoop& loop, const SerialSettings& s, std::string name)
      : loop_(loop), settings_(s), name_(std::move(name)) {}
  void deliver(Bytes bytes);

  EventLoop& loop_;
  SerialSettings settings_;
  std::string name_;
  SimLinkEnd* peer_ = nullptr;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
  ReceiveFn receive_;
  ErrorFn error_;
  Nanos line_free_at_ = 0;  // when this end's transmitter finishes the bytes already queued
  bool open_ = true;
  bool cut_ = false;
};

}  // namespace pumprig
