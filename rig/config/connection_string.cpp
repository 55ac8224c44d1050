#include "rig/config/connection_string.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>

#include "rig/config/config_error.hpp"

namespace pumprig {

namespace {

const std::vector<std::string> kSchemes{"sim", "tty", "serial", "usb", "tcp"};
const std::vector<std::string> kOptions{"baud", "format", "flow"};
const std::vector<std::string> kUsbOptions{"baud", "format", "flow", "serial"};
const std::vector<std::string> kFlows{"none", "xonxoff", "rtscts"};

constexpr const char* kForms =
    "expected 'sim:', 'tty:<device>', 'serial:<device>', 'usb:<VID>:<PID>' or 'tcp:<host>:<port>', "
    "with options like '?baud=9600&format=8N1&flow=xonxoff'";

[[noreturn]] void fail(std::string_view text, const std::string& what) {
  throw std::invalid_argument("bad connection '" + std::string(text) + "': " + what);
}

std::optional<long long> whole_number(std::string_view s) {
  long long v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

void parse_options(std::string_view text, std::string_view options, ConnectionSpec& spec) {
  SerialSettings& s = spec.serial;
  const std::vector<std::string>& known = spec.transport == Transport::usb ? kUsbOptions : kOptions;
  std::vector<std::string> seen;
  while (!options.empty()) {
    const auto amp = options.find('&');
    const std::string_view item = options.substr(0, amp);
    options = amp == std::string_view::npos ? std::string_view() : options.substr(amp + 1);
    const auto eq = item.find('=');
    if (item.empty() || eq == std::string_view::npos || eq + 1 == item.size())
      fail(text, "option '" + std::string(item) + "' is not of the form key=value");
    const std::string key(item.substr(0, eq));
    const std::string_view value = item.substr(eq + 1);
    if (std::find(known.begin(), known.end(), key) == known.end())
      fail(text, "unknown option '" + key + "'" + did_you_mean_suffix(key, known) + "; options are " +
                     quoted_list(known, "and") + (key == "serial" ? " (serial= is for usb: connections)" : ""));
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) fail(text, "option '" + key + "' given twice");
    seen.push_back(key);
    if (key == "serial") {
      spec.usb_serial = std::string(value);
    } else if (key == "baud") {
      const auto b = whole_number(value);
      if (!b || *b < 50 || *b > 4000000)
        fail(text, "bad baud '" + std::string(value) + "': expected a whole number of bits per second such as 9600");
      s.baud = static_cast<int>(*b);
    } else if (key == "format") {
      const auto bad = [&] {
        fail(text, "bad format '" + std::string(value) +
                       "': expected data bits (5-8), parity (N, E or O) and stop bits (1 or 2), e.g. '8N1'");
      };
      if (value.size() != 3) bad();
      if (value[0] < '5' || value[0] > '8') bad();
      switch (value[1]) {
        case 'N': case 'n': s.parity = Parity::none; break;
        case 'E': case 'e': s.parity = Parity::even; break;
        case 'O': case 'o': s.parity = Parity::odd; break;
        default: bad();
      }
      if (value[2] != '1' && value[2] != '2') bad();
      s.data_bits = value[0] - '0';
      s.stop_bits = value[2] - '0';
    } else {
      if (value == "none") s.flow = FlowControl::none;
      else if (value == "xonxoff") s.flow = FlowControl::xonxoff;
      else if (value == "rtscts") s.flow = FlowControl::rtscts;
      else
        fail(text, "bad flow '" + std::string(value) + "'" + did_you_mean_suffix(value, kFlows) + ": expected " +
                       quoted_list(kFlows));
    }
  }
}

const char* flow_name(FlowControl f) {
  switch (f) {
    case FlowControl::none: return "none";
    case FlowControl::xonxoff: return "xonxoff";
    case FlowControl::rtscts: return "rtscts";
  }
  return "none";
}

}  // namespace

const char* to_string(Transport t) {
  switch (t) {
    case Transport::sim: return "sim";
    case Transport::tty: return "tty";
    case Transport::serial: return "serial";
    case Transport::usb: return "usb";
    case Transport::tcp: return "tcp";
  }
  return "?";
}

ConnectionSpec parse_connection(std::string_view text) {
  if (text.empty()) fail(text, std::string("empty; ") + kForms);
  const auto colon = text.find(':');
  const std::string scheme(text.substr(0, colon));
  std::string_view rest = colon == std::string_view::npos ? std::string_view() : text.substr(colon + 1);

  ConnectionSpec spec;
  if (scheme == "sim") spec.transport = Transport::sim;
  else if (scheme == "tty") spec.transport = Transport::tty;
  else if (scheme == "serial") spec.transport = Transport::serial;
  else if (scheme == "usb") spec.transport = Transport::usb;
  else if (scheme == "tcp") spec.transport = Transport::tcp;
  else if (!scheme.empty() && scheme[0] == '/')
    // A bare device path: the most common slip when copying from dmesg.
    fail(text, "a connection names its transport first: write 'serial:" + std::string(text) +
                   "' (or 'tty:" + std::string(text) + "' for a pseudo-terminal)");
  else
    fail(text, "unknown scheme '" + scheme + "'" + did_you_mean_suffix(scheme, kSchemes) + "; " + kForms);

  const auto q = rest.find('?');
  const std::string_view target = rest.substr(0, q);
  const std::string_view options = q == std::string_view::npos ? std::string_view() : rest.substr(q + 1);
  if (q != std::string_view::npos && options.empty()) fail(text, "'?' with no options after it");

  switch (spec.transport) {
    case Transport::sim:
      if (!target.empty())
        fail(text, "'sim:' takes no device ('" + std::string(target) + "'); options go after '?', e.g. 'sim:?baud=9600'");
      break;
    case Transport::tty:
    case Transport::serial:
      if (target.empty())
        fail(text, std::string("missing device, e.g. '") + scheme + (spec.transport == Transport::tty ? ":/dev/pts/5'" : ":/dev/ttyUSB0'"));
      spec.path = std::string(target);
      break;
    case Transport::usb: {
      // VID:PID as `pumprig ports` and lsusb print them: four hex digits each.
      const auto hex4 = [&](std::string_view h, const char* what) {
        int v = 0;
        const auto [end, ec] = std::from_chars(h.data(), h.data() + h.size(), v, 16);
        const bool all_hex = std::all_of(h.begin(), h.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; });
        if (h.size() != 4 || !all_hex || ec != std::errc() || end != h.data() + h.size())
          fail(text, std::string("bad ") + what + " '" + std::string(h) +
                         "': expected four hex digits, as `pumprig ports` prints them, e.g. 'usb:0403:6001'");
        return v;
      };
      if (!target.empty() && target.front() == '/')
        fail(text, "'usb:' takes the adapter's USB vendor and product id, not a device path: write 'serial:" +
                       std::string(target) + "', or 'usb:<VID>:<PID>' as `pumprig ports` lists it, e.g. 'usb:0403:6001'");
      const auto sep = target.find(':');
      if (target.empty() || sep == std::string_view::npos)
        fail(text, "expected the adapter's USB vendor and product id, e.g. 'usb:0403:6001' (see `pumprig ports`)");
      spec.usb_vid = hex4(target.substr(0, sep), "vendor id");
      spec.usb_pid = hex4(target.substr(sep + 1), "product id");
      spec.path = fmt::format("{:04x}:{:04x}", spec.usb_vid, spec.usb_pid);  // canonical: lower case
      break;
    }
    case Transport::tcp: {
      if (q != std::string_view::npos)
        fail(text, "tcp connections take no options (the serial side is set up in the device server)");
      if (target.empty()) fail(text, "missing host and port, e.g. 'tcp:192.168.0.20:4001'");
      const auto last = target.rfind(':');
      if (last == std::string_view::npos) fail(text, "missing port, e.g. 'tcp:192.168.0.20:4001'");
      std::string_view host = target.substr(0, last);
      const std::string_view port_text = target.substr(last + 1);
      if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
      else if (host.find(':') != std::string_view::npos)
        fail(text, "an IPv6 host goes in brackets, e.g. 'tcp:[::1]:4001'");
      if (host.empty()) fail(text, "missing host, e.g. 'tcp:192.168.0.20:4001'");
      const auto port = whole_number(port_text);
      if (!port || *port < 1 || *port > 65535)
        fail(text, "bad port '" + std::string(port_text) + "': expected a whole number 1-65535");
      spec.host = std::string(host);
      spec.port = static_cast<int>(*port);
      spec.path = std::string(target);
      break;
    }
  }
  parse_options(text, options, spec);
  if (spec.usb_serial && spec.usb_serial->empty()) fail(text, "empty serial number");
  return spec;
}

std::string to_string(const ConnectionSpec& spec) {
  const SerialSettings defaults;
  const SerialSettings& s = spec.serial;
  std::vector<std::string> opts;
  const bool full = spec.transport == Transport::tty || spec.transport == Transport::serial || spec.transport == Transport::usb;
  if (spec.usb_serial) opts.insert(opts.begin(), "serial=" + *spec.usb_serial);
  if (full || s.baud != defaults.baud) opts.push_back("baud=" + std::to_string(s.baud));
  if (full || s.data_bits != defaults.data_bits || s.parity != defaults.parity || s.stop_bits != defaults.stop_bits)
    opts.push_back("format=" + format_string(s));
  if (s.flow != FlowControl::none) opts.push_back(std::string("flow=") + flow_name(s.flow));

  std::string out = std::string(to_string(spec.transport)) + ":";
  if (spec.transport == Transport::tcp) {
    out += spec.host.find(':') != std::string::npos ? "[" + spec.host + "]" : spec.host;
    return out + ":" + std::to_string(spec.port);
  }
  out += spec.path;
  for (std::size_t i = 0; i < opts.size(); ++i) out += (i == 0 ? "?" : "&") + opts[i];
  return out;
}

}  // namespace pumprig
