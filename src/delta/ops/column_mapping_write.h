#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/result.h"
#include "delta/log/actions.h"
#include "delta/log/column_mapping.h"
#include "delta/log/schema.h"

// Column mapping on the write side (PROTOCOL.md "Column Mapping", "Writer Requirements for
// Column Mapping"): ids and physical names for new fields, and the SQL that renames values
// between logical and physical field names.
namespace ingot::delta {

inline constexpr char kMaxColumnIdKey[] = "delta.columnMapping.maxColumnId";

// `schema` with every struct field, at any depth, that has no delta.columnMapping.physicalName
// given one: delta.columnMapping.id = ++*max_column_id and delta.columnMapping.physicalName =
// "col-<uuid>" (as Spark names them). Fields that have them keep theirs.
Result<DataType> AssignColumnMapping(const DataType& schema, int64_t* max_column_id);

// The table's delta.columnMapping.maxColumnId, or the largest id in its schema when the property
// is missing (0 for none).
Result<int64_t> MaxColumnId(const std::map<std::string, std::string>& configuration,
                            const DataType& schema);

// An expression turning `expr`, a value of `type` whose struct fields (at any depth) carry
// logical names, into the same value with physical names (`to_physical`), or back.
// Types without structs give `expr` itself.
Result<std::string> RenameFieldsExpr(const DataType& type, const std::string& expr,
                                     bool to_physical);

// The value of DuckDB COPY's FIELD_IDS option for the data columns of `schema` (partition
// columns skipped), keyed by physical name: {'col-a': 1, 'col-s': {__duckdb_field_id: 2,
// 'col-x': 3}, 'col-l': {__duckdb_field_id: 4, element: {...}}}.
Result<std::string> FieldIdsOption(const DataType& schema,
                                   const std::vector<std::string>& partition_columns);

// The protocol a new table needs with `base` (ProtocolFor's) and column mapping: reader 2 /
// writer 5, or the columnMapping reader and writer feature when `base` uses table features.
Protocol WithColumnMapping(const Protocol& base);

}  // namespace ingot::delta
