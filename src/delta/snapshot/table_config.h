#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "common/result.h"
#include "delta/log/actions.h"

// Table properties (metaData.configuration) that log replay and checkpointing interpret.
namespace ingot::delta {

inline constexpr std::string_view kDeletedFileRetentionDurationKey =
    "delta.deletedFileRetentionDuration";
inline constexpr std::string_view kEnableInCommitTimestampsKey = "delta.enableInCommitTimestamps";
inline constexpr std::string_view kInCommitTimestampEnablementVersionKey =
    "delta.inCommitTimestampEnablementVersion";
inline constexpr std::string_view kColumnMappingModeKey = "delta.columnMapping.mode";

// Spark's default delta.deletedFileRetentionDuration: "interval 1 week".
inline constexpr int64_t kDefaultDeletedFileRetentionMillis = 7LL * 24 * 60 * 60 * 1000;

// Parses a Spark calendar interval as Delta properties hold them, "interval 1 week",
// "interval 36 hours", "2 days", "interval 1 day 12 hours" (units: week, day, hour, minute,
// second, millisecond, microsecond, each singular or plural; case-insensitive), into
// milliseconds. Months and years are refused (their length varies). kInvalidArgument naming the
// text otherwise.
Result<int64_t> ParseIntervalMillis(std::string_view text);

// delta.deletedFileRetentionDuration in milliseconds (the default when unset); kInvalidArgument
// when it cannot be parsed.
Result<int64_t> DeletedFileRetentionMillis(const Metadata& metadata);

// The first version whose commits carry in-commit timestamps, or nullopt when
// delta.enableInCommitTimestamps is not "true". Enabled without
// delta.inCommitTimestampEnablementVersion means enabled since the table was created (0).
std::optional<int64_t> InCommitTimestampsSince(const Metadata& metadata);

}  // namespace ingot::delta
