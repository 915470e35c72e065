#pragma once

#include <cstdint>
#include <string>

#include "common/result.h"
#include "delta/txn/commit.h"

namespace ingot::duck {
class Connection;
}

namespace ingot::delta {

struct UpdateTableOptions {
  // The table's root directory on local disk.
  std::string table_root;
  // "c = expr, d = expr": SQL expressions over the row's (old) columns; each value is cast to
  // its column's type.
  std::string assignments;
  // SQL boolean over the table's columns: the rows to update (NULL leaves the row). Empty
  // updates every row.
  std::string predicate;
  int64_t target_file_size = 128LL << 20;
  CommitOptions commit;
};

struct UpdateTableResult {
  // The version committed; the table's version when nothing matched (no commit).
  int64_t version = 0;
  int64_t rows_updated = 0;
  // Unchanged rows rewritten because their file held an updated row.
  int64_t rows_copied = 0;
  int64_t files_scanned = 0;
  int64_t files_total = 0;
  int64_t files_added = 0;
  int64_t files_removed = 0;
  // Files that kept their place with a new deletion vector (merge-on-read, see
  // delta.enableDeletionVectors); not counted in files_added / files_removed.
  int64_t deletion_vectors_added = 0;
};

// UPDATE the Delta table at `table_root` SET assignments WHERE predicate, copy-on-write: files
// without a matching row stay; files whose partition values fail a partition-only conjunct of
// the predicate are not read. A concurrent commit that adds data or removes a file read is
// kConflict. Files with matching rows are rewritten whole (updated and copied
// rows). Updating a partition column moves the rows to their new partition. One commit "UPDATE"
// with metrics numUpdatedRows, numCopiedRows, numAddedFiles, numRemovedFiles; nothing is
// committed when no row matches. kInvalidArgument for an assignment to an unknown column, a
// malformed assignment, or an expression or predicate DuckDB rejects (quoted in the message).
Result<UpdateTableResult> UpdateTable(duck::Connection* con, const UpdateTableOptions& options);

}  // namespace ingot::delta
