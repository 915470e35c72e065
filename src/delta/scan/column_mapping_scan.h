#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "delta/log/column_mapping.h"
#include "delta/log/schema.h"

// Column mapping in generated scans. Each read_parquet branch selects the data files' physical
// columns and renames them, nested struct fields included, to the table's logical names before
// the branches are combined by name:
//   name mode: columns are found by physical name;
//   id mode:   read_parquet(..., schema=MAP{<field id>: {name: <physical name>, type: ...}})
//              resolves top-level columns by Parquet field_id (a column missing from a file reads
//              as NULL); nested fields are then matched by physical name, since DuckDB's schema
//              option maps top-level field ids only.
namespace ingot::delta {

struct MappedColumnsSql {
  // SELECT-list items producing the logical data (non-partition) columns: "*" without column
  // mapping, else "<expr> AS \"logical\", ...".
  std::string select;
  // Extra read_parquet arguments (", schema=MAP{...}" in id mode), else "".
  std::string read_options;
};

// kCorruption when a field's mapping metadata is malformed or, in id mode, a column has no id.
Result<MappedColumnsSql> MappedColumns(const DataType& schema,
                                       const std::vector<std::string>& partition_columns,
                                       ColumnMappingMode mode);

}  // namespace ingot::delta
