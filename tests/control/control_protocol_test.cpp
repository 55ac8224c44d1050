// The control protocol's messages and the parsing of client commands, pure (PROTOCOL.md).
#include <boost/test/unit_test.hpp>

#include "rig/control/control_protocol.hpp"

using namespace pumprig;
using namespace pumprig::control;
using nlohmann::json;

BOOST_AUTO_TEST_SUITE(control_protocol)

BOOST_AUTO_TEST_CASE(commands_parse_into_their_types) {
  auto abort = parse_client_command(R"({"type":"abort","reason":"leak at the luer lock"})");
  BOOST_REQUIRE(std::holds_alternative<ClientCommand>(abort));
  BOOST_TEST(std::get<AbortCommand>(std::get<ClientCommand>(abort)).reason == "leak at the luer lock");

  auto answer = parse_client_command("{\"type\":\"answer\",\"prompt\":4,\"choice\":\"decline\"}\r");
  BOOST_REQUIRE(std::holds_alternative<ClientCommand>(answer));
  const auto& a = std::get<AnswerCommand>(std::get<ClientCommand>(answer));
  BOOST_TEST(a.prompt == 4);
  BOOST_TEST(!a.confirmed);

  auto speed = parse_client_command(R"({"type":"speed","speed":20})");
  BOOST_TEST(std::get<SpeedCommand>(std::get<ClientCommand>(speed)).speed == 20.0);
  auto pause = parse_client_command(R"({"type":"pause","station":"station-2"})");
  BOOST_TEST(std::get<PauseCommand>(std::get<ClientCommand>(pause)).station == "station-2");
  BOOST_TEST(command_name(std::get<ClientCommand>(pause)) == "pause");
}

BOOST_AUTO_TEST_CASE(bad_commands_say_what_is_wrong) {
  const auto error_of = [](std::string_view line) {
    auto r = parse_client_command(line);
    BOOST_REQUIRE(std::holds_alternative<CommandError>(r));
    return std::get<CommandError>(r).message;
  };
  BOOST_TEST(error_of("abort").find("not a JSON object") != std::string::npos);
  BOOST_TEST(error_of("[1,2]").find("not a JSON object") != std::string::npos);
  BOOST_TEST(error_of(R"({"kind":"abort"})").find("\"type\"") != std::string::npos);
  BOOST_TEST(error_of(R"({"type":"abort"})").find("reason") != std::string::npos);
  BOOST_TEST(error_of(R"({"type":"abort","reason":""})").find("reason") != std::string::npos);
  BOOST_TEST(error_of(R"({"type":"answer","prompt":"3","choice":"confirm"})").find("whole number") != std::string::npos);
  BOOST_TEST(error_of(R"({"type":"answer","prompt":3,"choice":"yes"})").find("confirm") != std::string::npos);
  // An id beyond int is refused, never truncated onto another prompt (2^32 + 1 would be 1).
  BOOST_TEST(error_of(R"({"type":"answer","prompt":4294967297,"choice":"confirm"})").find("whole number") != std::string::npos);
  BOOST_TEST(error_of(R"({"type":"answer","prompt":18446744073709551615,"choice":"confirm"})").find("whole number") != std::string::npos);
  BOOST_TEST(error_of(R"({"type":"answer","prompt":0,"choice":"confirm"})").find("whole number") != std::string::npos);
  BOOST_TEST(error_of(R"({"type":"speed","speed":-1})").find("positive") != std::string::npos);
  BOOST_TEST(error_of(R"({"type":"speed","speed":0})").find("positive") != std::string::npos);
  const std::string unknown = error_of("{\"type\":\"stop\\u0007\"}");
  BOOST_TEST(unknown.find("unknown command type") != std::string::npos);
  BOOST_TEST(unknown.find('\a') == std::string::npos);  // echoed printable
  BOOST_TEST(error_of(std::string("{\"type\":\"abort\",\"reason\":\"\xff\xfe\"") ).find("JSON") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(events_with_garbled_bytes_stay_valid_json) {
  RigEvent e{seconds(12), EventKind::garbled, "balance-1", std::string("reply \xff\xfe garbled"), {}};
  const std::string line = event_line(e);
  const json j = json::parse(line);  // throws on invalid UTF-8
  BOOST_TEST(j["type"] == "event");
  BOOST_TEST(j["kind"] == "garbled");
  BOOST_TEST(j["severity"] == "warn");
  BOOST_TEST(j["t_s"].get<double>() == 12.0);
  BOOST_TEST(line.find('\n') == std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_snapshot_carries_every_reading_exactly) {
  RunSnapshot s;
  s.now = seconds(100);
  StationSnapshot st;
  st.id = "station-1";
  st.live.step = "record 2 h";
  st.live.step_index = 6;
  st.live.step_count = 7;
  st.live.step_started_ns = seconds(40);
  st.live.step_duration_ns = seconds(120);
  st.live.pump_running = true;
  st.live.flow_ml_h = 24.9;
  st.live.set_rate_ml_h = 25;
  st.live.pressure_mmhg = 51.5;
  st.live.pressure_at_ns = seconds(99);
  st.live.instruments.push_back(LiveInstrument{"balance-1", "balance", "Mettler Toledo XPR205 serial SIM-B0001", true, seconds(98)});
  s.stations.push_back(st);
  StationReadings r;
  for (int i = 0; i < 1000; ++i) {
    r.t_s.push_back(0.1 * i + 1.0 / 3.0);
    r.mass_g.push_back(12.345678901234 + i * 1e-4);
    r.stable.push_back(i % 3 == 0);
  }
  r.io_t_s = {1.5};
  r.pressure_mmhg = {-0.25};
  r.occluder_closed = {true};
  r.alarm = {false};
  const json j = json::parse(snapshot_line(s, {r}, 2.5));
  BOOST_TEST(j["type"] == "snapshot");
  BOOST_TEST(j["t_s"].get<double>() == 100.0);
  const json& station = j["stations"][0];
  BOOST_TEST(station["progress"].get<double>() == 0.5);
  BOOST_TEST(station["step_elapsed_s"].get<double>() == 60.0);
  BOOST_TEST(station["pressure_age_s"].get<double>() == 1.0);
  BOOST_TEST(station["instruments"][0]["age_s"].get<double>() == 2.0);
  BOOST_TEST(station["mass_g"].is_null());
  BOOST_REQUIRE(station["readings"]["t_s"].size() == 1000u);
  for (int i = 0; i < 1000; ++i) {
    BOOST_TEST(station["readings"]["t_s"][i].get<double>() == r.t_s[i]);  // bit for bit
    BOOST_TEST(station["readings"]["mass_g"][i].get<double>() == r.mass_g[i]);
    BOOST_TEST(station["readings"]["stable"][i].get<int>() == (i % 3 == 0 ? 1 : 0));
  }
  BOOST_TEST(station["io"]["pressure_mmhg"][0].get<double>() == -0.25);
  BOOST_TEST(station["io"]["occluder_closed"][0].get<int>() == 1);
}

BOOST_AUTO_TEST_CASE(hello_before_any_run_says_so) {
  HelloInfo h;
  h.software_version = "0.1.0";
  h.suite_id = "default-suite";
  OperatorPrompt p{"station-1", "Place the check weight", "place_check_weight", 50.0};
  p.id = 3;
  h.open_prompts.push_back(p);
  const json j = json::parse(hello_line(h));
  BOOST_TEST(j["protocol"] == std::string(kProtocol));
  BOOST_TEST(j["run"].is_null());
  BOOST_TEST(j["suite"] == "default-suite");
  BOOST_TEST(j["open_prompts"][0]["id"] == 3);
  BOOST_TEST(j["open_prompts"][0]["mass_g"] == 50.0);
}

BOOST_AUTO_TEST_SUITE_END()
