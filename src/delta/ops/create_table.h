#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "delta/log/schema.h"
#include "delta/txn/commit.h"

namespace ingot::duck {
class Connection;
}

namespace ingot::delta {

// Everything CreateTable needs besides the connection.
struct CreateTableOptions {
  // The table's root directory on local disk (created when missing).
  std::string table_root;
  // Rows to load into version 0; empty creates an empty table from `schema`.
  std::string source_sql;
  // The schema; unset means the columns of `source_sql`.
  std::optional<DataType> schema;
  std::vector<std::string> partition_columns;
  // Table properties (metaData.configuration): delta.checkpointInterval, delta.appendOnly, ...
  std::map<std::string, std::string> properties;
  std::optional<std::string> name;
  std::optional<std::string> description;
  // Store DuckDB TIMESTAMP columns as timestamp_ntz (adds the timestampNtz table feature).
  bool timestamp_ntz = false;
  int64_t target_file_size = 128LL << 20;
  CommitOptions commit;
};

// The protocol a new table with `schema` and `properties` needs: (1, 2) for plain tables, (1, 3)
// with CHECK constraints, (1, 4) with change data feed, or reader 3 / writer 7 with the features
// a type or property requires (timestampNtz, deletionVectors, inCommitTimestamp,
// checkConstraints, changeDataFeed).
Protocol ProtocolFor(const DataType& schema, const std::map<std::string, std::string>& properties);

// Validates table properties: known delta.* keys get their value checked (a number, a boolean,
// a duration); unknown delta.* keys are refused (likely typos); other keys and CHECK constraints
// (delta.constraints.<name>, checked against the rows when the table is written) pass through.
Status ValidateTableProperties(const std::map<std::string, std::string>& properties);

// Creates a Delta table at version 0 (protocol, metaData and the rows of source_sql) with
// operation "CREATE TABLE" (or "CREATE TABLE AS SELECT"). kAlreadyExists when a table is there;
// kInvalidArgument for a partition column not in the schema, a type Delta cannot store, or a bad
// property, or a row that violates a CHECK constraint among the properties or a NOT NULL column
// of `schema` (constraints.h). On failure no commit lands and written data files are removed.
Result<CommitResult> CreateTable(duck::Connection* con, const CreateTableOptions& options);

// The Delta schema of the columns `sql` returns.
Result<DataType> SchemaOfQuery(duck::Connection* con, const std::string& sql, bool timestamp_ntz);

}  // namespace ingot::delta
