#include <boost/test/unit_test.hpp>

#include <signal.h>
#include <sys/resource.h>

#include <charconv>

#include "rig/record/jsonl.hpp"
#include "rig/record/recorder.hpp"
#include "rig/record/run_reader.hpp"
#include "rig/record/wire_log.hpp"
#include "tests/record/fork_util.hpp"
#include "tests/record/record_test_util.hpp"

using namespace pumprig;
using nlohmann::json;
using pumprig::test::TempDir;

namespace {

json sample_metadata() {
  return {{"provenance", "simulated"},
          {"seed", 42},
          {"operator", "test"},
          {"fixture", "stations:\n  - name: station-1\n"},
          {"instruments", {{"balance-1", {{"serial", "SIM-0001"}}}}}};
}

json read_json(const std::filesystem::path& p) { return json::parse(test::read_text(p)); }

double parse_double(const std::string& s) {
  double v = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  BOOST_REQUIRE(ec == std::errc{});
  BOOST_REQUIRE(p == s.data() + s.size());
  return v;
}

bool no_temp_files(const std::filesystem::path& dir) {
  for (const auto& name : test::entries(dir))
    if (name.find(".tmp-") != std::string::npos) return false;
  return true;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(recorder)

BOOST_AUTO_TEST_CASE(run_json_starts_running_with_the_callers_metadata) {
  TempDir tmp;
  Recorder rec(RunFolder::create_at(tmp.path() / "run"), sample_metadata());
  const json run = read_json(rec.dir() / "run.json");
  BOOST_TEST(run["status"].get<std::string>() == "running");
  BOOST_TEST(run["seed"].get<int>() == 42);
  BOOST_TEST(run["provenance"].get<std::string>() == "simulated");
  BOOST_TEST(run["fixture"].get<std::string>() == "stations:\n  - name: station-1\n");
  BOOST_TEST(test::fits(run["start_utc"].get<std::string>(), test::kUtcIsoPattern));
  BOOST_TEST(std::filesystem::exists(rec.dir() / "events.jsonl"));
  BOOST_TEST(no_temp_files(rec.dir()));
}

BOOST_AUTO_TEST_CASE(samples_round_trip_with_full_precision) {
  TempDir tmp;
  const std::vector<std::tuple<double, double, bool>> samples = {
      {0.0, 0.0, true},
      {0.1, 12.3456, true},
      {0.123456789, -0.00001, false},      // ns time, 0.01 mg
      {7199.999999999, 0.1 + 0.2, true},  // a computed mass keeps every bit
      {3600.5, 1234.56789, false},
  };
  std::filesystem::path csv;
  {
    Recorder rec(RunFolder::create_at(tmp.path() / "run"), sample_metadata());
    for (const auto& [t, m, s] : samples) rec.add_sample("station-1", t, m, s);
    csv = rec.dir() / "samples-station-1.csv";
    rec.finish(RunStatus::finished, "");
  }
  const auto lines = test::complete_lines(test::read_text(csv));
  BOOST_REQUIRE(lines.size() == samples.size() + 1);
  BOOST_TEST(lines[0] == "time_s,mass_g,stable");
  BOOST_TEST(lines[2] == "0.1,12.3456,1");  // shortest text, nothing invented
  BOOST_TEST(lines[3] == "0.123456789,-0.00001,0");
  for (std::size_t i = 0; i < samples.size(); ++i) {
    const std::string& l = lines[i + 1];
    const auto c1 = l.find(','), c2 = l.rfind(',');
    BOOST_TEST(parse_double(l.substr(0, c1)) == std::get<0>(samples[i]));
    BOOST_TEST(parse_double(l.substr(c1 + 1, c2 - c1 - 1)) == std::get<1>(samples[i]));
    BOOST_TEST(l.substr(c2 + 1) == (std::get<2>(samples[i]) ? "1" : "0"));
  }
}

BOOST_AUTO_TEST_CASE(events_round_trip_with_utc_stamp) {
  TempDir tmp;
  Recorder rec(RunFolder::create_at(tmp.path() / "run"), sample_metadata());
  rec.add_event({seconds(90) + 500'000'000, EventKind::step, "runner", "set rate 25 ml/h", {{"rate_ml_h", 25.0}}});
  rec.add_event({seconds(91), EventKind::fault, "balance-1", "reply with \"quotes\"\nand a newline", json::object()});
  rec.add_event({seconds(92), EventKind::retry, "balance-1", "raw \xff byte", nullptr});
  const auto r = read_jsonl(rec.dir() / "events.jsonl");
  BOOST_TEST(r.notes.empty());
  BOOST_REQUIRE(r.objects.size() == 3u);
  const json& e = r.objects[0];
  BOOST_TEST(e["t_s"].get<double>() == 90.5);
  BOOST_TEST(e["kind"].get<std::string>() == "step");
  BOOST_TEST(e["source"].get<std::string>() == "runner");
  BOOST_TEST(e["message"].get<std::string>() == "set rate 25 ml/h");
  BOOST_TEST(e["data"]["rate_ml_h"].get<double>() == 25.0);
  BOOST_TEST(test::fits(e["utc"].get<std::string>(), test::kUtcIsoPattern));
  BOOST_TEST(r.objects[1]["message"].get<std::string>() == "reply with \"quotes\"\nand a newline");
  BOOST_TEST(r.objects[2]["data"].is_object());  // invalid UTF-8 and null data do not throw
  // Time first, for people reading the file.
  BOOST_TEST(test::read_text(rec.dir() / "events.jsonl").rfind("{\"t_s\":90.5,\"utc\":", 0) == 0u);
}

BOOST_AUTO_TEST_CASE(wire_bytes_are_recovered_exactly) {
  TempDir tmp;
  Recorder rec(RunFolder::create_at(tmp.path() / "run"), sample_metadata());
  const std::string request = "SI\r\n";
  const std::string reply = "\x02" "S S \\ 12.3456 g\r\n\x03";
  const std::vector<std::uint8_t> req(request.begin(), request.end()), rep(reply.begin(), reply.end());
  rec.add_wire("balance-1", milliseconds(1500), '>', req);
  rec.add_wire("balance-1", milliseconds(1512) + 1, '<', rep);
  rec.add_wire("balance-1", milliseconds(1600), '<', {});  // nothing crossed: nothing written
  rec.add_wire("pump-1", 0, '>', req);
  BOOST_CHECK_THROW(rec.add_wire("pump-1", 0, '?', req), std::invalid_argument);
  const auto r = read_wire_log(rec.dir() / "wire-balance-1.log");
  BOOST_TEST(r.notes.empty());
  BOOST_REQUIRE(r.chunks.size() == 2u);
  BOOST_TEST((r.chunks[0] == WireChunk{milliseconds(1500), '>', req}));
  BOOST_TEST((r.chunks[1] == WireChunk{milliseconds(1512) + 1, '<', rep}));
  BOOST_TEST(read_wire_log(rec.dir() / "wire-pump-1.log").chunks.size() == 1u);
}

BOOST_AUTO_TEST_CASE(finish_marks_the_status_and_the_folder_loads_clean) {
  TempDir tmp;
  std::filesystem::path dir;
  {
    Recorder rec(RunFolder::create_new(tmp.path() / "runs", "iec-accuracy-25mlh"), sample_metadata());
    dir = rec.dir();
    rec.add_sample("station-1", 1.0, 2.0, true);
    rec.add_event({seconds(1), EventKind::step, "runner", "start", json::object()});
    rec.update_metadata({{"pump", {{"serial", "P-1"}}}, {"operator", nullptr}});
    rec.write_result({{"tests", {{{"id", "t1"}, {"verdict", "pass"}, {"mean_error_pct", -1.25}}}}});
    rec.finish(RunStatus::finished, "all steps done");
    BOOST_TEST(rec.finished());
    BOOST_CHECK_THROW(rec.add_sample("station-1", 2.0, 2.0, true), std::logic_error);
    BOOST_CHECK_THROW(rec.add_event({}), std::logic_error);
    BOOST_CHECK_THROW(rec.finish(RunStatus::finished, ""), std::logic_error);
    rec.update_metadata({{"report_sha256", "abc"}});  // still allowed: derived data comes later
  }
  const json run = read_json(dir / "run.json");
  BOOST_TEST(run["status"].get<std::string>() == "finished");
  BOOST_TEST(run["end_reason"].get<std::string>() == "all steps done");
  BOOST_TEST(run.contains("end_utc"));
  BOOST_TEST(run["pump"]["serial"].get<std::string>() == "P-1");
  BOOST_TEST(!run.contains("operator"));  // merge patch: null deletes
  BOOST_TEST(run["report_sha256"].get<std::string>() == "abc");
  BOOST_TEST(no_temp_files(dir));

  const auto c = load_run_folder(dir);
  BOOST_TEST(c.status_label() == "finished");
  BOOST_TEST(c.notes.empty());
  BOOST_TEST(c.samples.count("station-1") == 1u);
  BOOST_TEST(c.events.size() == 1u);
  BOOST_REQUIRE(c.result.has_value());
  BOOST_REQUIRE_EQUAL(c.result->tests.size(), 1u);
  BOOST_TEST(c.result->tests[0].field("mean_error_pct").get<double>() == -1.25);
}

BOOST_AUTO_TEST_CASE(recorder_dropped_without_finish_marks_the_run_aborted) {
  TempDir tmp;
  std::filesystem::path dir;
  {
    Recorder rec(RunFolder::create_at(tmp.path() / "run"), sample_metadata());
    dir = rec.dir();
    rec.add_sample("station-1", 1.0, 2.0, true);
  }
  const json run = read_json(dir / "run.json");
  BOOST_TEST(run["status"].get<std::string>() == "aborted");
  BOOST_TEST(!run["end_reason"].get<std::string>().empty());
  BOOST_TEST(load_run_folder(dir).status_label() == "aborted");
}

BOOST_AUTO_TEST_CASE(misuse_is_refused) {
  TempDir tmp;
  BOOST_CHECK_THROW(Recorder(RunFolder::create_at(tmp.path() / "a"), json::array()), std::invalid_argument);
  BOOST_CHECK_THROW(Recorder(RunFolder::create_at(tmp.path() / "b"), {{"status", "finished"}}), std::invalid_argument);
  RecorderOptions slow;
  slow.sync_period = std::chrono::seconds(5);
  BOOST_CHECK_THROW(Recorder(RunFolder::create_at(tmp.path() / "c"), json::object(), slow), std::invalid_argument);
  Recorder rec(RunFolder::create_at(tmp.path() / "d"), json::object());
  BOOST_CHECK_THROW(rec.add_sample("../escape", 0, 0, true), std::invalid_argument);
  BOOST_CHECK_THROW(rec.add_wire("a b", 0, '>', std::vector<std::uint8_t>{1}), std::invalid_argument);
  BOOST_CHECK_THROW(rec.update_metadata({{"start_utc", "x"}}), std::invalid_argument);
  BOOST_CHECK_THROW(rec.finish(RunStatus::running, ""), std::invalid_argument);
  BOOST_TEST(!rec.finished());
  BOOST_TEST(!std::filesystem::exists(tmp.path() / "escape.csv"));
}

BOOST_AUTO_TEST_CASE(fsync_follows_real_time_not_the_number_of_lines) {
  // A fake steady clock advanced 100 ms per sample, sync period 500 ms: one sync every 5th
  // sample, whatever the simulated time says.
  TempDir tmp;
  auto now = std::chrono::steady_clock::time_point{};
  RecorderOptions opt;
  opt.sync_period = std::chrono::milliseconds(500);
  opt.steady_now = [&] { return now; };
  Recorder rec(RunFolder::create_at(tmp.path() / "run"), json::object(), opt);
  const auto before = rec.fsync_count();
  for (int i = 0; i < 100; ++i) {
    now += std::chrono::milliseconds(100);
    rec.add_sample("station-1", i * 3600.0, 1.0, true);  // an hour of simulated time per sample
  }
  // 20 rounds fsyncing the samples file, the first also the directory (new file).
  BOOST_TEST(rec.fsync_count() - before == 21u);
  // No real time passes: no sync however many lines.
  const auto mid = rec.fsync_count();
  for (int i = 0; i < 1000; ++i) rec.add_sample("station-1", 1e6 + i, 1.0, true);
  BOOST_TEST(rec.fsync_count() == mid);
  rec.finish(RunStatus::finished, "");  // finish always syncs what is pending
  BOOST_TEST(rec.fsync_count() == mid + 1);
}

BOOST_AUTO_TEST_CASE(virtual_time_flood_does_not_fsync_per_line) {
  TempDir tmp;
  Recorder rec(RunFolder::create_at(tmp.path() / "run"), json::object());
  const auto before = rec.fsync_count();
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < 10'000; ++i) rec.add_sample("station-1", i * 0.1, 12.0 + i * 1e-5, true);
  const double elapsed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  // At most one sync round (two fsyncs: file and directory) per started 0.5 s of real time.
  const auto allowed = 2 * (static_cast<std::uint64_t>(elapsed_s / 0.5) + 1);
  BOOST_TEST(rec.fsync_count() - before <= allowed, "fsyncs " << rec.fsync_count() - before << " in " << elapsed_s << " s");
  rec.finish(RunStatus::finished, "");
  BOOST_TEST(test::complete_lines(test::read_text(rec.dir() / "samples-station-1.csv")).size() == 10'001u);
}

BOOST_AUTO_TEST_CASE(write_errors_surface_with_path_and_reason_and_the_run_can_still_be_aborted) {
  TempDir tmp;
  const auto dir = tmp.path() / "run";
  const auto child = test::run_in_child([&](int fd) {
    Recorder rec(RunFolder::create_at(dir), json::object());
    ::signal(SIGXFSZ, SIG_IGN);
    const rlimit lim{4096, 4096};  // every file may grow to 4 KiB; root cannot ignore this
    ::setrlimit(RLIMIT_FSIZE, &lim);
    try {
      for (int i = 0; i < 10'000; ++i) rec.add_sample("station-1", i * 0.1, 1.0, true);
    } catch (const std::system_error& e) {
      test::report(fd, e.what());
      rec.finish(RunStatus::aborted, e.what());  // what the runner does on the way to the safe state
      return 0;
    }
    return 1;
  });
  BOOST_TEST(child.exit_code == 0, child.output);
  BOOST_TEST(child.output.find((dir / "samples-station-1.csv").string()) != std::string::npos, child.output);
  BOOST_TEST(child.output.find(std::strerror(EFBIG)) != std::string::npos, child.output);
  const json run = read_json(dir / "run.json");
  BOOST_TEST(run["status"].get<std::string>() == "aborted");
  BOOST_TEST(run["end_reason"].get<std::string>().find("samples-station-1.csv") != std::string::npos);
  // Whatever made it to the file is whole lines that load.
  std::string torn;
  const auto lines = test::complete_lines(test::read_text(dir / "samples-station-1.csv"), &torn);
  BOOST_TEST(lines.size() > 10u);
  BOOST_TEST(lines[0] == "time_s,mass_g,stable");
}

BOOST_AUTO_TEST_SUITE_END()
