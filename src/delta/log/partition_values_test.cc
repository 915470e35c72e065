#include "delta/log/partition_values.h"

#include <cmath>
#include <limits>

#include <gtest/gtest.h>

namespace ingot::delta {
namespace {

TEST(delta_PartitionValues, BooleansAndIntegers) {
  EXPECT_EQ(FormatBooleanPartitionValue(true), "true");
  EXPECT_EQ(FormatBooleanPartitionValue(false), "false");
  EXPECT_EQ(ParseBooleanPartitionValue("TRUE").ValueOrDie(), true);
  EXPECT_EQ(ParseBooleanPartitionValue("false").ValueOrDie(), false);
  EXPECT_TRUE(ParseBooleanPartitionValue("1").status().IsInvalidArgument());

  EXPECT_EQ(FormatIntegerPartitionValue(-12), "-12");
  EXPECT_EQ(FormatIntegerPartitionValue(INT64_MIN), "-9223372036854775808");
  EXPECT_EQ(ParseIntegerPartitionValue("9223372036854775807").ValueOrDie(), INT64_MAX);
  EXPECT_EQ(ParseIntegerPartitionValue("+7").ValueOrDie(), 7);
  for (std::string_view bad : {"", "1.0", "9223372036854775808", " 1", "x"}) {
    EXPECT_FALSE(ParseIntegerPartitionValue(bad).ok()) << bad;
  }
}

TEST(delta_PartitionValues, FloatingPointLikeJavaToString) {
  EXPECT_EQ(FormatDoublePartitionValue(0.0), "0.0");
  EXPECT_EQ(FormatDoublePartitionValue(-0.0), "-0.0");
  EXPECT_EQ(FormatDoublePartitionValue(1.0), "1.0");
  EXPECT_EQ(FormatDoublePartitionValue(0.1), "0.1");
  EXPECT_EQ(FormatDoublePartitionValue(-2.5), "-2.5");
  EXPECT_EQ(FormatDoublePartitionValue(0.001), "0.001");
  EXPECT_EQ(FormatDoublePartitionValue(1.5e-4), "1.5E-4");
  EXPECT_EQ(FormatDoublePartitionValue(1234567.0), "1234567.0");
  EXPECT_EQ(FormatDoublePartitionValue(1e7), "1.0E7");
  EXPECT_EQ(FormatDoublePartitionValue(12345678.9), "1.23456789E7");
  EXPECT_EQ(FormatDoublePartitionValue(1.234567890123), "1.234567890123");
  EXPECT_EQ(FormatDoublePartitionValue(std::numeric_limits<double>::quiet_NaN()), "NaN");
  EXPECT_EQ(FormatDoublePartitionValue(-std::numeric_limits<double>::infinity()), "-Infinity");
  EXPECT_EQ(FormatFloatPartitionValue(3.4f), "3.4");
  EXPECT_EQ(FormatFloatPartitionValue(0.1f), "0.1");
  EXPECT_EQ(FormatFloatPartitionValue(1.0e10f), "1.0E10");

  for (double value : {0.0, 0.1, -2.5, 1.5e-4, 12345678.9, 1e300, 5e-324}) {
    EXPECT_EQ(ParseDoublePartitionValue(FormatDoublePartitionValue(value)).ValueOrDie(), value);
  }
  EXPECT_TRUE(std::isnan(ParseDoublePartitionValue("NaN").ValueOrDie()));
  EXPECT_EQ(ParseDoublePartitionValue("Infinity").ValueOrDie(),
            std::numeric_limits<double>::infinity());
  EXPECT_FALSE(ParseDoublePartitionValue("1.0x").ok());
}

TEST(delta_PartitionValues, Dates) {
  EXPECT_EQ(FormatDatePartitionValue(0), "1970-01-01");
  EXPECT_EQ(FormatDatePartitionValue(-1), "1969-12-31");
  EXPECT_EQ(FormatDatePartitionValue(18878), "2021-09-08");
  EXPECT_EQ(FormatDatePartitionValue(11016), "2000-02-29");
  EXPECT_EQ(FormatDatePartitionValue(-719162), "0001-01-01");
  EXPECT_EQ(FormatDatePartitionValue(2932896), "9999-12-31");
  for (int32_t days : {0, -1, 18878, 11016, -719162, 2932896}) {
    EXPECT_EQ(ParseDatePartitionValue(FormatDatePartitionValue(days)).ValueOrDie(), days);
  }
  for (std::string_view bad : {"2021-02-29", "2021-13-01", "2021-1-01", "2021-01-01 ", ""}) {
    EXPECT_FALSE(ParseDatePartitionValue(bad).ok()) << bad;
  }
}

TEST(delta_PartitionValues, Timestamps) {
  // Golden kernel-timestamp-partition-col-ISO8601.
  EXPECT_EQ(FormatTimestampPartitionValue(1704103200000000), "2024-01-01T10:00:00.000000Z");
  EXPECT_EQ(ParseTimestampPartitionValue("2024-01-02T12:30:00.000000Z").ValueOrDie(),
            1704198600000000);
  EXPECT_EQ(FormatTimestampPartitionValue(-1), "1969-12-31T23:59:59.999999Z");
  EXPECT_EQ(ParseTimestampPartitionValue("2024-01-01T11:00:00+01:00").ValueOrDie(),
            1704103200000000);
  EXPECT_EQ(ParseTimestampPartitionValue("2024-01-01T10:00:00Z").ValueOrDie(), 1704103200000000);
  // Golden kernel-timestamp-TIMESTAMP_MICROS: legacy strings, written in UTC.
  EXPECT_EQ(ParseTimestampPartitionValue("2020-01-01 08:09:10.001").ValueOrDie(), 1577866150001000);
  EXPECT_EQ(ParseTimestampPartitionValue("2021-10-01 08:09:20").ValueOrDie(), 1633075760000000);
  EXPECT_EQ(ParseTimestampPartitionValue("1969-01-01 00:00:00").ValueOrDie(), -31536000000000);
  EXPECT_EQ(ParseTimestampPartitionValue("1970-01-01 00:00:00.123456789").ValueOrDie(), 123456);
  for (std::string_view bad : {"2024-01-01T10:00:00", "2024-01-01 25:00:00", "2024-01-01",
                               "2024-01-01T10:00:00.Z", "2024-01-01T10:00:00.1234567891Z"}) {
    EXPECT_FALSE(ParseTimestampPartitionValue(bad).ok()) << bad;
  }
}

TEST(delta_PartitionValues, TimestampNtz) {
  // Golden data-reader-timestamp_ntz.
  EXPECT_EQ(FormatTimestampNtzPartitionValue(1637202600123456), "2021-11-18 02:30:00.123456");
  EXPECT_EQ(ParseTimestampNtzPartitionValue("2013-07-05 17:01:00.123456").ValueOrDie(),
            1373043660123456);
  EXPECT_EQ(FormatTimestampNtzPartitionValue(1577866150001000), "2020-01-01 08:09:10.001");
  EXPECT_EQ(FormatTimestampNtzPartitionValue(-31536000000000), "1969-01-01 00:00:00");
  for (int64_t micros : {int64_t{0}, int64_t{-1}, int64_t{1637202600123456}}) {
    EXPECT_EQ(
        ParseTimestampNtzPartitionValue(FormatTimestampNtzPartitionValue(micros)).ValueOrDie(),
        micros);
  }
  EXPECT_FALSE(ParseTimestampNtzPartitionValue("2021-11-18 02:30:00Z").ok());
}

TEST(delta_PartitionValues, Decimals) {
  // Golden basic-decimal-table, decimal(12,5).
  EXPECT_EQ(FormatDecimalPartitionValue("-234234223423", 5).ValueOrDie(), "-2342342.23423");
  EXPECT_EQ(FormatDecimalPartitionValue("4", 5).ValueOrDie(), "0.00004");
  EXPECT_EQ(FormatDecimalPartitionValue("23400000", 5).ValueOrDie(), "234.00000");
  EXPECT_EQ(FormatDecimalPartitionValue("0", 10).ValueOrDie(), "0.0000000000");
  EXPECT_EQ(FormatDecimalPartitionValue("-0", 2).ValueOrDie(), "0.00");
  EXPECT_EQ(FormatDecimalPartitionValue("007", 0).ValueOrDie(), "7");
  EXPECT_EQ(FormatDecimalPartitionValue("99999999999999999999999999999999999999", 38).ValueOrDie(),
            "0.99999999999999999999999999999999999999");
  EXPECT_FALSE(FormatDecimalPartitionValue("1a", 1).ok());
  EXPECT_FALSE(FormatDecimalPartitionValue("1", -1).ok());

  EXPECT_EQ(ParseDecimalPartitionValue("-2342342.23423", 5).ValueOrDie(), "-234234223423");
  EXPECT_EQ(ParseDecimalPartitionValue("0.00004", 5).ValueOrDie(), "4");
  EXPECT_EQ(ParseDecimalPartitionValue("2.3", 3).ValueOrDie(), "2300");
  EXPECT_EQ(ParseDecimalPartitionValue("2.30", 1).ValueOrDie(), "23");
  EXPECT_EQ(ParseDecimalPartitionValue("12", 2).ValueOrDie(), "1200");
  EXPECT_EQ(ParseDecimalPartitionValue(".5", 1).ValueOrDie(), "5");
  EXPECT_EQ(ParseDecimalPartitionValue("-0.00", 2).ValueOrDie(), "0");
  EXPECT_TRUE(ParseDecimalPartitionValue("2.35", 1).status().IsInvalidArgument());
  for (std::string_view bad : {"", "-", ".", "1e5", "1.2.3", "abc"}) {
    EXPECT_FALSE(ParseDecimalPartitionValue(bad, 2).ok()) << bad;
  }
}

}  // namespace
}  // namespace ingot::delta
