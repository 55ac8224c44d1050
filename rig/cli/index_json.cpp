#include "rig/cli/index_json.hpp"

namespace pumprig {

using nlohmann::json;

json indexed_run_json(const IndexedRun& r, bool with_metrics) {
  auto text_or_null = [](const std::string& s) { return s.empty() ? json(nullptr) : json(s); };
  json pumps = json::array();
  for (const auto& p : r.pumps)
    pumps.push_back(json{{"station", p.station}, {"manufacturer", p.manufacturer}, {"model", p.model}, {"serial", p.serial}});
  json instruments = json::array();
  for (const auto& i : r.instruments)
    instruments.push_back(json{{"station", i.station}, {"role", i.role}, {"name", i.name}, {"manufacturer", i.manufacturer},
                               {"model", i.model}, {"serial", i.serial}, {"firmware", i.firmware}});
  json j{{"id", r.id},
         {"folder", r.folder},
         {"start_utc", text_or_null(r.start_utc)},
         {"end_utc", text_or_null(r.end_utc)},
         {"scenario", r.scenario_id},
         {"fixture", r.fixture},
         {"provenance", r.provenance},
         {"status", r.status},
         {"verdict", text_or_null(r.verdict)},
         {"manifest_digest", r.manifest_digest},
         {"signed", r.signed_},
         {"key_fingerprint", text_or_null(r.key_fingerprint)},
         {"software_version", r.software_version},
         {"operator", text_or_null(r.operator_name)},
         {"user", text_or_null(r.user)},
         {"host", text_or_null(r.host)},
         {"pumps", pumps},
         {"instruments", instruments}};
  if (with_metrics) {
    json metrics = json::array();
    for (const auto& m : r.metrics)
      metrics.push_back(json{{"test", m.test_id}, {"station", m.station}, {"metric", m.metric}, {"value", m.value},
                             {"expanded_uncertainty", m.expanded_uncertainty ? json(*m.expanded_uncertainty) : json(nullptr)}});
    j["metrics"] = metrics;
  }
  return j;
}

}  // namespace pumprig
