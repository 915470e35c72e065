#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "delta/log/actions.h"
#include "delta/log/column_mapping.h"
#include "delta/log/schema.h"

namespace ingot::duck {
class Connection;
}

namespace ingot::delta {

// How to write one batch of rows as Parquet data files of a Delta table.
struct DataWriteOptions {
  // The table's root directory on local disk (DuckDB writes there directly).
  std::string table_root;
  // A SQL query producing the rows; its columns are matched to `schema` by name and cast.
  std::string source_sql;
  // The table schema (a struct); columns missing from the source are written as NULL.
  DataType schema;
  // Partition columns (a subset of the schema's top-level fields, in directory order).
  std::vector<std::string> partition_columns;
  // Approximate size at which a data file is closed and the next one started (checked per row
  // group). DuckDB cannot split partitioned output by size: a partitioned write gives one file
  // per partition.
  int64_t target_file_size = 128LL << 20;
  // Parquet codec: snappy (Spark's default), zstd, gzip, lz4, uncompressed.
  std::string compression = "snappy";
  // Stamps modificationTime.
  Clock* clock = SystemClock::Default();
  // The table's column mapping mode. With name or id, `schema`'s fields must carry physical
  // names (and ids for id mode): the Parquet columns and nested struct fields, the stats and the
  // partitionValues keys use the physical names, partition directories are
  // <physical name>=<value>, and id mode writes each field's id as its Parquet field_id.
  ColumnMappingMode column_mapping = ColumnMappingMode::kNone;
};

// Writes the rows of `source_sql` as Parquet files under `table_root` (Hive-style partition
// directories escaped as Spark does) and returns one add action per file, with partition values
// in the protocol's serialised form and per-file statistics (numRecords, min/max, nullCount).
// Files land in a staging directory first and move into place only when all were written: on
// error nothing stays behind. Zero rows give no files.
Result<std::vector<Add>> WriteDataFiles(duck::Connection* con, const DataWriteOptions& options);

// The DuckDB SQL expression rendering `column` (of Delta type `type`) as a partition value
// string per the protocol (dates yyyy-MM-dd, timestamps "yyyy-MM-dd HH:mm:ss.SSSSSS" in UTC,
// booleans true/false, numbers in plain decimal), NULL for null.
Result<std::string> PartitionValueExpression(const std::string& column, const DataType& type);

}  // namespace ingot::delta
