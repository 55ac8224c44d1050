#include "rig/session/run_session.hpp"

#include <cmath>

#include <fmt/format.h>

#include "rig/analysis/result_json.hpp"
#include "rig/bench/bench.hpp"
#include "rig/config/fixture.hpp"
#include "rig/config/scenario.hpp"
#include "rig/config/scenario_lint.hpp"
#include "rig/kinds/scenario_loading.hpp"
#include "rig/config/validate.hpp"
#include "rig/core/safe_text.hpp"
#include "rig/record/utc_time.hpp"
#include "rig/integrity/manifest.hpp"
#include "rig/integrity/signing.hpp"
#include "rig/record/recorder.hpp"
#include "rig/runner/runner.hpp"
#include "rig/runner/shared_operator.hpp"
#include "rig/runner/terminal_operator.hpp"
#include "rig/session/exit_codes.hpp"
#include "rig/session/index_output.hpp"
#include "rig/session/run_metadata.hpp"
#include "rig/record/run_reader.hpp"
#include "rig/session/recorded_results.hpp"
#include "rig/record/run_status.hpp"

namespace pumprig {

namespace {

// The shared operator's prompts, handed on to the observers.
class ObserverPrompts final : public PromptListener {
 public:
  explicit ObserverPrompts(const std::vector<RunObserver*>& observers) : observers_(observers) {}
  void on_prompt(const OperatorPrompt& prompt) override {
    for (RunObserver* obs : observers_) obs->on_prompt(prompt);
  }
  void on_prompt_closed(int id, const OperatorAnswer& answer) override {
    for (RunObserver* obs : observers_) obs->on_prompt_closed(id, answer);
  }

 private:
  const std::vector<RunObserver*>& observers_;
};

struct LoadedConfig {
  Fixture fixture;
  Scenario scenario;
  std::vector<std::string> accepted_deviations;
};

LoadedConfig load_config(const SessionOptions& o) {
  Fixture fixture = load_fixture_or_default(o.fixture_path);
  apply_dut_overrides(fixture, o.dut);
  apply_condition_overrides(fixture, o.conditions);
  if (o.operator_name) {
    if (const auto problem = text_problem(*o.operator_name, 256); problem || o.operator_name->empty())
      throw std::invalid_argument("bad --operator: the name " + problem.value_or("is empty"));
    fixture.operator_name = *o.operator_name;
  }
  apply_condition_overrides(fixture, o.operator_conditions, "operator");
  if (const auto missing = ambient_values_to_ask(fixture); !missing.empty())
    throw std::invalid_argument("fixture '" + fixture.name + "' asks for the ambient conditions (ambient: ask), and " +
                                quoted_list(missing, "and") + " " + (missing.size() == 1 ? "is" : "are") +
                                " not given: run from a terminal to type them, or give --condition " + missing.front() +
                                "=... for each");
  Scenario scenario = load_scenario_file(o.scenario_path, o.parameters);
  check_scenario_lint(scenario);
  validate_scenario_for_fixture(scenario, fixture);
  check_dut_overrides_apply(scenario, fixture);
  check_condition_overrides_apply(scenario, fixture);
  // An instrument past its calibration date stops the run here, before anything moves, unless
  // the operator accepts the deviation.
  auto accepted = check_calibrations(scenario, fixture, utc_date(std::chrono::system_clock::now()), o.accept_deviations);
  keep_stations_for(scenario, fixture);
  return {std::move(fixture), std::move(scenario), std::move(accepted)};
}

}  // namespace

RunSession::RunSession(SessionOptions options, SimulationFactory simulation, std::ostream& err)
    : options_(std::move(options)), simulation_factory_(std::move(simulation)), err_(err) {}

RunSession::~RunSession() = default;

void RunSession::add_output(std::unique_ptr<RunOutput> output) { outputs_.push_back(std::move(output)); }

void RunSession::add_observer(RunObserver* observer) { observers_.push_back(observer); }

// What the control commands act on, valid on the loop's thread while run() has a loop.
struct RunSession::Live {
  EventLoop& loop;
  Runner& runner;
  SharedOperator& shared_operator;
  EventSink record_event;
};

bool RunSession::post_to_run(std::function<void()> task) {
  std::lock_guard lock(live_mutex_);
  if (!loop_) return false;
  loop_->post(std::move(task));
  return true;
}

void RunSession::request_abort(std::string reason) {
  {
    std::lock_guard lock(live_mutex_);
    if (!loop_) {
      if (!early_abort_) early_abort_ = std::move(reason);
      return;
    }
  }
  post_to_run([this, reason = std::move(reason)] {
    if (live_) live_->runner.abort_all(reason);
  });
}

namespace {
const char* const kNoRun = "no run is going";
}

void RunSession::on_loop(const Reply& reply, std::function<void()> task) {
  if (!post_to_run([this, reply, task = std::move(task)] {
        if (!live_) return reply(kNoRun);
        task();
      }))
    reply(kNoRun);
}

void RunSession::on_stations(const std::string& station, Reply reply,
                             std::function<std::optional<std::string>(StationRun&)> act) {
  on_loop(reply, [this, station, reply, act = std::move(act)] {
    std::string refused;
    bool found = false;
    for (const auto& st : live_->runner.stations()) {
      if (!station.empty() && st->id() != station) continue;
      found = true;
      if (auto why = act(*st)) refused += (refused.empty() ? "" : "; ") + *why;
    }
    reply(found ? refused : fmt::format("no station '{}' in this run", station));
  });
}

void RunSession::answer_prompt(int id, OperatorAnswer answer, Reply reply) {
  on_loop(reply, [this, id, answer = std::move(answer), reply] {
    reply(live_->shared_operator.answer(id, answer) ? "" : fmt::format("prompt {} is not open (answered already?)", id));
  });
}

void RunSession::request_pause(const std::string& station, const std::string& who, Reply reply) {
  on_stations(station, std::move(reply), [who](StationRun& st) { return st.request_pause(who); });
}

// Resuming is answering the station's open resume prompt, as the operator at the bench would.
void RunSession::request_resume(const std::string& station, const std::string& who, Reply reply) {
  on_stations(station, std::move(reply), [this, who](StationRun& st) -> std::optional<std::string> {
    const int prompt = live_->shared_operator.open_resume_prompt(st.id());
    if (prompt != 0 && live_->shared_operator.answer(prompt, OperatorAnswer{true, "resume", who})) return std::nullopt;
    return fmt::format("station {} is not paused", st.id());
  });
}

void RunSession::request_speed(double speed, Reply reply) {
  on_loop(reply, [this, speed, reply] {
    if (!(speed > 0) || !std::isfinite(speed)) return reply("speed must be a positive number");
    if (live_->loop.set_speed(speed)) return reply("");
    reply(live_->loop.clock().is_virtual()
              ? "this run is not paced: it runs in virtual time as fast as it can (start it with --speed to pace it)"
              : "real instruments run in real time: the speed of this run cannot change");
  });
}

void RunSession::record_note(std::string message) {
  post_to_run([this, message = std::move(message)] {
    if (live_) live_->record_event(RigEvent{live_->loop.now(), EventKind::info, "control", message});
  });
}

void RunSession::request_snapshot() {
  post_to_run([this] {
    if (live_ && snapshot_now_) snapshot_now_();
  });
}

RunReport RunSession::run(const std::atomic<bool>* interrupt) {
  const SessionOptions& o = options_;
  std::ostream& err = err_;
  RunReport report;
  LoadedConfig config;
  try {
    config = load_config(o);
  } catch (const std::exception& e) {
    err << "pumprig: " << e.what() << "\n";
    report.exit_code = kExitUsage;
    return report;
  }
  report.scenario_title = config.scenario.title;
  report.fixture_name = config.fixture.name;
  report.scenario_parameters = parameters_in_force(config.scenario);
  report.parameters_given = !config.scenario.overrides.empty();
  for (const auto& d : config.accepted_deviations) err << "pumprig: DEVIATION: " << d << "\n";
  // The signing key is read before anything moves: a run that cannot be signed as asked is a
  // configuration error, not a surprise after hours of recording.
  std::optional<SigningKey> signing_key;
  if (o.sign_key_path) {
    try {
      signing_key = SigningKey::load(*o.sign_key_path);
    } catch (const std::exception& e) {
      err << "pumprig: " << e.what() << "\n";
      report.exit_code = kExitUsage;
      return report;
    }
  }
  const bool all_sim = fixture_is_all_simulated(config.fixture);
  const std::uint64_t seed = o.seed.value_or(config.fixture.seed.value_or(1));
  if (o.speed && (!(*o.speed > 0) || !std::isfinite(*o.speed))) {
    err << "pumprig: --speed must be a positive number\n";
    report.exit_code = kExitUsage;
    return report;
  }
  // The fixture's `speed` (written by pumprig-sim, whose instruments run at that speed) is the
  // default for --speed; --realtime means speed 1 whatever the fixture says.
  std::optional<double> speed = o.speed;
  if (!speed && !o.realtime) speed = config.fixture.speed;
  if (o.speed && config.fixture.speed && *o.speed != *config.fixture.speed && !all_sim)
    err << fmt::format("pumprig: warning: --speed {} differs from the fixture's speed {}, at which its instruments "
                       "run: timeouts and rates will be off by the ratio\n",
                       *o.speed, *config.fixture.speed);
  const bool virtual_time = all_sim && !o.realtime && !speed;

  // The loop outlives everything that schedules on it (declared first, destroyed last).
  // A simulated bench stays in virtual time even when paced for a demo (--speed, --realtime):
  // the clock then waits for real time to catch up with the next event instead of running ahead
  // of it, so the run is the same run, only slower. Real instruments need the steady clock.
  std::unique_ptr<Clock> clock;
  if (virtual_time)
    clock = std::make_unique<VirtualClock>();
  else if (all_sim)
    clock = std::make_unique<PacedClock>(speed.value_or(1.0));
  else
    clock = std::make_unique<SteadyClock>(speed.value_or(1.0));
  EventLoop loop(std::move(clock));

  // Simulated instruments exist only where the fixture names them (or an unattended run needs the
  // simulated operator); a real bench gets none.
  std::unique_ptr<Simulation> simulation;
  if ((fixture_uses_simulation(config.fixture) || o.unattended) && simulation_factory_) {
    try {
      simulation = simulation_factory_(config.fixture, seed);
    } catch (const std::exception& e) {
      err << "pumprig: " << e.what() << "\n";
      report.exit_code = kExitUsage;
      return report;
    }
  }

  std::unique_ptr<Operator> bench_operator;
  if (simulation && (all_sim || o.unattended))
    bench_operator = simulation->make_operator(loop);
  else
    bench_operator = std::make_unique<TerminalOperator>(loop);
  // Every prompt is shown to the observers too (the control channel's clients may answer it).
  SharedOperator shared_operator(*bench_operator);
  ObserverPrompts prompt_listener(observers_);
  shared_operator.add_listener(&prompt_listener);
  Operator* const op = &shared_operator;

  std::unique_ptr<Recorder> recorder;

  // A recording failure (disk full) must not escape through the event loop: it aborts the run to
  // the safe state and is reported. What can still be recorded afterwards is (the abort and the
  // teardown go to events.jsonl even when only a samples file failed); a file that failed once
  // refuses further lines, so nothing is appended after a torn one.
  std::string record_error;
  Runner* runner_ptr = nullptr;
  auto guard = [&](auto&& fn) {
    try {
      fn();
    } catch (const std::exception& e) {
      if (!record_error.empty()) return;  // already aborting
      record_error = e.what();
      if (runner_ptr) runner_ptr->abort_all(std::string("recording failed: ") + e.what());
    }
  };
  EventSink record_event = [&](RigEvent ev) {
    guard([&] { recorder->add_event(ev); });
    for (RunObserver* obs : observers_) obs->on_event(ev);
  };

  std::unique_ptr<Bench> bench;
  try {
    bench = std::make_unique<Bench>(
        config.fixture, loop, simulation ? &simulation->endpoints() : nullptr,
        [&](const std::string& instrument) -> WireTap::Sink {
          return [&, instrument](Nanos t, char dir, std::span<const std::uint8_t> bytes) {
            guard([&] { recorder->add_wire(instrument, t, dir, bytes); });
          };
        },
        record_event);
  } catch (const std::exception& e) {
    // A missing port or an unknown driver: nothing has moved and nothing was recorded.
    err << "pumprig: " << e.what() << "\n";
    report.exit_code = kExitUsage;
    return report;
  }

  // The run folder is made only once the bench stands (links carry no bytes before the loop runs).
  try {
    // Parameters given from outside name the run: two rates of one scenario are told apart by
    // their folders and run ids.
    const std::string run_name = run_file_name(config.scenario.id, config.scenario.overrides);
    RunFolder folder = o.out_dir ? RunFolder::create_at(*o.out_dir, run_name) : RunFolder::create_new(o.runs_dir, run_name);
    nlohmann::json metadata =
        run_metadata(config.fixture, config.scenario,
                     RunConditions{speed.value_or(1.0), seed, all_sim, virtual_time, config.accepted_deviations}, *op);
    if (signing_key) metadata["signing"] = {{"algorithm", "ed25519"}, {"key_fingerprint", signing_key->fingerprint()}};
    if (!o.control_socket.empty()) metadata["control_socket"] = o.control_socket;
    RecorderOptions recording;
    recording.wire_log_max_bytes = config.fixture.wire_log_max_bytes.value_or(kDefaultWireLogMaxBytes);
    recorder = std::make_unique<Recorder>(std::move(folder), std::move(metadata), std::move(recording));
  } catch (const std::exception& e) {
    err << "pumprig: " << e.what() << "\n";
    report.exit_code = kExitUsage;
    return report;
  }
  report.run_dir = recorder->dir();

  Runner runner(
      loop, *bench, config.fixture, config.scenario, *op,
      [&](const std::string& station) {
        StationSinks sinks;
        sinks.event = record_event;
        sinks.sample = [&, station](double t_s, const BalanceReading& r) {
          guard([&] { recorder->add_sample(station, t_s, r.mass_g, r.stable); });
        };
        auto io_sample = [&, station](Timeline timeline) {
          return [&, station, timeline](double t_s, const IoReading& r) {
            guard([&] {
              recorder->add_io_sample(station, t_s, r.pressure_mmhg, r.pressure2_mmhg, r.temperature_c, r.alarm,
                                      r.occluder_closed, timeline);
            });
          };
        };
        sinks.io_sample = io_sample(Timeline::test);
        sinks.prestart_io_sample = io_sample(Timeline::prestart);
        sinks.prestart_sample = [&, station](double t_s, const BalanceReading& r) {
          guard([&] { recorder->add_sample(station, t_s, r.mass_g, r.stable, Timeline::prestart); });
        };
        if (!observers_.empty()) {
          sinks.live_reading = [&, station](const BalanceReading& r) {
            for (RunObserver* obs : observers_) obs->on_reading(station, r);
          };
          sinks.live_io = [&, station](const IoReading& r) {
            for (RunObserver* obs : observers_) obs->on_io_reading(station, r);
          };
        }
        sinks.identity = [&](const std::string& name, const InstrumentIdentity& id) {
          guard([&] {
            nlohmann::json entry = {{"manufacturer", id.manufacturer}, {"model", id.model}, {"serial", id.serial},
                                    {"firmware", id.firmware}, {"protocol", id.protocol}};
            // Only instruments that state one (an MT-SICS balance answering I5) have the key.
            if (!id.software_number.empty()) entry["software_number"] = id.software_number;
            recorder->update_metadata({{"instruments", {{name, std::move(entry)}}}});
          });
        };
        return sinks;
      },
      record_event);
  runner_ptr = &runner;

  auto notify_snapshot = [&] {
    if (observers_.empty()) return;
    const RunSnapshot snapshot = snapshot_of(runner, loop.now());
    for (RunObserver* obs : observers_) obs->on_snapshot(snapshot);
  };
  TimerId tick = 0;
  std::function<void()> on_tick = [&] {
    notify_snapshot();
    guard([&] { recorder->sync_if_due(); });
    tick = loop.schedule_after(seconds(1), on_tick);
  };
  tick = loop.schedule_after(seconds(1), on_tick);

  snapshot_now_ = notify_snapshot;
  Live live{loop, runner, shared_operator, record_event};
  live_ = &live;
  // Whatever way run() leaves (an exception included), nothing outside may reach this loop after.
  struct Detach {
    RunSession& s;
    ~Detach() {
      std::lock_guard lock(s.live_mutex_);
      s.loop_ = nullptr;
      s.live_ = nullptr;
      s.snapshot_now_ = nullptr;
    }
  } detach{*this};
  if (!observers_.empty()) {
    RunStarted started;
    started.run_id = recorder->run_id();
    started.run_dir = recorder->dir().string();
    started.fixture_name = config.fixture.name;
    started.scenario_id = config.scenario.id;
    started.scenario_title = config.scenario.title;
    started.simulated = all_sim;
    started.virtual_time = virtual_time;
    started.speed = speed.value_or(1.0);
    for (const auto& st : runner.stations()) started.stations.push_back(st->id());
    for (RunObserver* obs : observers_) obs->on_started(started);
  }
  {
    std::lock_guard lock(live_mutex_);
    loop_ = &loop;
    // An abort asked for while the bench was being assembled is carried out first thing.
    if (early_abort_) loop.post([this, reason = *early_abort_] { live_->runner.abort_all(reason); });
  }
  if (hooks_.loop_ready) hooks_.loop_ready(loop, simulation.get());
  runner.start(interrupt);
  try {
    loop.run();
  } catch (const std::exception& e) {
    // Nothing should throw out of the loop; if something does, still reach the safe state.
    record_event(RigEvent{loop.now(), EventKind::fault, "runner", std::string("internal error: ") + e.what()});
    runner.abort_all(std::string("internal error: ") + e.what());
    loop.run();
  }
  {
    std::lock_guard lock(live_mutex_);
    loop_ = nullptr;
  }
  loop.cancel(tick);
  report.interrupted = interrupt && interrupt->load();
  if (hooks_.loop_done) hooks_.loop_done(simulation.get());
  notify_snapshot();

  // Analysis from the record (what the stations kept in memory is not used: re-analysing the
  // folder later must give the same result), result.json, and the final status.
  StationResults results;
  std::string analysis_error;
  try {
    results = analyse_recorded_run(load_run_folder(recorder->dir()), config.fixture, config.scenario);
  } catch (const std::exception& e) {
    analysis_error = e.what();
    err << "pumprig: the record cannot be analysed: " << analysis_error << "\n";
  }
  report.details = std::move(results.details);
  const bool aborted = runner.any_aborted() || !record_error.empty() || !analysis_error.empty();
  std::string reason = aborted_stations_reason(results);
  if (!analysis_error.empty()) reason = "the record cannot be analysed: " + analysis_error;
  if (!record_error.empty()) reason = "recording failed: " + record_error;
  report.record_error = record_error;
  report.result = run_result_document(RunIdentity{recorder->run_id(), all_sim ? Provenance::simulated : Provenance::real, seed},
                                      config.fixture, config.scenario, aborted, results);
  report.verdict = run_verdict(&*report.result, aborted, reason);
  try {
    recorder->write_result(to_json(*report.result));
    recorder->finish(aborted ? RunStatus::aborted : RunStatus::finished, reason);
  } catch (const std::exception& e) {
    err << "pumprig: " << e.what() << "\n";
    report.exit_code = kExitAborted;
    return report;
  }
  // Seal what was recorded (everything is final now) and sign the seal. A seal that cannot be
  // made is an error of the run.
  FinishedRun finished{recorder->dir(), *report.result, report.verdict, {}, true};
  try {
    finished.manifest_digest = write_manifest(recorder->dir()).digest;
    if (signing_key) sign_manifest(recorder->dir(), *signing_key);
  } catch (const std::exception& e) {
    err << "pumprig: cannot seal the run folder: " << e.what() << "\n";
    finished.sealed = false;
  }
  report.manifest_digest = finished.manifest_digest;
  // The index first, on its own: a catalogue that can be rebuilt, so failing to write it is only
  // a warning, but the outputs after it (the reports' integrity check) need to know whether the
  // run is listed. Then the other outputs in the order added.
  if (signing_key) finished.signing_key_path = *o.sign_key_path;
  if (!o.no_index && finished.sealed) {
    IndexOutput index(o.index_path ? std::optional<std::filesystem::path>(*o.index_path) : std::nullopt);
    try {
      index.write(finished, err);
      finished.index_path = index.path_for(finished.dir);
    } catch (const std::exception& e) {
      err << "pumprig: warning: " << e.what() << "\n";
    }
  }
  for (const auto& out : outputs_) {
    try {
      out->write(finished, err);
    } catch (const std::exception& e) {
      err << "pumprig: warning: " << out->name() << " not written: " << e.what() << "\n";
    }
  }
  for (RunObserver* obs : observers_) obs->on_finished(finished);
  report.exit_code = finished.sealed ? exit_code_for(report.verdict.outcome) : kExitAborted;
  return report;
}

}  // namespace pumprig
