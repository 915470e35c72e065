#include "delta/log/partition_values.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <system_error>

namespace ingot::delta {
namespace {

constexpr int64_t kMicrosPerSecond = 1000000;
constexpr int64_t kMicrosPerDay = 86400 * kMicrosPerSecond;

// Days since 1970-01-01 <-> proleptic Gregorian dates (H. Hinnant's algorithms).
int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2 ? 1 : 0;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void CivilFromDays(int64_t z, int64_t* y, int64_t* m, int64_t* d) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = yoe + era * 400 + (*m <= 2 ? 1 : 0);
}

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

std::string FormatDate(int64_t days) {
  int64_t y, m, d;
  CivilFromDays(days, &y, &m, &d);
  char buffer[32];
  const char* format = (y >= 0 && y <= 9999) ? "%04lld-%02lld-%02lld" : "%+lld-%02lld-%02lld";
  int n = std::snprintf(buffer, sizeof(buffer), format, static_cast<long long>(y),
                        static_cast<long long>(m), static_cast<long long>(d));
  return std::string(buffer, static_cast<size_t>(n));
}

// "HH:MM:SS" and the microseconds within the second for a micros-since-epoch value.
std::string FormatDateTime(int64_t micros, char separator, int64_t* fraction) {
  int64_t days = FloorDiv(micros, kMicrosPerDay);
  int64_t of_day = micros - days * kMicrosPerDay;
  int64_t seconds = of_day / kMicrosPerSecond;
  *fraction = of_day % kMicrosPerSecond;
  char buffer[16];
  int n = std::snprintf(buffer, sizeof(buffer), "%c%02lld:%02lld:%02lld", separator,
                        static_cast<long long>(seconds / 3600),
                        static_cast<long long>(seconds / 60 % 60),
                        static_cast<long long>(seconds % 60));
  return FormatDate(days) + std::string(buffer, static_cast<size_t>(n));
}

// Java's Double/Float.toString layout around the shortest round-trip digits.
template <typename Float>
std::string FormatJavaFloat(Float value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  if (value == 0) return std::signbit(value) ? "-0.0" : "0.0";
  char buffer[64];
  auto [end, ec] =
      std::to_chars(buffer, buffer + sizeof(buffer), value, std::chars_format::scientific);
  std::string_view sci(buffer, static_cast<size_t>(end - buffer));  // "-1.2345e+02"
  std::string out;
  if (sci.front() == '-') {
    out += '-';
    sci.remove_prefix(1);
  }
  size_t e = sci.find('e');
  std::string digits;
  for (char c : sci.substr(0, e)) {
    if (c != '.') digits += c;
  }
  int exponent = 0;
  std::string_view exp_text = sci.substr(e + 1);
  if (exp_text.front() == '+') exp_text.remove_prefix(1);
  std::from_chars(exp_text.data(), exp_text.data() + exp_text.size(), exponent);
  if (exponent >= -3 && exponent < 7) {
    if (exponent < 0) {
      return out + "0." + std::string(static_cast<size_t>(-exponent - 1), '0') + digits;
    }
    size_t int_digits = static_cast<size_t>(exponent) + 1;
    if (digits.size() < int_digits) digits.append(int_digits - digits.size(), '0');
    std::string fraction = digits.substr(int_digits);
    return out + digits.substr(0, int_digits) + "." + (fraction.empty() ? "0" : fraction);
  }
  std::string fraction = digits.substr(1);
  return out + digits.substr(0, 1) + "." + (fraction.empty() ? "0" : fraction) + "E" +
         std::to_string(exponent);
}

Status Invalid(std::string_view what, std::string_view text) {
  return Status::InvalidArgument("invalid ", what, " partition value '", text, "'");
}

// A tiny left-to-right scanner for date/time text.
struct Scanner {
  std::string_view text;
  size_t pos = 0;

  bool AtEnd() const { return pos == text.size(); }
  bool Consume(char c) {
    if (pos < text.size() && text[pos] == c) {
      ++pos;
      return true;
    }
    return false;
  }
  // Exactly `width` digits (or, with width 0, one or more).
  bool Digits(size_t width, int64_t* out) {
    size_t start = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9' &&
           (width == 0 || pos - start < width)) {
      ++pos;
    }
    size_t n = pos - start;
    if (n == 0 || (width != 0 && n != width) || n > 18) return false;
    std::from_chars(text.data() + start, text.data() + pos, *out);
    return true;
  }
};

int64_t DaysInMonth(int64_t y, int64_t m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

bool ScanDate(Scanner* s, int64_t* days) {
  bool negative = s->Consume('-');
  if (!negative) s->Consume('+');
  int64_t y, m, d;
  if (!s->Digits(0, &y) || !s->Consume('-') || !s->Digits(2, &m) || !s->Consume('-') ||
      !s->Digits(2, &d)) {
    return false;
  }
  if (negative) y = -y;
  if (m < 1 || m > 12 || d < 1 || d > DaysInMonth(y, m)) return false;
  *days = DaysFromCivil(y, m, d);
  return true;
}

// "HH:MM:SS[.f{1,9}]" -> micros within the day (fraction truncated to micros).
bool ScanTime(Scanner* s, int64_t* micros) {
  int64_t h, mi, sec;
  if (!s->Digits(2, &h) || !s->Consume(':') || !s->Digits(2, &mi) || !s->Consume(':') ||
      !s->Digits(2, &sec) || h > 23 || mi > 59 || sec > 59) {
    return false;
  }
  int64_t fraction = 0;
  if (s->Consume('.')) {
    size_t start = s->pos;
    int64_t raw = 0;
    if (!s->Digits(0, &raw) || s->pos - start > 9) return false;
    std::string digits(s->text.substr(start, s->pos - start));
    digits.resize(6, '0');
    std::from_chars(digits.data(), digits.data() + 6, fraction);
  }
  *micros = ((h * 60 + mi) * 60 + sec) * kMicrosPerSecond + fraction;
  return true;
}

}  // namespace

std::string FormatBooleanPartitionValue(bool value) { return value ? "true" : "false"; }

std::string FormatIntegerPartitionValue(int64_t value) { return std::to_string(value); }

std::string FormatDoublePartitionValue(double value) { return FormatJavaFloat(value); }

std::string FormatFloatPartitionValue(float value) { return FormatJavaFloat(value); }

std::string FormatDatePartitionValue(int32_t days_since_epoch) {
  return FormatDate(days_since_epoch);
}

std::string FormatTimestampPartitionValue(int64_t micros_since_epoch) {
  int64_t fraction = 0;
  std::string text = FormatDateTime(micros_since_epoch, 'T', &fraction);
  char buffer[16];
  int n = std::snprintf(buffer, sizeof(buffer), ".%06lldZ", static_cast<long long>(fraction));
  return text + std::string(buffer, static_cast<size_t>(n));
}

std::string FormatTimestampNtzPartitionValue(int64_t micros) {
  int64_t fraction = 0;
  std::string text = FormatDateTime(micros, ' ', &fraction);
  if (fraction == 0) return text;
  char buffer[16];
  int n = std::snprintf(buffer, sizeof(buffer), ".%06lld", static_cast<long long>(fraction));
  std::string digits(buffer, static_cast<size_t>(n));
  while (digits.back() == '0') digits.pop_back();
  return text + digits;
}

Result<std::string> FormatDecimalPartitionValue(std::string_view unscaled, int32_t scale) {
  std::string_view digits = unscaled;
  bool negative = !digits.empty() && digits.front() == '-';
  if (negative) digits.remove_prefix(1);
  if (digits.empty() || digits.find_first_not_of("0123456789") != std::string_view::npos ||
      scale < 0) {
    return Status::InvalidArgument("invalid decimal: unscaled '", unscaled, "', scale ", scale);
  }
  size_t first = digits.find_first_not_of('0');
  std::string text = first == std::string_view::npos ? "0" : std::string(digits.substr(first));
  if (text == "0") negative = false;
  size_t width = static_cast<size_t>(scale);
  if (width > 0) {
    if (text.size() <= width) text.insert(0, width + 1 - text.size(), '0');
    text.insert(text.size() - width, ".");
  }
  return negative ? "-" + text : text;
}

Result<bool> ParseBooleanPartitionValue(std::string_view text) {
  auto equals = [text](std::string_view word) {
    if (text.size() != word.size()) return false;
    for (size_t i = 0; i < text.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(text[i])) != word[i]) return false;
    }
    return true;
  };
  if (equals("true")) return true;
  if (equals("false")) return false;
  return Invalid("boolean", text);
}

Result<int64_t> ParseIntegerPartitionValue(std::string_view text) {
  std::string_view digits = text;
  if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);
  int64_t value = 0;
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (digits.empty() || ec != std::errc() || ptr != digits.data() + digits.size()) {
    return Invalid("integer", text);
  }
  return value;
}

Result<double> ParseDoublePartitionValue(std::string_view text) {
  if (text == "NaN") return std::numeric_limits<double>::quiet_NaN();
  if (text == "Infinity" || text == "+Infinity") return std::numeric_limits<double>::infinity();
  if (text == "-Infinity") return -std::numeric_limits<double>::infinity();
  std::string_view digits = text;
  if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);
  double value = 0;
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (digits.empty() || ec != std::errc() || ptr != digits.data() + digits.size()) {
    return Invalid("floating-point", text);
  }
  return value;
}

Result<int32_t> ParseDatePartitionValue(std::string_view text) {
  Scanner s{text};
  int64_t days = 0;
  if (!ScanDate(&s, &days) || !s.AtEnd() || days < std::numeric_limits<int32_t>::min() ||
      days > std::numeric_limits<int32_t>::max()) {
    return Invalid("date", text);
  }
  return static_cast<int32_t>(days);
}

Result<int64_t> ParseTimestampPartitionValue(std::string_view text) {
  Scanner s{text};
  int64_t days = 0;
  int64_t micros = 0;
  if (!ScanDate(&s, &days)) return Invalid("timestamp", text);
  bool iso = s.Consume('T');
  if ((!iso && !s.Consume(' ')) || !ScanTime(&s, &micros)) return Invalid("timestamp", text);
  int64_t offset_minutes = 0;
  if (iso || !s.AtEnd()) {
    if (!s.Consume('Z')) {
      bool negative = s.Consume('-');
      int64_t h = 0, m = 0;
      if ((!negative && !s.Consume('+')) || !s.Digits(2, &h) || !s.Consume(':') ||
          !s.Digits(2, &m) || h > 18 || m > 59) {
        return Invalid("timestamp", text);
      }
      offset_minutes = (negative ? -1 : 1) * (h * 60 + m);
    }
  }
  if (!s.AtEnd()) return Invalid("timestamp", text);
  return days * kMicrosPerDay + micros - offset_minutes * 60 * kMicrosPerSecond;
}

Result<int64_t> ParseTimestampNtzPartitionValue(std::string_view text) {
  Scanner s{text};
  int64_t days = 0;
  int64_t micros = 0;
  if (!ScanDate(&s, &days) || !(s.Consume(' ') || s.Consume('T')) || !ScanTime(&s, &micros) ||
      !s.AtEnd()) {
    return Invalid("timestamp_ntz", text);
  }
  return days * kMicrosPerDay + micros;
}

Result<std::string> ParseDecimalPartitionValue(std::string_view text, int32_t scale) {
  std::string_view rest = text;
  bool negative = false;
  if (!rest.empty() && (rest.front() == '-' || rest.front() == '+')) {
    negative = rest.front() == '-';
    rest.remove_prefix(1);
  }
  size_t dot = rest.find('.');
  std::string_view int_part = rest.substr(0, dot);
  std::string_view frac_part = dot == std::string_view::npos ? "" : rest.substr(dot + 1);
  auto all_digits = [](std::string_view s) {
    return s.find_first_not_of("0123456789") == std::string_view::npos;
  };
  if (scale < 0 || (int_part.empty() && frac_part.empty()) || !all_digits(int_part) ||
      !all_digits(frac_part)) {
    return Invalid("decimal", text);
  }
  size_t width = static_cast<size_t>(scale);
  if (frac_part.size() > width) {
    if (!all_digits(frac_part.substr(width)) ||
        frac_part.substr(width).find_first_not_of('0') != std::string_view::npos) {
      return Status::InvalidArgument("decimal partition value '", text, "' has more than ", scale,
                                     " fraction digits");
    }
    frac_part = frac_part.substr(0, width);
  }
  std::string digits = std::string(int_part) + std::string(frac_part);
  digits.append(width - frac_part.size(), '0');
  size_t first = digits.find_first_not_of('0');
  if (first == std::string::npos) return std::string("0");
  digits.erase(0, first);
  return negative ? "-" + digits : digits;
}

}  // namespace ingot::delta
