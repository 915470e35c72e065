#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.h"
#include "delta/log/actions.h"
#include "delta/log/column_mapping.h"
#include "delta/log/schema.h"

namespace ingot::delta {

// What a scan needs from a snapshot.
struct ScanInput {
  // The table's root directory on local disk (data file paths are relative to it).
  std::string table_root;
  DataType schema;
  std::vector<std::string> partition_columns;
  std::vector<Add> files;
  // The snapshot's version (named in deletion vector errors).
  int64_t version = 0;
  // delta.columnMapping.mode: data files, partitionValues and stats use physical names
  // (column_mapping_scan.h).
  ColumnMappingMode column_mapping = ColumnMappingMode::kNone;
};

// A DuckDB query returning the table's rows with the table's columns, names and types.
//
// Files are grouped by partition values; each group is one read_parquet over its files with the
// partition columns added as typed constants, and the groups are combined with UNION ALL BY NAME
// under an empty branch that fixes every column's type, so files written before a column was
// added read it as NULL. DuckDB pushes filters on the result into each branch: a branch whose
// partition constants fail a filter is dropped by the optimizer, and row groups are skipped by
// Parquet statistics. A file with a deletion vector is a branch of its own that drops the
// deleted rows (deletion_vector_scan.h); the query then needs ingot_dv_keep.
Result<std::string> ScanSql(const ScanInput& input);

}  // namespace ingot::delta
