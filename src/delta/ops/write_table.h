#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "delta/log/actions.h"
#include "delta/log/schema.h"
#include "delta/txn/commit.h"

namespace ingot::duck {
class Connection;
}

namespace ingot::delta {

enum class WriteMode { kAppend, kOverwrite };

struct WriteTableOptions {
  // The table's root directory on local disk.
  std::string table_root;
  // The rows to write (a DuckDB query).
  std::string source_sql;
  WriteMode mode = WriteMode::kAppend;
  // Overwrite only the files whose partition values satisfy this SQL predicate on partition
  // columns; the new rows must satisfy it too. Empty overwrites the whole table.
  std::string replace_where;
  // Add source columns the table lacks (nullable) instead of rejecting the write.
  bool merge_schema = false;
  // Exactly-once marker (appId, version): a write whose version is not newer than the table's
  // last for that appId commits nothing and returns the table's version with `skipped` set.
  std::optional<Txn> txn;
  // Source positions etc. stored with the commit (domainMetadata, e.g. "ingot.source.offsets").
  std::vector<DomainMetadata> domains;
  int64_t target_file_size = 128LL << 20;
  CommitOptions commit;
};

struct WriteTableResult {
  int64_t version = 0;
  int64_t files_added = 0;
  int64_t files_removed = 0;
  int64_t rows_written = 0;
  int64_t bytes_written = 0;
  // The txn version was already committed: nothing was written.
  bool skipped = false;
  // A checkpoint was written at `version`.
  bool checkpointed = false;
};

// Appends to or overwrites the Delta table at `table_root`:
//  - schema enforcement: each source column must exist in the table (unless merge_schema) with
//    a type that fits into it (FitsInto: wider integers and decimals, numbers into double); a
//    mismatch is kInvalidArgument listing every offending column
//    ("column 'amount': table has decimal(10,2), source has varchar");
//  - table columns the source lacks are written as NULL;
//  - a conflicting concurrent commit is kConflict; blind appends retry on their own;
//  - a checkpoint follows every delta.checkpointInterval (default 10) commits.
// Data files are removed again when the commit does not land.
Result<WriteTableResult> WriteTable(duck::Connection* con, const WriteTableOptions& options);

// WriteTable in two steps, for a job that writes several tables and commits them only once all
// were written: WriteTableFiles writes the data files (in place under table_root, but not part
// of the table until committed), CommitTableFiles commits them later. Only for tables without
// column mapping or partitions, and without replace_where.
struct StagedTableFiles {
  // The table schema the files were written with (the table's, merged with the source's).
  DataType schema;
  std::vector<Add> adds;
  int64_t rows = 0;
};

// Writes the rows of options.source_sql as data files of the table at table_root, which need not
// exist yet (then its schema will be the source's: create it before CommitTableFiles).
// kNotImplemented for a table with column mapping or partitions.
Result<StagedTableFiles> WriteTableFiles(duck::Connection* con, const WriteTableOptions& options);

// Commits files written by WriteTableFiles in options.mode, with options.txn and domains (the
// source_sql is not read). The files are removed again when the txn was committed already
// (`skipped`) or the commit does not land; kConflict when the table changed so that it no
// longer takes the files as written.
Result<WriteTableResult> CommitTableFiles(duck::Connection* con, const WriteTableOptions& options,
                                          const StagedTableFiles& files);

// Removes the data files of `adds` under table_root (files never committed), ignoring errors.
void RemoveTableFiles(const std::string& table_root, const std::vector<Add>& adds);

}  // namespace ingot::delta
