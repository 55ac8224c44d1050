// The Sartorius driver against the simulated balance over a pseudo-terminal, served from a
// loop on its own thread as pumprig-sim serves it, at real time: the bytes cross a real tty.
#include <boost/test/unit_test.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "rig/cli/probe_command.hpp"
#include "rig/drivers/sartorius/sartorius_balance.hpp"
#include "rig/link/tty_link.hpp"
#include "tests/pty/pty_test_support.hpp"

using namespace pumprig;
using namespace pumprig::test;

namespace {

Fixture sartorius_bench() {
  return load_fixture_file((std::filesystem::path(PUMPRIG_SOURCE_DIR) / "fixtures/sim-bench-sartorius.yaml").string());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sartorius_pty)

BOOST_AUTO_TEST_CASE(the_driver_identifies_and_reads_the_balance_over_a_pty) {
  PtyServerThread server(sartorius_bench());
  const ConnectionSpec spec = parse_connection(server.instrument("balance-1").connection());
  EventLoop loop(std::make_unique<SteadyClock>());
  TtyLink link(loop, spec.path, spec.serial);
  link.open();
  SartoriusBalance balance(loop, link, "balance-1");

  std::optional<Outcome<InstrumentIdentity>> id;
  balance.connect([&](Outcome<InstrumentIdentity> o) { id.emplace(std::move(o)); });
  const Nanos start = loop.now();
  while (!id && loop.now() - start < seconds(5)) {
    loop.schedule_after(milliseconds(20), [&loop] { loop.stop(); });
    loop.run();
  }
  BOOST_REQUIRE(id.has_value());
  BOOST_REQUIRE_MESSAGE(id->ok(), (id->ok() ? std::string() : id->error().what()));
  BOOST_TEST((*id)->model == "MSA225S");
  BOOST_TEST((*id)->serial == "SIM-S0001");
  BOOST_TEST((*id)->protocol == "SBI");

  std::vector<BalanceReading> readings;
  std::vector<DeviceError> faults;
  balance.start_readings(
      milliseconds(200), [&](const BalanceReading& r) { readings.push_back(r); },
      [&](const DeviceError& e) { faults.push_back(e); });
  const Nanos t1 = loop.now();
  while (readings.size() < 5 && loop.now() - t1 < seconds(5)) {
    loop.schedule_after(milliseconds(20), [&loop] { loop.stop(); });
    loop.run();
  }
  balance.stop_readings();
  BOOST_TEST_REQUIRE(readings.size() >= 5u);
  BOOST_TEST(faults.empty());
  for (const auto& r : readings) {
    BOOST_TEST((r.status == WeightStatus::ok));
    BOOST_TEST(r.mass_g == 40.0, boost::test_tools::tolerance(0.001));  // the fixture's empty vessel
  }
  server.stop();
  BOOST_TEST(server.bench().station("station-1").sartorius_balance()->count("P") >= 5u);
  BOOST_TEST(server.bench().station("station-1").balance() == nullptr);  // no MT-SICS simulator there
}

BOOST_AUTO_TEST_CASE(probe_speaks_sbi_to_the_balance_pumprig_sim_serves) {
  PtyServerThread server(sartorius_bench());
  ProbeOptions o;
  o.connection = server.instrument("balance-2").connection();  // the auto-printing one
  o.driver = "sartorius";
  o.readings = 3;
  std::ostringstream out, err;
  const int rc = probe_instrument(o, out, err);
  BOOST_TEST_INFO(out.str() << err.str());
  BOOST_TEST(rc == 0);
  BOOST_TEST(out.str().find("as a Sartorius SBI balance\n") != std::string::npos);
  BOOST_TEST(out.str().find("identity: Sartorius MSA524S") != std::string::npos);
  BOOST_TEST(out.str().find("serial SIM-S0002") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
