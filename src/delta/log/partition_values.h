#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.h"

// Typed partition values <-> the strings in add.partitionValues (PROTOCOL.md "Partition Value
// Serialization"). Format* produce exactly what Spark writes; Parse* accept every form the
// protocol allows and fail with kInvalidArgument naming the text. A null value is not a string
// at all (nullopt in PartitionValues), so none of these deal with it. Strings are stored as is.
namespace ingot::delta {

// "true" / "false".
std::string FormatBooleanPartitionValue(bool value);
// byte, short, int, long: decimal text ("-12").
std::string FormatIntegerPartitionValue(int64_t value);
// Java's Double.toString / Float.toString, as Spark casts: "1.0", "0.001", "1.0E7", "1.5E-4",
// "NaN", "Infinity", "-0.0"; the shortest digits that read back to the same value.
std::string FormatDoublePartitionValue(double value);
std::string FormatFloatPartitionValue(float value);
// "YYYY-MM-DD" from days since 1970-01-01.
std::string FormatDatePartitionValue(int32_t days_since_epoch);
// timestamp: ISO-8601 UTC with microseconds, "2024-01-01T10:00:00.000000Z" (Spark's default
// since utcTimestampPartitionValues).
std::string FormatTimestampPartitionValue(int64_t micros_since_epoch);
// timestamp_ntz: "YYYY-MM-DD HH:MM:SS[.ffffff]" with trailing fraction zeros dropped
// ("2021-11-18 02:30:00.123456", "2020-01-01 08:09:10.001", "1969-01-01 00:00:00").
std::string FormatTimestampNtzPartitionValue(int64_t micros);
// decimal(p, s) from its unscaled integer as decimal text: ("-234", 2) -> "-2.34",
// ("4", 5) -> "0.00004". Plain notation, never an exponent. kInvalidArgument when `unscaled` is
// not [-]digits or `scale` is negative.
Result<std::string> FormatDecimalPartitionValue(std::string_view unscaled, int32_t scale);

// "true"/"false", any case.
Result<bool> ParseBooleanPartitionValue(std::string_view text);
Result<int64_t> ParseIntegerPartitionValue(std::string_view text);
// Decimal or exponent notation, "NaN", "Infinity", "-Infinity".
Result<double> ParseDoublePartitionValue(std::string_view text);
// "YYYY-MM-DD" -> days since 1970-01-01.
Result<int32_t> ParseDatePartitionValue(std::string_view text);
// timestamp -> microseconds since the epoch, UTC. Accepts ISO-8601 "YYYY-MM-DDTHH:MM:SS[.f]"
// followed by "Z" or "+HH:MM"/"-HH:MM", and the legacy "YYYY-MM-DD HH:MM:SS[.f]" (up to 9
// fraction digits, truncated to micros). Legacy values were written in the writer's time zone,
// which the log does not record; they are read as UTC, as Delta Kernel does.
Result<int64_t> ParseTimestampPartitionValue(std::string_view text);
// timestamp_ntz "YYYY-MM-DD HH:MM:SS[.f]" (a 'T' separator is accepted too) -> micros.
Result<int64_t> ParseTimestampNtzPartitionValue(std::string_view text);
// A decimal's text -> its unscaled integer at `scale`: ("2.3", 3) -> "2300", ("-0.00", 2) -> "0".
// kInvalidArgument when the text has more significant fraction digits than `scale`.
Result<std::string> ParseDecimalPartitionValue(std::string_view text, int32_t scale);

}  // namespace ingot::delta
