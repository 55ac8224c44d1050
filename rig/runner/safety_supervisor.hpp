#pragma once
// The station's safety in one place (DESIGN.md "Safety first"): what it knows of the line, the
// door and the instruments' connections; the interlocks that act on every pressure reading and
// every event of the rig I/O board; the safe hold's part on the line and the pump; and the
// teardown order that leaves the safe state whatever the station believed:
//
//   1. the line: release the occluder (a pump pushing against a closed line builds pressure),
//   2. the door: ask the operator to close it (an open door lets a bag drain into the line),
//   3. the pump: stop it, stop watching it, take it out of remote control,
//   4. the streams: balance readings, then the I/O board (its stream, heartbeat, hooks) last.
//
// The supervisor talks to the devices through their interfaces only and to its station through
// a Host (events, markers, teardown prompts, abort), so it is tested on fake devices alone.
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "rig/config/fixture.hpp"
#include "rig/core/rig_event.hpp"
#include "rig/devices/balance.hpp"
#include "rig/devices/io_board.hpp"
#include "rig/devices/pump.hpp"
#include "rig/record/station_markers.hpp"
#include "rig/runner/operator.hpp"

namespace pumprig {

class SafetySupervisor {
 public:
  struct Host {
    std::function<void(EventKind, std::string, nlohmann::json)> event;
    // Records the marker an analysis needs (the line released, the door closed) when the record
    // still lacks it, and returns the event data that carries it; an empty object otherwise.
    std::function<nlohmann::json(Marker)> mark;
    // A teardown prompt: answered, declined, or timed out (the teardown goes on either way).
    std::function<void(OperatorPrompt, std::function<void(bool confirmed, std::string by)>)> ask_in_teardown;
    // Ends the station's steps and starts the teardown (an interlock that tripped).
    std::function<void(const std::string& reason)> abort;
    // The pump was told to stop (the live display shows it stopped).
    std::function<void()> pump_stopped;
  };

  SafetySupervisor(const StationConfig& station, Balance& balance, Pump& pump, IoBoard* io, Host host);
  SafetySupervisor(const SafetySupervisor&) = delete;
  SafetySupervisor& operator=(const SafetySupervisor&) = delete;

  // What the station has brought up: only what is connected is commanded in the safe hold.
  void pump_connected() { pump_connected_ = true; }
  void io_connected() { io_connected_ = true; }
  bool pump_is_connected() const { return pump_connected_; }

  // The line and the door as the station last had them confirmed.
  void line_confirmed(bool occluded) { occluded_ = occluded; }
  void door_confirmed(bool open) { door_open_ = open; }
  bool occluded() const { return occluded_; }
  bool door_open() const { return door_open_; }

  // Interlocks. Every pressure reading: above the fixture's limit, the over-pressure response
  // (release, stop the pump, abort the station), once; true when it tripped on this reading.
  bool check_pressure(double pressure_mmhg);
  // The board's own safety acting (trip, watchdog release, restart): recorded, the line known
  // open, and a trip answered as the controller's own over-pressure.
  void on_board_event(const IoBoardEvent& e);

  // Opens the line whatever we believe its state is (a close may be in flight, its confirmation
  // void); an unconfirmed release is recorded with what still protects the line.
  void release(const std::string& why, std::function<void()> then);
  // Stops a connected pump whatever we believe it is doing (a start may be in flight); `kind`
  // files the outcome under the interlock or the pause that asked for it.
  void stop_pump(EventKind kind, std::function<void()> then);

  // The teardown in the order above; `then` runs when the board is stopped last.
  void teardown(std::function<void()> then);

 private:
  void over_pressure(double pressure_mmhg);
  void teardown_door(std::function<void()> then);
  void teardown_pump(std::function<void()> then);
  void teardown_streams(std::function<void()> then);
  void event(EventKind kind, std::string message, nlohmann::json data = nlohmann::json::object()) {
    host_.event(kind, std::move(message), std::move(data));
  }

  const StationConfig& station_;
  Balance& balance_;
  Pump& pump_;
  IoBoard* io_;
  Host host_;
  bool pump_connected_ = false;
  bool io_connected_ = false;
  bool occluded_ = false;
  bool door_open_ = false;  // a volumetric pump alarms with its door open: expected in a free-flow test
  bool interlock_tripped_ = false;
};

}  // namespace pumprig
