#pragma once

#include <string>

#include "common/result.h"
#include "delta/log/schema.h"
#include "duck/types.h"

namespace ingot::delta {

// Maps a DuckDB column type to the Delta type a table stores it as. Widens where Delta has no
// exact type (UTINYINT -> short, USMALLINT -> integer, UINTEGER -> long, UBIGINT/HUGEINT ->
// decimal(38,0)), maps ENUM and UUID to string, and DuckDB TIMESTAMP (no zone) to Delta
// timestamp read as UTC unless `timestamp_ntz` is set. kInvalidArgument naming `column` for types
// Delta cannot hold (INTERVAL, TIME, BIT, UNION, ...).
Result<DataType> DeltaTypeFromDuck(const duck::ColumnType& type, const std::string& column,
                                   bool timestamp_ntz = false);

// The DuckDB SQL type that reads and writes a Delta type: long -> BIGINT, timestamp ->
// TIMESTAMPTZ, timestamp_ntz -> TIMESTAMP, decimal(p,s) -> DECIMAL(p,s), struct -> STRUCT(...),
// array -> T[], map -> MAP(K, V). kNotImplemented for variant.
Result<std::string> DuckTypeFromDelta(const DataType& type);

// A struct DataType (a table schema) from the columns of a DuckDB query result.
Result<DataType> SchemaFromColumns(const std::vector<std::string>& names,
                                   const std::vector<duck::ColumnType>& types,
                                   bool timestamp_ntz = false);

}  // namespace ingot::delta
