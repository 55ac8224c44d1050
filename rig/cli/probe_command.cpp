#include "rig/cli/probe_command.hpp"

#include <iostream>
#include <memory>
#include <optional>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "hardware/sim/probe_station.hpp"
#include "hardware/sim/simulated_bench.hpp"
#include "rig/session/exit_codes.hpp"
#include "rig/config/fixture.hpp"
#include "rig/drivers/registry.hpp"
#include "rig/config/connection_string.hpp"
#include "rig/bench/device_link.hpp"

namespace pumprig {

namespace {

DriverSettings probe_settings(const std::string& name, const ProbeOptions& o) {
  DriverSettings s;
  s.name = name;
  s.exchange = ExchangeOptions{from_seconds(o.reply_timeout_s), o.attempts};
  return s;
}


// What the probe saw, filled in on the loop and printed at the end.
struct ProbeState {
  std::optional<DeviceError> failure;
  bool finished = false;
};

std::string identity_text(const InstrumentIdentity& id) {
  std::string s = id.manufacturer.empty() ? std::string("(manufacturer not stated)") : id.manufacturer;
  if (!id.model.empty()) s += " " + id.model;
  if (!id.serial.empty()) s += ", serial " + id.serial;
  if (!id.firmware.empty()) s += ", firmware " + id.firmware;
  if (!id.software_number.empty()) s += ", software " + id.software_number;
  if (!id.protocol.empty()) s += " (" + id.protocol + ")";
  return s;
}

const char* status_text(WeightStatus s) {
  switch (s) {
    case WeightStatus::ok: return "";
    case WeightStatus::overload: return "overload";
    case WeightStatus::underload: return "underload";
    case WeightStatus::error: return "error";
  }
  return "";
}

// The balance: identify, then `readings` SI polls.
void probe_balance(EventLoop& loop, Link& link, const std::string& name, const ProbeOptions& o, std::ostream& out,
                   ProbeState& state, std::unique_ptr<Balance>& keep) {
  auto balance = find_driver(o.driver, DriverRole::balance)->make_balance(loop, link, probe_settings(name, o));
  Balance* b = balance.get();
  keep = std::move(balance);
  auto count = std::make_shared<int>(0);
  const auto finish = [&loop, &state, b](std::optional<DeviceError> e) {
    if (state.finished) return;
    b->stop_readings();
    state.failure = std::move(e);
    state.finished = true;
    loop.stop();
  };
  b->connect([&, b, count, finish](Outcome<InstrumentIdentity> id) {
    if (!id) return finish(id.error());
    out << "identity: " << identity_text(*id) << "\n";
    if (b->capacity_g()) out << fmt::format("capacity: {} g\n", *b->capacity_g());
    const Nanos start = loop.now();
    b->start_readings(
        milliseconds(500),
        [&, count, finish, start](const BalanceReading& r) {
          ++*count;
          if (r.status == WeightStatus::ok)
            out << fmt::format("reading {}: {:>12.5f} g  {}  (t = {:.3f} s)\n", *count, r.mass_g,
                               r.stable ? "stable " : "dynamic", to_seconds(r.t_ns - start));
          else
            out << fmt::format("reading {}: {}  (t = {:.3f} s)\n", *count, status_text(r.status),
                               to_seconds(r.t_ns - start));
          if (*count >= o.readings) finish(std::nullopt);
        },
        [finish](const DeviceError& e) { finish(e); });
  });
}

// The pump: identify (leaving or putting it in basic mode), one status with the dispensed volume,
// then stop it and leave basic mode on (disconnect).
void probe_pump(EventLoop& loop, Link& link, const std::string& name, const ProbeOptions& o, std::ostream& out,
                ProbeState& state, std::unique_ptr<Pump>& keep) {
  DriverSettings s = probe_settings(name, o);
  s.address = o.address;
  s.safe_mode_timeout_s = 0;  // a probe needs no heartbeat; connect() also takes a pump out of safe mode
  auto pump = find_driver(o.driver, DriverRole::pump)->make_pump(loop, link, s);
  Pump* p = pump.get();
  keep = std::move(pump);
  const auto finish = [&loop, &state](std::optional<DeviceError> e) {
    if (state.finished) return;
    state.failure = std::move(e);
    state.finished = true;
    loop.stop();
  };
  p->connect([&, p, finish](Outcome<InstrumentIdentity> id) {
    if (!id) return finish(id.error());
    out << "identity: " << identity_text(*id) << "\n";
    p->status([&, p, finish](Outcome<PumpStatus> st) {
      if (!st) return finish(st.error());
      std::string line = fmt::format("status: {}", to_string(st->state));
      if (st->alarm != PumpAlarm::none) line += fmt::format(" (alarm: {})", st->alarm_text.empty() ? to_string(st->alarm) : st->alarm_text);
      line += st->dispensed_ml ? fmt::format(", dispensed {} ml", *st->dispensed_ml) : std::string(", dispensed unknown");
      out << line << "\n";
      p->disconnect([&, finish](Outcome<std::string> r) {
        if (!r) return finish(r.error());
        // No comms watchdog left running ("basic mode" in the NE-1000's words); the driver's own
        // words on what it left follow.
        out << "left stopped, in basic mode\n";
        if (!r->empty()) out << "disconnect: " << *r << "\n";
        finish(std::nullopt);
      });
    });
  });
}

// The rig I/O board: identify, then `readings` records of its stream (pressure, temperature,
// alarm input, valve); the occluder is never closed, and disconnect leaves it open.
void probe_io_board(EventLoop& loop, Link& link, const std::string& name, const ProbeOptions& o, std::ostream& out,
                    ProbeState& state, std::unique_ptr<IoBoard>& keep) {
  keep = find_driver(o.driver, DriverRole::io_board)->make_io_board(loop, link, probe_settings(name, o));
  IoBoard* b = keep.get();
  auto count = std::make_shared<int>(0);
  const auto finish = [&loop, &state, b](std::optional<DeviceError> e) {
    if (state.finished) return;
    b->stop_streaming();
    b->disconnect([&loop, &state, e](Outcome<Unit>) {
      state.failure = e;
      state.finished = true;
      loop.stop();
    });
  };
  b->connect([&, b, count, finish](Outcome<InstrumentIdentity> id) {
    if (!id) return finish(id.error());
    out << "identity: " << identity_text(*id) << "\n";
    const Nanos start = loop.now();
    b->start_streaming(
        milliseconds(500),
        [&, count, finish, start](const IoReading& r) {
          ++*count;
          out << fmt::format("reading {}: {:>7.1f} mmHg{}  {:>5.1f} degC  alarm {}  occluder {}{}  (t = {:.3f} s)\n", *count,
                             r.pressure_mmhg, r.pressure2_mmhg ? fmt::format(" / {:.1f} mmHg", *r.pressure2_mmhg) : "",
                             r.temperature_c, r.alarm ? "ON" : "off", r.occluder_closed ? "closed" : "open",
                             r.tripped ? "  TRIPPED" : "", to_seconds(r.t_ns - start));
          if (*count >= o.readings) finish(std::nullopt);
        },
        [finish](const DeviceError& e) { finish(e); });
  });
}

// Every driver that talks over a link: what a probe can try.
std::vector<const DriverEntry*> probeable_drivers() {
  std::vector<const DriverEntry*> out;
  for (const auto& d : driver_registry())
    if (d.needs_link()) out.push_back(&d);
  return out;
}

// "'mtsics' (balance), 'ne1000' (pump), 'rigio' (io_board)", for messages.
std::string probeable_driver_list() {
  std::string list;
  for (const DriverEntry* d : probeable_drivers())
    list += fmt::format("{}'{}' ({})", list.empty() ? "" : ", ", d->name, to_string(d->role));
  return list;
}

}  // namespace

int probe_instrument(const ProbeOptions& o, std::ostream& out, std::ostream& err) {
  const auto usage = [&](const std::string& message) {
    err << "pumprig: probe: " << message << "\n";
    return kExitUsage;
  };
  const DriverEntry* driver = find_driver(o.driver);
  if (!driver || !driver->needs_link())
    return usage(fmt::format("unknown driver '{}': expected one of {}", o.driver, probeable_driver_list()));
  if (o.readings < 1) return usage("--readings must be at least 1");
  ConnectionSpec spec;
  try {
    spec = parse_connection(o.connection);
  } catch (const std::invalid_argument& e) {
    return usage(e.what());
  }
  if (spec.transport == Transport::tcp) return usage(o.connection + ": tcp connections are not supported yet");

  const InstrumentRole role = driver->role == DriverRole::balance ? InstrumentRole::balance
                              : driver->role == DriverRole::pump  ? InstrumentRole::pump
                                                                  : InstrumentRole::io_board;
  // An in-process simulated instrument lives in virtual time; a real port needs real time.
  EventLoop loop(spec.transport == Transport::sim ? std::unique_ptr<Clock>(std::make_unique<VirtualClock>())
                                                  : std::unique_ptr<Clock>(std::make_unique<SteadyClock>()));
  std::unique_ptr<sim::SimulatedBench> sim_bench;  // outlives the link it serves
  std::optional<Fixture> sim_fixture;
  std::unique_ptr<Link> link;
  const std::string name = o.connection;  // errors name the device the tester typed
  try {
    switch (spec.transport) {
      case Transport::sim:
      {
        // Driver D against its own simulator: the embedded bench's station with D on that role,
        // or its first station with the instrument switched to D.
        sim_fixture = load_fixture_or_default(std::nullopt);
        const StationConfig station = sim::probe_station(*sim_fixture, driver->name, role);
        sim_fixture->stations = {station};
        sim_bench = std::make_unique<sim::SimulatedBench>(*sim_fixture, sim_fixture->seed.value_or(1));
        link = sim_bench->connect(loop, sim_fixture->stations.front(), role, spec.serial);
        break;
      }
      default: link = make_device_link(loop, spec); break;
    }
    link->open();
  } catch (const std::exception& e) {
    return usage(e.what());
  }
  out << fmt::format("probing {} as {}\n", o.connection, driver->describes);

  ProbeState state;
  std::unique_ptr<Balance> balance_driver;
  std::unique_ptr<Pump> pump_driver;
  std::unique_ptr<IoBoard> io_driver;
  switch (driver->role) {
    case DriverRole::balance: probe_balance(loop, *link, name, o, out, state, balance_driver); break;
    case DriverRole::pump: probe_pump(loop, *link, name, o, out, state, pump_driver); break;
    case DriverRole::io_board: probe_io_board(loop, *link, name, o, out, state, io_driver); break;
  }
  // The drivers give up by themselves after their retries; this only bounds a pathological case.
  const TimerId guard = loop.schedule_after(seconds(60) + o.readings * seconds(1), [&] {
    if (state.finished) return;
    state.failure = DeviceError{name, "probe did not finish within its time limit"};
    state.finished = true;
    loop.stop();
  });
  loop.run();
  loop.cancel(guard);
  balance_driver.reset();
  pump_driver.reset();
  io_driver.reset();
  link->close();

  if (!state.finished) state.failure = DeviceError{name, "the probe ended without an answer"};
  if (state.failure) {
    err << fmt::format("pumprig: probe failed: {} (is {} there, powered, at these port settings?)\n",
                       state.failure->what(), driver->describes);
    return kExitUsage;
  }
  return kExitPass;
}

void add_probe_command(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<ProbeOptions>();
  CLI::App* cmd = app.add_subcommand("probe", "Identify an instrument on a connection and show a few readings");
  cmd->add_option("connection", o->connection, "tty:/dev/pts/N?baud=9600, serial:/dev/ttyUSB0?baud=9600, or sim:")
      ->required();
  std::vector<std::string> names;
  for (const DriverEntry* d : probeable_drivers()) names.push_back(d->name);
  cmd->add_option("--driver", o->driver, "the instrument's driver: " + probeable_driver_list())
      ->required()
      ->check(CLI::IsMember(names));
  cmd->add_option("--readings", o->readings, "Balance readings to show")->capture_default_str()->check(CLI::Range(1, 1000));
  cmd->add_option("--address", o->address, "NE-1000 network address")->capture_default_str()->check(CLI::Range(0, 99));
  cmd->callback([o, &exit_code] { exit_code = probe_instrument(*o, std::cout, std::cerr); });
}

}  // namespace pumprig
