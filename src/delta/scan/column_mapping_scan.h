#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "delta/log/column_mapping.h"
#include "delta/log/schema.h"

// Column mapping in generated scans. Each read_parquet branch selects the data files' physical
// columns and renames them, nested struct fields included, to the table's logical names before
// the branches are combined by name:
//   name mode: columns are found by physical name; each branch reads its files under an empty
//              SELECT of every physical column with its type (UNION ALL BY NAME), so a file
//              written before a column (or a nested field) was added reads it as NULL;
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
  // Name mode: "SELECT CAST(NULL AS <physical type>) AS \"<physical name>\", ... WHERE false".
  std::string anchor;

  // The FROM item reading `from` (a read_parquet call or a subquery): `from` itself, or in name
  // mode "(<anchor> UNION ALL BY NAME SELECT * FROM <from>)".
  std::string Source(const std::string& from) const;
};

// kCorruption when a field's mapping metadata is malformed or, in id mode, a column has no id.
Result<MappedColumnsSql> MappedColumns(const DataType& schema,
                                       const std::vector<std::string>& partition_columns,
                                       ColumnMappingMode mode);

}  // namespace ingot::delta
