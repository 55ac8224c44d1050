// The dashboard without a window: the run model built from protocol messages, the panels drawn
// into an ImGui context, and (under xvfb-run) the real pumprig-gui on a simulated run.
#include <boost/test/unit_test.hpp>

#include <cairo.h>
#include <imgui.h>

#include <cstdio>
#include <unordered_set>

#include "gui/app/dashboard.hpp"
#include "gui/model/live_run.hpp"
#include "tests/support/temp_files.hpp"

using namespace pumprig::gui;
using nlohmann::json;

namespace {

void fill_run_with_readings(LiveRun& run) {
  run.apply(json::parse(R"({"type":"hello","protocol":"pumprig.control/1","run":{"run_id":"r1","run_dir":"/tmp/r1",
    "scenario":"acc","fixture":"sim","simulated":true,"virtual_time":false,"speed":100,"stations":["station-1"]},"open_prompts":[]})"));
  json readings = {{"t_s", json::array()}, {"mass_g", json::array()}, {"stable", json::array()}};
  for (int i = 0; i <= 120; ++i) {
    readings["t_s"].push_back(i);
    readings["mass_g"].push_back(i * 25.0 / 3600.0 * 0.9982);  // 25 ml/h of water
    readings["stable"].push_back(1);
  }
  json st = {{"id", "station-1"}, {"step", "record 2 h"}, {"step_index", 6}, {"step_count", 7}, {"set_rate_ml_h", 25},
             {"density_g_ml", 0.9982}, {"pump_running", true}, {"t0_s", 0}, {"readings", readings},
             {"io", {{"t_s", {0, 1}}, {"pressure_mmhg", {40, 41}}, {"occluder_closed", {0, 0}}, {"alarm", {0, 0}}}},
             {"instruments", json::array({{{"name", "balance-1"}, {"role", "balance"}, {"identity", "x SIM-B0001"}, {"connected", false}}})}};
  run.apply(json{{"type", "snapshot"}, {"t_s", 120}, {"stations", {st}}});
}

}  // namespace

BOOST_AUTO_TEST_SUITE(gui_dashboard)

BOOST_AUTO_TEST_CASE(the_model_takes_every_reading_and_derives_the_flow) {
  LiveRun run;
  fill_run_with_readings(run);
  BOOST_REQUIRE(run.stations.size() == 1u);
  const StationView& s = run.stations[0];
  BOOST_TEST(s.mass_g.size() == 121u);
  BOOST_TEST(s.pressure_mmhg.size() == 2u);
  BOOST_TEST(!s.state.contains("readings"));
  BOOST_TEST(std::abs(*s.flow_over(30) - 25.0) < 1e-9);
  BOOST_TEST(std::abs(*s.flow_over(120) - 25.0) < 1e-9);
  BOOST_TEST(std::abs(*s.flow_ml_h.last_value() - 25.0) < 1e-9);
  // Prompts open and close by id; garbage is skipped.
  run.apply_line(R"({"type":"prompt","id":7,"station":"station-1","text":"Place the check weight","action":"place_check_weight"})");
  BOOST_TEST(run.prompts.size() == 1u);
  run.apply_line(R"({"type":"prompt_closed","id":7,"answered_by":"terminal"})");
  BOOST_TEST(run.prompts.empty());
  run.apply_line("not json");
  run.apply_line(R"({"type":"prompt","id":"seven"})");  // a key of the wrong type: skipped, no throw
  run.apply_line(R"({"type":"finished","verdict":"PASS","exit_code":0,"tests":[]})");
  BOOST_TEST(run.finished["verdict"] == "PASS");
}

BOOST_AUTO_TEST_CASE(panels_draw_headless_and_commands_go_out_as_protocol) {
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(1280, 800);
  io.IniFilename = nullptr;
  unsigned char* pixels;
  int w, h;
  io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
  LiveRun run;
  fill_run_with_readings(run);
  std::vector<json> sent;
  Dashboard dashboard([&](const json& c) { sent.push_back(c); return true; }, [](const std::string&) {});
  run.set_connection("connected", true);
  run.apply_line(R"({"type":"prompt","id":3,"station":"station-1","text":"Press start on the pump","action":"start_pump"})");
  std::vector<std::string> panels;
  for (int frame = 0; frame < 3; ++frame) {
    ImGui::NewFrame();
    panels = dashboard.draw(run);
    ImGui::Render();
  }
  const auto has = [&](const std::string& p) { return std::find(panels.begin(), panels.end(), p) != panels.end(); };
  BOOST_TEST(has("run control"));
  BOOST_TEST(has("station station-1"));
  BOOST_TEST(has("prompt"));
  BOOST_TEST(ImGui::GetDrawData()->TotalVtxCount > 1000);
  ImGui::DestroyContext();
  (void)sent;
}

// The real program under a virtual X server, on a simulated run started for the screenshot.
BOOST_AUTO_TEST_CASE(pumprig_gui_takes_a_screenshot_of_a_live_run) {
  pumprig::test::TempDir dir;
  const std::string png = (dir.path() / "s.png").string(), out = (dir.path() / "out.txt").string();
  // Under the sanitizer build the child's leak check is off: Mesa's driver is loaded with dlopen
  // and unloaded at exit, so LeakSanitizer reports its allocations from an "<unknown module>" it
  // cannot be told to suppress. The GUI's own code is leak-checked in the tests above, in process.
  const std::string cmd = std::string("cd ") + PUMPRIG_SOURCE_DIR + " && ASAN_OPTIONS=\"${ASAN_OPTIONS:-}:detect_leaks=0\" xvfb-run -a -s '-screen 0 1280x800x24' " + PUMPRIG_GUI_BINARY +
                          " --run scenarios/iec-accuracy-25mlh.yaml --speed 100 --screenshot " + png + " --after 4s > " + out + " 2>&1";
  const int rc = std::system(cmd.c_str());
  const std::string said = pumprig::test::read_text(out);
  BOOST_TEST_MESSAGE(said);
  BOOST_TEST(rc == 0);
  BOOST_TEST(said.find("station station-1") != std::string::npos);
  BOOST_TEST(said.find("station station-2") != std::string::npos);
  cairo_surface_t* img = cairo_image_surface_create_from_png(png.c_str());
  BOOST_REQUIRE(cairo_surface_status(img) == CAIRO_STATUS_SUCCESS);
  BOOST_TEST(cairo_image_surface_get_width(img) == 1280);
  BOOST_TEST(cairo_image_surface_get_height(img) == 800);
  std::unordered_set<std::uint32_t> colours;
  const int stride = cairo_image_surface_get_stride(img);
  const unsigned char* data = cairo_image_surface_get_data(img);
  for (int y = 0; y < 800; y += 2)
    for (int x = 0; x < 1280; x += 2) colours.insert(reinterpret_cast<const std::uint32_t*>(data + y * stride)[x] & 0xffffffu);
  cairo_surface_destroy(img);
  BOOST_TEST(colours.size() > 50u);  // text, traces and panels, not a blank window
}

BOOST_AUTO_TEST_SUITE_END()
