#pragma once
// The names of the files in a run folder, in one place: the recorder writes them, the reader,
// the manifest, verify, the index, compare and the reports find them by these names.
#include <string>
#include <string_view>

namespace pumprig::run_files {

inline constexpr const char* kRunJson = "run.json";          // metadata and status
inline constexpr const char* kEvents = "events.jsonl";       // chained events, streamed
inline constexpr const char* kResult = "result.json";        // analysis results
inline constexpr const char* kManifest = "MANIFEST.sha256";  // the seal (sha256sum format)
inline constexpr const char* kSignerKey = "signer.pub.pem";  // public key of an optional signature
inline constexpr const char* kSignatures = "signatures";     // folder of people's signatures (after the seal)
// Derived reports (not covered by the manifest).
inline constexpr const char* kReportPdf = "report.pdf";
inline constexpr const char* kReportHtml = "report.html";
inline constexpr const char* kJunit = "junit.xml";

// Per-station and per-instrument streams: <prefix><name><suffix>.
// samples-/io-: the test's readings, timed from the pump start (test time t, negative before it).
// prestart-samples-/prestart-io-: every reading taken before the pump started (tare, check
// weight, settling), streamed as it comes and timed from the recording start (the time base of
// events.jsonl), since test time is not known yet. When the pump starts they are also written at
// the head of samples-/io- in test time, so those files alone still hold the whole test.
inline constexpr std::string_view kSamplesPrefix = "samples-", kIoPrefix = "io-", kWirePrefix = "wire-";
inline constexpr std::string_view kPrestartSamplesPrefix = "prestart-samples-", kPrestartIoPrefix = "prestart-io-";
inline constexpr std::string_view kCsvSuffix = ".csv", kLogSuffix = ".log";

inline std::string samples(std::string_view station) {
  return std::string(kSamplesPrefix).append(station).append(kCsvSuffix);
}
inline std::string io(std::string_view station) { return std::string(kIoPrefix).append(station).append(kCsvSuffix); }
inline std::string prestart_samples(std::string_view station) {
  return std::string(kPrestartSamplesPrefix).append(station).append(kCsvSuffix);
}
inline std::string prestart_io(std::string_view station) {
  return std::string(kPrestartIoPrefix).append(station).append(kCsvSuffix);
}
inline std::string wire(std::string_view instrument) {
  return std::string(kWirePrefix).append(instrument).append(kLogSuffix);
}

}  // namespace pumprig::run_files
