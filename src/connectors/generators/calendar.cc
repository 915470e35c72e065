#include "connectors/generators/calendar.h"

#include <cstdio>

namespace ingot::generators {

int64_t DaysFromCivil(int32_t year, int32_t month, int32_t day) {
  const int64_t y = static_cast<int64_t>(year) - (month <= 2 ? 1 : 0);
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

CivilDate CivilFromDays(int64_t days) {
  const int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int32_t day = static_cast<int32_t>(doy - (153 * mp + 2) / 5 + 1);
  const int32_t month = static_cast<int32_t>(mp < 10 ? mp + 3 : mp - 9);
  const int32_t year = static_cast<int32_t>(yoe + era * 400 + (month <= 2 ? 1 : 0));
  return {year, month, day};
}

int Weekday(int64_t days) {
  // 1970-01-01 was a Thursday (3 when Monday is 0).
  int64_t w = (days + 3) % 7;
  return static_cast<int>(w < 0 ? w + 7 : w);
}

Result<int64_t> ParseIsoDate(std::string_view text) {
  auto digits = [&](size_t from, size_t count, int32_t* out) {
    int32_t value = 0;
    for (size_t i = from; i < from + count; ++i) {
      if (text[i] < '0' || text[i] > '9') return false;
      value = value * 10 + (text[i] - '0');
    }
    *out = value;
    return true;
  };
  int32_t year = 0, month = 0, day = 0;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !digits(0, 4, &year) ||
      !digits(5, 2, &month) || !digits(8, 2, &day) || month < 1 || month > 12 || day < 1) {
    return Status::InvalidArgument("invalid date '", text, "': expected YYYY-MM-DD");
  }
  int64_t days = DaysFromCivil(year, month, day);
  CivilDate back = CivilFromDays(days);
  if (back.month != month || back.day != day) {
    return Status::InvalidArgument("invalid date '", text, "': no such day");
  }
  return days;
}

std::string FormatIsoDate(int64_t days) {
  CivilDate date = CivilFromDays(days);
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02d", date.year, date.month, date.day);
  return buf;
}

}  // namespace ingot::generators
