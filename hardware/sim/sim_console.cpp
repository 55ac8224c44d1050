#include "hardware/sim/sim_console.hpp"

#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <sstream>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "rig/config/units.hpp"

namespace pumprig::sim {

namespace {

std::vector<std::string> words_of(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> words;
  for (std::string w; in >> w;) words.push_back(w);
  return words;
}

constexpr const char* kHelp =
    "commands: place [STATION] MASS (e.g. place 50 g) | remove [STATION] | show | help";

}  // namespace

SimConsole::SimConsole(EventLoop& loop, PtyBench& bench, std::ostream& out, int input_fd)
    : loop_(loop), bench_(bench), out_(out), input_fd_(input_fd) {
  if (input_fd_ >= 0) watch_ = loop_.watch_fd(input_fd_, POLLIN, [this](short) { on_input(); });
}

SimConsole::~SimConsole() {
  if (watch_) loop_.unwatch(*watch_);
}

void SimConsole::on_input() {
  char buf[16384];
  const ssize_t n = ::read(input_fd_, buf, sizeof buf);
  if (n <= 0) {
    // End of input (stdin is /dev/null, or closed): the instruments keep being served.
    loop_.unwatch(*watch_);
    watch_.reset();
    return;
  }
  on_line_bytes(buf, static_cast<std::size_t>(n));
}

void SimConsole::on_line_bytes(const char* data, std::size_t n) {
  for (const char* end = data + n; data < end;) {
    const char* nl = static_cast<const char*>(std::memchr(data, '\n', static_cast<std::size_t>(end - data)));
    const char* stop = nl ? nl : end;
    const std::size_t take = std::min<std::size_t>(static_cast<std::size_t>(stop - data), kMaxLine - pending_.size());
    pending_.append(data, take);
    overlong_chars_ += static_cast<std::size_t>(stop - data) - take;
    data = nl ? nl + 1 : end;
    if (!nl) break;
    if (overlong_chars_ > 0) {
      const std::uint64_t length = pending_.size() + overlong_chars_;
      discarded_chars_ += length;
      out_ << fmt::format("line too long ({} characters, at most {}): ignored", length, kMaxLine) << std::endl;
    } else {
      const std::string reply = execute(pending_);
      if (!reply.empty()) out_ << reply << std::endl;
    }
    pending_.clear();
    overlong_chars_ = 0;
  }
}

std::optional<std::string> SimConsole::pick_station(const std::string& word, std::string& error) const {
  const auto& ids = bench_.station_ids();
  if (!word.empty()) {
    for (const auto& id : ids)
      if (id == word) return id;
    error = fmt::format("no station '{}' (stations: {})", word, fmt::join(ids, ", "));
    return std::nullopt;
  }
  if (ids.size() == 1) return ids.front();
  error = fmt::format("say which station: {}", fmt::join(ids, ", "));
  return std::nullopt;
}

std::string SimConsole::execute(const std::string& line) {
  const auto words = words_of(line);
  if (words.empty()) return "";
  const std::string& cmd = words[0];
  const Nanos t = loop_.now();
  std::string error;
  if (cmd == "help" || cmd == "?") return kHelp;
  if (cmd == "show") {
    std::string out;
    for (const auto& id : bench_.station_ids()) {
      StationWorld& w = bench_.station(id).world();
      if (!out.empty()) out += "\n";
      out += fmt::format("{}: t = {:.1f} s, vessel {:.5f} g (placed {} g), pump {} at {} ml/h, delivered {:.4f} ml", id,
                         to_seconds(t), w.true_vessel_mass_g(t), w.extra_load_g(),
                         w.motor_running(t) ? "running" : "stopped", w.rate_ml_h(), w.delivered_ml(t));
    }
    return out;
  }
  if (cmd == "place") {
    // place [STATION] NUMBER [UNIT]: the mass is the last one or two words.
    if (words.size() < 2) return "place what? e.g. place 50 g";
    std::string station_word, mass_text;
    const bool unit_apart = words.size() >= 3 && !words.back().empty() && !std::isdigit(static_cast<unsigned char>(words.back()[0]));
    const std::size_t mass_words = unit_apart ? 2 : 1;
    if (words.size() - 1 > mass_words + 1) return "too many words; e.g. place station-1 50 g";
    if (words.size() - 1 == mass_words + 1) station_word = words[1];
    for (std::size_t i = words.size() - mass_words; i < words.size(); ++i) mass_text += (mass_text.empty() ? "" : " ") + words[i];
    double mass_g = 0;
    try {
      mass_g = parse_quantity(mass_text, Dimension::mass);
    } catch (const std::invalid_argument& e) {
      return e.what();
    }
    const auto station = pick_station(station_word, error);
    if (!station) return error;
    bench_.station(*station).world().place_load(t, mass_g);
    return fmt::format("{}: placed {} g on the balance", *station, mass_g);
  }
  if (cmd == "remove") {
    if (words.size() > 2) return "remove takes at most a station id";
    const auto station = pick_station(words.size() == 2 ? words[1] : std::string(), error);
    if (!station) return error;
    bench_.station(*station).world().remove_load(t);
    return fmt::format("{}: removed what was placed on the balance", *station);
  }
  return fmt::format("unknown command '{}'; {}", cmd, kHelp);
}

}  // namespace pumprig::sim
