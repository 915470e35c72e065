#pragma once

// Proleptic Gregorian calendar arithmetic on days since 1970-01-01 (H. Hinnant's algorithms):
// exact integer math, so generated dates are the same everywhere.
#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.h"

namespace ingot::generators {

struct CivilDate {
  int32_t year;
  int32_t month;  // 1..12
  int32_t day;    // 1..31
};

int64_t DaysFromCivil(int32_t year, int32_t month, int32_t day);
CivilDate CivilFromDays(int64_t days);

// 0 = Monday ... 6 = Sunday.
int Weekday(int64_t days);

// Parses "YYYY-MM-DD" (a real calendar date) into days since 1970-01-01.
Result<int64_t> ParseIsoDate(std::string_view text);

// "YYYY-MM-DD".
std::string FormatIsoDate(int64_t days);

}  // namespace ingot::generators
