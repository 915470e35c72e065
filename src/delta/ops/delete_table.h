#pragma once

#include <cstdint>
#include <string>

#include "common/result.h"
#include "delta/txn/commit.h"

namespace ingot::duck {
class Connection;
}

namespace ingot::delta {

struct DeleteTableOptions {
  // The table's root directory on local disk.
  std::string table_root;
  // SQL boolean over the table's columns: rows where it is true are deleted (NULL keeps the
  // row). Empty deletes every row.
  std::string predicate;
  int64_t target_file_size = 128LL << 20;
  CommitOptions commit;
};

struct DeleteTableResult {
  // The version committed; the table's version when nothing matched (no commit).
  int64_t version = 0;
  int64_t rows_deleted = 0;
  // Surviving rows rewritten because their file held a deleted row.
  int64_t rows_copied = 0;
  // Files whose rows were read, and all files of the table.
  int64_t files_scanned = 0;
  int64_t files_total = 0;
  int64_t files_added = 0;
  int64_t files_removed = 0;
  // Files that kept their place with a new deletion vector (merge-on-read, see
  // delta.enableDeletionVectors); not counted in files_added / files_removed.
  int64_t deletion_vectors_added = 0;
};

// DELETE FROM the Delta table at `table_root` WHERE predicate, copy-on-write:
//  - a predicate over partition columns only removes the files of the matching partitions
//    without reading them;
//  - otherwise the files whose partition values pass every partition-only conjunct of the
//    predicate ("part = 'a' AND v > 3": part = 'a') are scanned, with the predicate pushed into
//    the Parquet reader (row groups its statistics exclude are skipped); files whose rows all
//    match are removed without rewriting, files with some matching rows are rewritten without
//    them, others stay;
//  - one commit "DELETE" with Spark's metrics (numDeletedRows, numRemovedFiles, numAddedFiles,
//    numCopiedRows); nothing is committed when no row matches.
// kInvalidArgument for a predicate DuckDB cannot bind (the message quotes it) or an append-only
// table; kConflict when a concurrent commit removed a file this one read or added data (any
// new row might satisfy the predicate).
Result<DeleteTableResult> DeleteFromTable(duck::Connection* con, const DeleteTableOptions& options);

}  // namespace ingot::delta
