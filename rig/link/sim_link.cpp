#include "rig/link/sim_link.hpp"

#include <algorithm>

namespace pumprig {

SimLinkPair make_sim_link_pair(EventLoop& loop, const SerialSettings& settings, std::string name) {
  SimLinkPair pair;
  pair.host.reset(new SimLinkEnd(loop, settings, name));
  pair.instrument.reset(new SimLinkEnd(loop, settings, name + "/instrument"));
  pair.host->peer_ = pair.instrument.get();
  pair.instrument->peer_ = pair.host.get();
  return pair;
}

SimLinkEnd::~SimLinkEnd() {
  *alive_ = false;
  if (peer_) peer_->peer_ = nullptr;
}

void SimLinkEnd::write(std::span<const std::uint8_t> bytes) {
  if (bytes.empty() || !open_ || cut_ || !peer_) return;
  const Nanos start = std::max(loop_.now(), line_free_at_);
  line_free_at_ = start + static_cast<Nanos>(bytes.size()) * byte_time(settings_);
  SimLinkEnd* peer = peer_;
  std::weak_ptr<bool> peer_alive = peer->alive_;
  loop_.schedule_at(line_free_at_, [peer, peer_alive, data = Bytes(bytes.begin(), bytes.end())]() mutable {
    if (auto alive = peer_alive.lock(); alive && *alive) peer->deliver(std::move(data));
  });
}

void SimLinkEnd::deliver(Bytes bytes) {
  if (open_ && receive_) receive_(bytes);
}

}  // namespace pumprig
