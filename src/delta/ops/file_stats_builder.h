#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "delta/log/actions.h"
#include "delta/log/schema.h"

namespace ingot::delta {

// Builds an add action's stats JSON from DuckDB's COPY ... RETURN_STATS column_statistics, given
// as JSON: {"\"a\"": {"min": "1", "max": "9", "null_count": "0"}, "\"s\".\"b\"": {...}}.
// Values become typed JSON per the Delta type of each leaf: numbers bare, strings quoted (min cut
// to 32 characters, max dropped when longer: a cut max would not be an upper bound), dates as
// "yyyy-MM-dd", timestamps as ISO-8601 in milliseconds (min rounded down, max up). Columns
// without usable bounds (binary, NaN, arrays, maps) keep only their null count.
Result<std::string> BuildStatsJson(int64_t num_records, const std::string& column_statistics,
                                   const DataType& schema);

// Fills `out` from DuckDB's partition_keys JSON ({"__ingot_p0": "2024-01-01", ...}, aliases in
// `columns` order); __HIVE_DEFAULT_PARTITION__ becomes null.
Status ParsePartitionKeys(const std::string& partition_keys,
                          const std::vector<std::string>& columns, PartitionValues* out);

// Microseconds since the epoch from DuckDB's timestamp text ("2024-01-31 10:00:00.25" with an
// optional "+00" zone suffix). kInvalidArgument when it does not parse.
Result<int64_t> ParseTimestampMicros(std::string_view text);

}  // namespace ingot::delta
