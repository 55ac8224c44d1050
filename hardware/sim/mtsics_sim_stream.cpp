// The simulated balance's streams: SIR (every display update) and SR / SNR (weights on change),
// one at a time, on the display's update grid. The wire forms are in mtsics_sim.hpp.
#include <algorithm>
#include <cmath>

#include "hardware/sim/mtsics_sim.hpp"

namespace pumprig::sim {

namespace {

// The manual's default change for SR and SNR: 12.5 % of the last stable weight, at least 30
// digits of the display.
double default_change_g(double last_stable_g, int decimals) {
  return std::max(0.125 * std::fabs(last_stable_g), 30.0 * std::pow(10.0, -decimals));
}

}  // namespace

// The first update goes out (or, for SR and SNR, is looked at) as the command's answer; the
// next ones follow on the grid from there.
void SimMtsicsBalance::start_stream(StreamKind kind, std::optional<double> preset_g) {
  stop_stream();
  stream_ = kind;
  stream_start_ = loop_.now();
  stream_count_ = 0;
  change_preset_g_ = preset_g;
  change_awaiting_stable_ = true;  // SR and SNR begin with the current stable weight
  change_limit_sent_ = false;
  stream_update();
  schedule_stream_update();
}

void SimMtsicsBalance::stream_update() {
  if (stream_ == StreamKind::sir) return send_line(weight_line("S"));
  change_update();
}

// SR and SNR at one display update: the stable weight when one is due, or a change beyond the
// preset, or the start of an overload.
void SimMtsicsBalance::change_update() {
  const BalanceView v = view();
  if (v.overload || v.underload) {
    if (!change_limit_sent_) send_line(v.overload ? "S +" : "S -");
    change_limit_sent_ = true;
    change_awaiting_stable_ = true;
    return;
  }
  change_limit_sent_ = false;
  const double net = net_g(v);
  if (!change_awaiting_stable_) {
    const double change = change_preset_g_.value_or(default_change_g(change_ref_g_, v.decimals));
    if (!(std::fabs(net - change_ref_g_) > change)) return;
    change_awaiting_stable_ = true;
    if (!v.stable && stream_ == StreamKind::sr) send_line(weight_line("S", v));
  }
  if (!v.stable) return;
  send_line(weight_line("S", v));
  change_ref_g_ = net;
  change_awaiting_stable_ = false;
}

// Updates sit on a fixed grid from the command (start + k / rate), so the rate never drifts.
void SimMtsicsBalance::schedule_stream_update() {
  ++stream_count_;
  const Nanos at = stream_start_ + static_cast<Nanos>(std::llround(static_cast<double>(stream_count_) * 1e9 /
                                                                   options_.update_rate_hz));
  stream_timer_ = loop_.schedule_at(at, [this] {
    stream_timer_ = 0;
    if (stream_ == StreamKind::none) return;
    stream_update();
    schedule_stream_update();
  });
}

void SimMtsicsBalance::stop_stream() {
  stream_ = StreamKind::none;
  loop_.cancel(stream_timer_);
  stream_timer_ = 0;
}

}  // namespace pumprig::sim
