#include "duck/value_format.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>

#include "duck/duck_internal.h"

namespace ingot::duck::internal {
namespace {

constexpr int64_t kMicrosPerDay = 86'400'000'000LL;

template <typename T>
T Read(duckdb_vector vector, idx_t row) {
  return static_cast<const T*>(duckdb_vector_get_data(vector))[row];
}

std::string UInt128ToString(unsigned __int128 magnitude) {
  if (magnitude == 0) return "0";
  std::string digits;
  while (magnitude > 0) {
    digits += static_cast<char>('0' + static_cast<int>(magnitude % 10));
    magnitude /= 10;
  }
  return std::string(digits.rbegin(), digits.rend());
}

std::string Int128ToString(__int128 value) {
  if (value >= 0) return UInt128ToString(static_cast<unsigned __int128>(value));
  return "-" + UInt128ToString(-static_cast<unsigned __int128>(value));
}

__int128 HugeIntValue(duckdb_hugeint h) {
  return (static_cast<__int128>(h.upper) << 64) | static_cast<__int128>(h.lower);
}

std::string DecimalToString(__int128 unscaled, int scale) {
  std::string digits = UInt128ToString(unscaled < 0 ? -static_cast<unsigned __int128>(unscaled)
                                                    : static_cast<unsigned __int128>(unscaled));
  if (scale > 0) {
    if (static_cast<int>(digits.size()) <= scale) {
      digits.insert(0, static_cast<size_t>(scale) + 1 - digits.size(), '0');
    }
    digits.insert(digits.size() - static_cast<size_t>(scale), ".");
  }
  return unscaled < 0 ? "-" + digits : digits;
}

template <typename F>
std::string FloatToString(F value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), value);
  if (ec != std::errc()) return "?";
  std::string out(buf, end);
  // DuckDB prints integral floating point values with a trailing ".0".
  if (out.find_first_of(".e") == std::string::npos) out += ".0";
  return out;
}

// Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
void CivilFromDays(int64_t days, int64_t* year, unsigned* month, unsigned* day) {
  days += 719468;
  int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  auto doe = static_cast<unsigned>(days - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = static_cast<int64_t>(yoe) + era * 400;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  *day = doy - (153 * mp + 2) / 5 + 1;
  *month = mp < 10 ? mp + 3 : mp - 9;
  *year = y + (*month <= 2 ? 1 : 0);
}

// Writes `value` (>= 0) as at least `width` decimal digits, zero-padded, before `end`; returns
// where it starts. Formatting by hand: snprintf dominated CSV output of dates and timestamps.
char* FormatDigitsBackward(char* end, uint64_t value, int width) {
  char* p = end;
  do {
    *--p = static_cast<char>('0' + value % 10);
    value /= 10;
    --width;
  } while (value != 0 || width > 0);
  return p;
}

std::string DateToString(int64_t days) {
  int64_t year;
  unsigned month, day;
  CivilFromDays(days, &year, &month, &day);
  char buf[48];
  char* end = buf + 32;
  char* p = FormatDigitsBackward(end, day, 2);
  *--p = '-';
  p = FormatDigitsBackward(p, month, 2);
  *--p = '-';
  p = FormatDigitsBackward(p, static_cast<uint64_t>(year <= 0 ? 1 - year : year), 4);
  std::string out(p, end);
  if (year <= 0) out += " (BC)";
  return out;
}

// Time of day from sub-second units; `digits` is 6 for micros, 9 for nanos. Trailing zeros of
// the fraction are dropped, as DuckDB does.
std::string TimeOfDayToString(int64_t units, int digits) {
  int64_t per_second = digits == 9 ? 1'000'000'000LL : 1'000'000LL;
  int64_t seconds = units / per_second;
  int64_t fraction = units % per_second;
  char buf[32];
  char* end = buf + sizeof(buf);
  char* p = FormatDigitsBackward(end, static_cast<uint64_t>(seconds % 60), 2);
  *--p = ':';
  p = FormatDigitsBackward(p, static_cast<uint64_t>(seconds / 60 % 60), 2);
  *--p = ':';
  p = FormatDigitsBackward(p, static_cast<uint64_t>(seconds / 3600), 2);
  std::string out(p, end);
  if (fraction != 0) {
    char frac[16];
    char* frac_end = frac + sizeof(frac);
    char* f = FormatDigitsBackward(frac_end, static_cast<uint64_t>(fraction), digits);
    while (frac_end[-1] == '0') --frac_end;
    out += '.';
    out.append(f, frac_end);
  }
  return out;
}

std::string TimestampToString(int64_t value, TypeId id) {
  if (value == INT64_MAX) return "infinity";
  if (value == -INT64_MAX) return "-infinity";
  int64_t per_day = kMicrosPerDay;
  int digits = 6;
  switch (id) {
    case TypeId::kTimestampS:
      value *= 1'000'000;
      break;
    case TypeId::kTimestampMs:
      value *= 1000;
      break;
    case TypeId::kTimestampNs:
      per_day = kMicrosPerDay * 1000;
      digits = 9;
      break;
    default:
      break;
  }
  int64_t days = value / per_day;
  int64_t rest = value % per_day;
  if (rest < 0) {
    rest += per_day;
    days -= 1;
  }
  std::string out = DateToString(days) + " " + TimeOfDayToString(rest, digits);
  if (id == TypeId::kTimestampTz) out += "+00";
  return out;
}

std::string IntervalToString(duckdb_interval interval) {
  std::string out;
  auto part = [&out](int64_t n, const char* unit) {
    if (n == 0) return;
    if (!out.empty()) out += ' ';
    out += std::to_string(n) + " " + unit + (n == 1 || n == -1 ? "" : "s");
  };
  part(interval.months / 12, "year");
  part(interval.months % 12, "month");
  part(interval.days, "day");
  if (interval.micros != 0 || out.empty()) {
    if (!out.empty()) out += ' ';
    int64_t micros = interval.micros;
    if (micros < 0) {
      out += '-';
      micros = -micros;
    }
    out += TimeOfDayToString(micros, 6);
  }
  return out;
}

std::string UuidToString(duckdb_hugeint h) {
  uint64_t upper = static_cast<uint64_t>(h.upper) ^ (uint64_t{1} << 63);
  char buf[40];
  snprintf(buf, sizeof(buf), "%08llx-%04llx-%04llx-%04llx-%012llx",
           static_cast<unsigned long long>(upper >> 32),
           static_cast<unsigned long long>((upper >> 16) & 0xFFFF),
           static_cast<unsigned long long>(upper & 0xFFFF),
           static_cast<unsigned long long>(h.lower >> 48),
           static_cast<unsigned long long>(h.lower & 0xFFFFFFFFFFFFULL));
  return buf;
}

std::string_view StringAt(duckdb_vector vector, idx_t row) {
  auto* strings = static_cast<duckdb_string_t*>(duckdb_vector_get_data(vector));
  return std::string_view(duckdb_string_t_data(&strings[row]),
                          duckdb_string_t_length(strings[row]));
}

std::string BlobToString(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : bytes) {
    auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7F && c != '\\' && c != '\'' && c != '"') {
      out += c;
    } else {
      out += "\\x";
      out += kHex[u >> 4];
      out += kHex[u & 0xF];
    }
  }
  return out;
}

std::string BitToString(std::string_view bytes) {
  if (bytes.empty()) return "";
  int padding = static_cast<unsigned char>(bytes[0]);
  std::string out;
  for (size_t i = 1; i < bytes.size(); ++i) {
    for (int bit = 7; bit >= 0; --bit) {
      if (i == 1 && 7 - bit < padding) continue;
      out += ((static_cast<unsigned char>(bytes[i]) >> bit) & 1) ? '1' : '0';
    }
  }
  return out;
}

std::string EnumToString(duckdb_vector vector, idx_t row) {
  LogicalType type(duckdb_vector_get_column_type(vector));
  uint64_t index = 0;
  switch (duckdb_enum_internal_type(type.get())) {
    case DUCKDB_TYPE_UTINYINT:
      index = Read<uint8_t>(vector, row);
      break;
    case DUCKDB_TYPE_USMALLINT:
      index = Read<uint16_t>(vector, row);
      break;
    default:
      index = Read<uint32_t>(vector, row);
      break;
  }
  return TakeDuckString(duckdb_enum_dictionary_value(type.get(), index));
}

__int128 DecimalUnscaled(duckdb_vector vector, const ColumnType& type, idx_t row) {
  if (type.decimal_width <= 4) return Read<int16_t>(vector, row);
  if (type.decimal_width <= 9) return Read<int32_t>(vector, row);
  if (type.decimal_width <= 18) return Read<int64_t>(vector, row);
  return HugeIntValue(Read<duckdb_hugeint>(vector, row));
}

// Scalar (non-nested) values as text; `quoted` tells the JSON path whether to quote it.
std::string ScalarToString(duckdb_vector vector, const ColumnType& type, idx_t row, bool* quoted) {
  *quoted = false;
  switch (type.id) {
    case TypeId::kBoolean:
      return Read<bool>(vector, row) ? "true" : "false";
    case TypeId::kTinyInt:
      return std::to_string(Read<int8_t>(vector, row));
    case TypeId::kSmallInt:
      return std::to_string(Read<int16_t>(vector, row));
    case TypeId::kInteger:
      return std::to_string(Read<int32_t>(vector, row));
    case TypeId::kBigInt:
      return std::to_string(Read<int64_t>(vector, row));
    case TypeId::kUTinyInt:
      return std::to_string(Read<uint8_t>(vector, row));
    case TypeId::kUSmallInt:
      return std::to_string(Read<uint16_t>(vector, row));
    case TypeId::kUInteger:
      return std::to_string(Read<uint32_t>(vector, row));
    case TypeId::kUBigInt:
      return std::to_string(Read<uint64_t>(vector, row));
    case TypeId::kHugeInt:
      return Int128ToString(HugeIntValue(Read<duckdb_hugeint>(vector, row)));
    case TypeId::kUHugeInt: {
      auto h = Read<duckdb_uhugeint>(vector, row);
      return UInt128ToString((static_cast<unsigned __int128>(h.upper) << 64) | h.lower);
    }
    case TypeId::kFloat: {
      float f = Read<float>(vector, row);
      *quoted = !std::isfinite(f);
      return FloatToString(f);
    }
    case TypeId::kDouble: {
      double d = Read<double>(vector, row);
      *quoted = !std::isfinite(d);
      return FloatToString(d);
    }
    case TypeId::kDecimal:
      return DecimalToString(DecimalUnscaled(vector, type, row), type.decimal_scale);
    default:
      break;
  }
  *quoted = true;
  switch (type.id) {
    case TypeId::kVarchar:
      return std::string(StringAt(vector, row));
    case TypeId::kBlob:
      return BlobToString(StringAt(vector, row));
    case TypeId::kBit:
      return BitToString(StringAt(vector, row));
    case TypeId::kDate: {
      int32_t days = Read<int32_t>(vector, row);
      if (days == INT32_MAX) return "infinity";
      if (days == -INT32_MAX) return "-infinity";
      return DateToString(days);
    }
    case TypeId::kTime:
      return TimeOfDayToString(Read<int64_t>(vector, row), 6);
    case TypeId::kTimeTz: {
      duckdb_time_tz_struct tz = duckdb_from_time_tz(Read<duckdb_time_tz>(vector, row));
      int64_t micros =
          ((tz.time.hour * 60LL + tz.time.min) * 60 + tz.time.sec) * 1'000'000LL + tz.time.micros;
      int offset = tz.offset;
      char buf[16];
      snprintf(buf, sizeof(buf), "%c%02d", offset < 0 ? '-' : '+', std::abs(offset) / 3600);
      std::string out = TimeOfDayToString(micros, 6) + buf;
      if (std::abs(offset) % 3600 != 0) {
        snprintf(buf, sizeof(buf), ":%02d", std::abs(offset) % 3600 / 60);
        out += buf;
      }
      return out;
    }
    case TypeId::kTimestamp:
    case TypeId::kTimestampS:
    case TypeId::kTimestampMs:
    case TypeId::kTimestampNs:
    case TypeId::kTimestampTz:
      return TimestampToString(Read<int64_t>(vector, row), type.id);
    case TypeId::kInterval:
      return IntervalToString(Read<duckdb_interval>(vector, row));
    case TypeId::kUuid:
      return UuidToString(Read<duckdb_hugeint>(vector, row));
    case TypeId::kEnum:
      return EnumToString(vector, row);
    default:
      return "<" + type.sql_name + ">";
  }
}

void FormatChildren(duckdb_vector child, const ColumnType& child_type, idx_t begin, idx_t count,
                    bool json, std::string* out) {
  *out += '[';
  for (idx_t i = 0; i < count; ++i) {
    if (i > 0) *out += json ? "," : ", ";
    FormatValue(child, child_type, begin + i, json, out);
  }
  *out += ']';
}

}  // namespace

void AppendJsonString(std::string_view text, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  *out += '"';
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '"':
        *out += "\\\"";
        break;
      case '\\':
        *out += "\\\\";
        break;
      case '\n':
        *out += "\\n";
        break;
      case '\r':
        *out += "\\r";
        break;
      case '\t':
        *out += "\\t";
        break;
      default:
        if (u < 0x20) {
          *out += "\\u00";
          *out += kHex[u >> 4];
          *out += kHex[u & 0xF];
        } else {
          *out += c;
        }
    }
  }
  *out += '"';
}

void FormatValue(duckdb_vector vector, const ColumnType& type, idx_t row, bool json,
                 std::string* out) {
  uint64_t* validity = duckdb_vector_get_validity(vector);
  if (validity != nullptr && !duckdb_validity_row_is_valid(validity, row)) {
    *out += json ? "null" : "NULL";
    return;
  }
  if (json && type.is_json) {  // JSON values are written as they are, not as strings
    *out += StringAt(vector, row);
    return;
  }
  switch (type.id) {
    case TypeId::kList: {
      auto entry = Read<duckdb_list_entry>(vector, row);
      FormatChildren(duckdb_list_vector_get_child(vector), type.children[0], entry.offset,
                     entry.length, json, out);
      return;
    }
    case TypeId::kArray:
      FormatChildren(duckdb_array_vector_get_child(vector), type.children[0], row * type.array_size,
                     type.array_size, json, out);
      return;
    case TypeId::kStruct: {
      *out += '{';
      for (size_t i = 0; i < type.children.size(); ++i) {
        if (i > 0) *out += json ? "," : ", ";
        if (json) {
          AppendJsonString(type.child_names[i], out);
          *out += ':';
        } else {
          *out += "'" + type.child_names[i] + "': ";
        }
        FormatValue(duckdb_struct_vector_get_child(vector, i), type.children[i], row, json, out);
      }
      *out += '}';
      return;
    }
    case TypeId::kMap: {
      auto entry = Read<duckdb_list_entry>(vector, row);
      duckdb_vector entries = duckdb_list_vector_get_child(vector);
      duckdb_vector keys = duckdb_struct_vector_get_child(entries, 0);
      duckdb_vector values = duckdb_struct_vector_get_child(entries, 1);
      *out += '{';
      for (idx_t i = 0; i < entry.length; ++i) {
        if (i > 0) *out += json ? "," : ", ";
        if (json) {
          std::string key;
          FormatValue(keys, type.children[0], entry.offset + i, false, &key);
          AppendJsonString(key, out);
          *out += ':';
        } else {
          FormatValue(keys, type.children[0], entry.offset + i, false, out);
          *out += '=';
        }
        FormatValue(values, type.children[1], entry.offset + i, json, out);
      }
      *out += '}';
      return;
    }
    case TypeId::kUnion: {
      duckdb_vector tags = duckdb_struct_vector_get_child(vector, 0);
      uint8_t tag = Read<uint8_t>(tags, row);
      FormatValue(duckdb_struct_vector_get_child(vector, tag + 1), type.children[tag], row, json,
                  out);
      return;
    }
    default:
      break;
  }
  bool quoted = false;
  std::string text = ScalarToString(vector, type, row, &quoted);
  if (json && quoted) {
    AppendJsonString(text, out);
  } else {
    *out += text;
  }
}

}  // namespace ingot::duck::internal
