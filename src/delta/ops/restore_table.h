#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/result.h"
#include "delta/txn/commit.h"

namespace ingot::duck {
class Connection;
}

namespace ingot::delta {

struct RestoreTableOptions {
  // The table's root directory on local disk.
  std::string table_root;
  // Restore the state of this version, or of the newest version committed at or before this
  // time (ms since the epoch; a time after the last commit means the latest version). Exactly
  // one must be set.
  std::optional<int64_t> version;
  std::optional<int64_t> timestamp_millis;
  CommitOptions commit;
};

struct RestoreTableResult {
  // The version committed; the table's version when it already equals the target (no commit).
  int64_t version = 0;
  bool committed = false;
  // The version whose state was restored.
  int64_t restored_version = 0;
  // Spark's RESTORE metrics.
  int64_t num_restored_files = 0;
  int64_t num_removed_files = 0;
  int64_t restored_files_size = 0;
  int64_t removed_files_size = 0;
  int64_t table_size_after = 0;
  int64_t num_files_after = 0;
};

// RESTORE the Delta table at `table_root` to an earlier version, in one new commit "RESTORE"
// (time travel stays possible both ways):
//  - files of the target version missing now are added back (dataChange=true), files not in it
//    are removed (dataChange=true), keyed by (path, deletion vector);
//  - the target's metaData (schema, partitioning, properties) is written when it differs; the
//    protocol is never downgraded (a newer protocol stays, features only accumulate);
//  - metrics numRestoredFiles, numRemovedFiles, restoredFilesSize, removedFilesSize,
//    tableSizeAfterRestore, numOfFilesAfterRestore; parameters version / timestamp.
//  - any concurrent change of the table conflicts (kConflict).
// Errors: kInvalidArgument when neither or both of version and timestamp are set, or for an
// append-only table that would lose files; kNotFound for a version the log does not have
// (LoadSnapshot's message lists what is available) and, naming the file, when a data or
// deletion-vector file the target version needs is gone from disk (VACUUM deleted it).
Result<RestoreTableResult> RestoreTable(duck::Connection* con, const RestoreTableOptions& options);

}  // namespace ingot::delta
