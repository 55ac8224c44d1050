#include "rig/record/time_format.hpp"

#include <chrono>
#include <string>

#include <fmt/format.h>

namespace pumprig {

namespace {

// %F and %T are shorthands: spelled out once, the parser only knows single fields.
std::string expanded(std::string_view format) {
  std::string out;
  for (std::size_t i = 0; i < format.size(); ++i) {
    if (format[i] == '%' && i + 1 < format.size()) {
      const char f = format[i + 1];
      if (f == 'F') out += "%Y-%m-%d";
      else if (f == 'T') out += "%H:%M:%S";
      else out.append(format.substr(i, 2));
      ++i;
    } else {
      out += format[i];
    }
  }
  return out;
}

constexpr std::string_view kFields = "YymdHIMSp";

}  // namespace

std::optional<long long> to_nanoseconds(const EpochSeconds& t) {
  long long ns = 0;
  if (__builtin_mul_overflow(t.seconds, 1'000'000'000LL, &ns) || __builtin_add_overflow(ns, t.fraction_ns, &ns))
    return std::nullopt;
  return ns;
}

std::optional<std::string> time_format_problem(std::string_view format_text) {
  const std::string format = expanded(format_text);
  if (format.empty()) return "the time format is empty";
  int count[256] = {};
  for (std::size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '%') continue;
    if (i + 1 == format.size()) return "the time format ends in a lone '%' (write %% for a percent sign)";
    const char f = format[++i];
    if (f == '%') continue;
    if (kFields.find(f) == std::string_view::npos)
      return fmt::format("%{} is not a field this reader knows (%Y %y %m %d %H %I %p %M %S %F %T %%)", f);
    if (++count[static_cast<unsigned char>(f)] > 1) return fmt::format("%{} appears twice in the time format", f);
  }
  auto has = [&](char f) { return count[static_cast<unsigned char>(f)] > 0; };
  if (has('Y') && has('y')) return "the time format has both %Y and %y";
  if (has('H') && has('I')) return "the time format has both %H and %I";
  if (has('I') != has('p')) return "%I (12-hour clock) and %p (AM/PM) go together";
  const bool year = has('Y') || has('y');
  if ((year || has('m') || has('d')) && !(year && has('m') && has('d')))
    return "a date needs a day (%d), a month (%m) and a year (%Y or %y) together";
  if (!has('H') && !has('I')) return "the time format has no hour (%H, or %I with %p)";
  return std::nullopt;
}

std::optional<EpochSeconds> parse_formatted_time(std::string_view text, std::string_view format_text) {
  const std::string format = expanded(format_text);
  std::size_t pos = 0;
  // One or two digits (exactly `width` when width > 0).
  auto number = [&](int width, int& out) {
    std::size_t n = 0;
    out = 0;
    const std::size_t most = width > 0 ? static_cast<std::size_t>(width) : 2;
    while (n < most && pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      out = out * 10 + (text[pos] - '0');
      ++pos;
      ++n;
    }
    return width > 0 ? n == most : n > 0;
  };
  int year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0;
  long long fraction_ns = 0;
  std::optional<bool> pm;
  for (std::size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '%') {
      if (pos >= text.size() || text[pos] != format[i]) return std::nullopt;
      ++pos;
      continue;
    }
    const char f = format[++i];
    bool ok = true;
    switch (f) {
      case '%': ok = pos < text.size() && text[pos++] == '%'; break;
      case 'Y': ok = number(4, year); break;
      case 'y': {
        int yy = 0;
        ok = number(2, yy);
        year = yy >= 69 ? 1900 + yy : 2000 + yy;
        break;
      }
      case 'm': ok = number(0, month); break;
      case 'd': ok = number(0, day); break;
      case 'H': ok = number(0, hour) && hour <= 23; break;
      case 'I': ok = number(0, hour) && hour >= 1 && hour <= 12; break;
      case 'M': ok = number(0, minute) && minute <= 59; break;
      case 'S': {
        ok = number(0, second) && second <= 60;  // 60: a leap second, as ISO 8601 allows
        if (ok && pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
          ++pos;
          long long scale = 100'000'000;
          std::size_t digits = 0;
          while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
            fraction_ns += (text[pos] - '0') * scale;  // digits past nanoseconds add 0
            scale /= 10;
            ++pos;
            ++digits;
          }
          ok = digits > 0;
        }
        break;
      }
      case 'p': {
        const std::string_view rest = text.substr(pos, 2);
        if (rest.size() == 2 && (rest[1] == 'M' || rest[1] == 'm') &&
            (rest[0] == 'A' || rest[0] == 'a' || rest[0] == 'P' || rest[0] == 'p')) {
          pm = rest[0] == 'P' || rest[0] == 'p';
          pos += 2;
        } else {
          ok = false;
        }
        break;
      }
      default: ok = false;  // time_format_problem refuses it
    }
    if (!ok) return std::nullopt;
  }
  if (pos != text.size()) return std::nullopt;
  if (pm) hour = hour % 12 + (*pm ? 12 : 0);  // 12 AM is 00, 12 PM is 12
  using namespace std::chrono;
  const year_month_day ymd{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
                           std::chrono::day{static_cast<unsigned>(day)}};
  if (!ymd.ok()) return std::nullopt;
  const long long days = sys_days{ymd}.time_since_epoch().count();
  return EpochSeconds{days * 86400LL + hour * 3600LL + minute * 60LL + second, fraction_ns};
}

}  // namespace pumprig
