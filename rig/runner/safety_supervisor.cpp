#include "rig/runner/safety_supervisor.hpp"

#include <fmt/format.h>

namespace pumprig {

SafetySupervisor::SafetySupervisor(const StationConfig& station, Balance& balance, Pump& pump, IoBoard* io, Host host)
    : station_(station), balance_(balance), pump_(pump), io_(io), host_(std::move(host)) {}

bool SafetySupervisor::check_pressure(double pressure_mmhg) {
  if (interlock_tripped_ || !station_.io_board || pressure_mmhg <= station_.io_board->over_pressure_limit_mmhg) return false;
  over_pressure(pressure_mmhg);
  return true;
}

void SafetySupervisor::on_board_event(const IoBoardEvent& e) {
  switch (e.kind) {
    case IoBoardEventKind::trip:
      occluded_ = false;
      event(EventKind::interlock,
            fmt::format("{} tripped the occluder open by itself at {:.0f} mmHg ({})", io_->name(), e.pressure_mmhg, e.detail),
            {{"pressure_mmhg", e.pressure_mmhg}, {"detail", e.detail}, {"by", "board"}});
      if (!interlock_tripped_) over_pressure(e.pressure_mmhg);
      return;
    case IoBoardEventKind::watchdog_release:
      occluded_ = false;
      event(EventKind::interlock, fmt::format("{} released the occluder: its watchdog saw no host", io_->name()), {{"by", "board"}});
      return;
    case IoBoardEventKind::restarted:
      occluded_ = false;
      event(EventKind::io, fmt::format("{} restarted (occluder open); settings re-applied", io_->name()));
      return;
    case IoBoardEventKind::alarm_on:
    case IoBoardEventKind::alarm_off: return;  // the station watches the alarm sense itself
  }
}

// Over the fixture's limit: open the line and stop the pump at once (not through the step
// machinery, which may be waiting for something else), then end the station.
void SafetySupervisor::over_pressure(double pressure_mmhg) {
  interlock_tripped_ = true;
  const double limit = station_.io_board->over_pressure_limit_mmhg;
  event(EventKind::interlock,
        fmt::format("over-pressure: {:.0f} mmHg above the limit of {} mmHg: releasing the occluder and stopping the pump",
                    pressure_mmhg, limit),
        {{"pressure_mmhg", pressure_mmhg}, {"limit_mmhg", limit}, {"by", "controller"}});
  release("over-pressure", [] {});
  stop_pump(EventKind::interlock, [] {});
  host_.abort(fmt::format("over-pressure interlock: {:.0f} mmHg above the limit of {} mmHg", pressure_mmhg, limit));
}

void SafetySupervisor::release(const std::string& why, std::function<void()> then) {
  if (!io_ || !io_connected_) {
    then();
    return;
  }
  occluded_ = false;
  io_->release([this, why, then](Done r) {
    event(EventKind::interlock,
          r ? fmt::format("occluder released ({})", why)
            : fmt::format("occluder release not confirmed ({}): {}; the board's watchdog and trip remain", why, r.error().what()),
          host_.mark(Marker::release));
    then();
  });
}

void SafetySupervisor::stop_pump(EventKind kind, std::function<void()> then) {
  if (!pump_connected_) {
    then();
    return;
  }
  host_.pump_stopped();
  pump_.stop([this, kind, then](Done r) {
    event(kind, r ? fmt::format("{} stopped", pump_.name())
                  : fmt::format("{} did not confirm the stop: {}", pump_.name(), r.error().what()));
    then();
  });
}

void SafetySupervisor::teardown(std::function<void()> then) {
  release("teardown", [this, then] {
    teardown_door([this, then] { teardown_pump([this, then] { teardown_streams(then); }); });
  });
}

// A door left open (a free-flow test that ended early) lets a bag with a failed clamp drain into
// the line: the operator is asked to close it, and the answer is recorded.
void SafetySupervisor::teardown_door(std::function<void()> then) {
  if (!door_open_) {
    then();
    return;
  }
  host_.ask_in_teardown(OperatorPrompt{station_.id, "Close the pump's door now (teardown)", "close_door"},
                        [this, then](bool confirmed, std::string by) {
                          door_open_ = !confirmed;
                          nlohmann::json data = confirmed ? host_.mark(Marker::door_close) : nlohmann::json::object();
                          data["answered_by"] = by;
                          data["confirmed"] = confirmed;
                          event(EventKind::teardown,
                                fmt::format("operator {} the door closed", confirmed ? "confirmed" : "did not confirm"),
                                std::move(data));
                          then();
                        });
}

// Always tries to stop the pump, whatever state we believe it is in (a manual pump never asked to
// start is stopped already and asks nobody).
void SafetySupervisor::teardown_pump(std::function<void()> then) {
  if (!pump_connected_) {
    // We never got through to the pump; if it is in safe mode from an earlier run it stops itself.
    event(EventKind::teardown, fmt::format("{} was never connected: nothing to stop", pump_.name()));
    then();
    return;
  }
  pump_.stop_monitoring();
  pump_.stop([this, then](Done r) {
    host_.pump_stopped();
    if (r)
      event(EventKind::teardown, fmt::format("{} stopped", pump_.name()));
    else
      event(EventKind::teardown, fmt::format("{} did not confirm the stop ({}); check the pump (one in remote safe mode stops "
                                             "by itself when the heartbeat ends)",
                                             pump_.name(), r.error().what()));
    pump_.disconnect([this, then](Outcome<std::string> d) {
      pump_connected_ = false;
      if (!d) event(EventKind::teardown, fmt::format("{} disconnect: {}", pump_.name(), d.error().what()));
      else if (!d->empty()) event(EventKind::teardown, fmt::format("{} {}", pump_.name(), *d));
      then();
    });
  });
}

void SafetySupervisor::teardown_streams(std::function<void()> then) {
  balance_.stop_readings();
  if (io_) {
    // Nothing from the board may act on a finished station.
    io_->watch_alarm({});
    io_->on_board_event({});
  }
  event(EventKind::teardown, "balance readings stopped");
  if (!io_ || !io_connected_) {
    then();
    return;
  }
  io_->disconnect([this, then](Done d) {
    event(EventKind::teardown, d ? fmt::format("{} stream and heartbeat stopped, occluder open", io_->name())
                                 : fmt::format("{} disconnect: {}", io_->name(), d.error().what()));
    then();
  });
}

}  // namespace pumprig
