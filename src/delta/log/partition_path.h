#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"
#include "delta/log/actions.h"

// Hive-style partition directories ("day=2024-01-01/kind=a%3Ab/") as Spark names them. The
// directory is only a convention (add.partitionValues is authoritative), but writers should
// produce the same names as Spark, and the add.path of such a file is
// EncodeLogPath(PartitionDirectory(...) + "/" + file name).
namespace ingot::delta {

// The directory name Hive and Spark use for a null (or empty string) partition value.
inline constexpr std::string_view kHiveDefaultPartition = "__HIVE_DEFAULT_PARTITION__";

// Spark's ExternalCatalogUtils.escapePathName: each of the bytes 0x01-0x1F, '"', '#', '%', '\'',
// '*', '/', ':', '=', '?', '\\', 0x7F, '{', '[', ']' and '^' becomes %XX (upper-case hex); every
// other byte, including spaces, '}' and UTF-8, is kept. One deliberate difference: NUL (which
// Spark leaves as is and no file system accepts) is escaped too.
std::string EscapePartitionPathName(std::string_view text);

// Spark's unescapePathName: each "%XX" with two hex digits becomes that byte; a '%' not followed
// by two hex digits is kept literally. Never fails.
std::string UnescapePartitionPathName(std::string_view text);

// "<escaped column>=<escaped value>", with kHiveDefaultPartition for nullopt or "".
std::string PartitionPathSegment(std::string_view column, const std::optional<std::string>& value);

// The segments for `partition_columns` in order, joined by '/' ("" for an unpartitioned table).
// kInvalidArgument when a partition column has no entry in `values`.
Result<std::string> PartitionDirectory(const std::vector<std::string>& partition_columns,
                                       const PartitionValues& values);

// Splits a relative directory ("a=1/b=__HIVE_DEFAULT_PARTITION__", a trailing '/' allowed) back
// into unescaped (column, value) pairs; kHiveDefaultPartition becomes nullopt. kInvalidArgument
// for an empty segment or one without '='.
Result<std::vector<std::pair<std::string, std::optional<std::string>>>> ParsePartitionDirectory(
    std::string_view directory);

}  // namespace ingot::delta
