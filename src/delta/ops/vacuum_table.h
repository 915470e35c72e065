#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "delta/txn/commit.h"

namespace ingot::duck {
class Connection;
}

namespace ingot::delta {

// Spark refuses a VACUUM retention below this unless the check is turned off (--force).
inline constexpr int64_t kMinVacuumRetentionMillis = 168LL * 60 * 60 * 1000;

struct VacuumTableOptions {
  // The table's root directory on local disk.
  std::string table_root;
  // How long removed files stay for time travel and concurrent readers; nullopt: the table's
  // delta.deletedFileRetentionDuration (default 7 days).
  std::optional<int64_t> retention_millis;
  // List what would be deleted; delete nothing, commit nothing.
  bool dry_run = false;
  // Allow a retention below kMinVacuumRetentionMillis (Spark's retentionDurationCheck off).
  bool force = false;
  // commit.clock gives "now" (nullptr: the system clock).
  CommitOptions commit;
};

struct VacuumTableResult {
  // The table version VACUUM planned against (before its own commits).
  int64_t version = 0;
  int64_t retention_millis = 0;
  // Files deleted (or, in a dry run, to delete), relative to the table root, sorted.
  std::vector<std::string> files;
  int64_t bytes = 0;
  // Directories left empty by the deletion and removed.
  int64_t directories_removed = 0;
  // Expired log files deleted (or to delete) from _delta_log, by name.
  std::vector<std::string> log_files;
  // The "VACUUM START" / "VACUUM END" commits (not in a dry run).
  std::optional<int64_t> start_version;
  std::optional<int64_t> end_version;
};

// VACUUM the Delta table at `table_root` (PROTOCOL.md "VACUUM"; Spark's VacuumCommand):
//  - deletes the data files and deletion-vector files under the table directory that are older
//    than now - retention and that neither the current snapshot (live adds and their DVs) nor a
//    remove tombstone newer than now - retention (files of versions still within the
//    retention) references; this covers files other snapshots removed long ago and untracked
//    files (failed writes), and the change data files (_change_data/, referenced only by the
//    commits that wrote them) older than the retention. Other hidden names (starting with '_'
//    or '.', except partition directories "<partition column>=...") are never entered or
//    deleted: _delta_log, staging directories. Directories left empty are removed.
//  - commits "VACUUM START" (numFilesToDelete, sizeOfDataToDelete) before deleting and
//    "VACUUM END" (numDeletedFiles, numVacuumedDirectories) after, commitInfo-only commits as
//    Spark's vacuum logging writes them;
//  - then cleans up the log when delta.enableExpiredLogCleanup is not "false": commits,
//    checkpoints, .crc and compaction files older than delta.logRetentionDuration (default 30
//    days) and older than the newest checkpoint committed before that cutoff, so every version
//    from that checkpoint on (all within the log retention) stays loadable.
// Errors: kInvalidArgument for a retention below 168 hours without `force` (or negative); for a
// table with the vacuumProtocolCheck feature, the full writer-protocol check (CheckWritable)
// must pass (kNotImplemented naming the feature otherwise); without it, the reader check of
// LoadSnapshot. kIOError naming a file that could not be deleted.
Result<VacuumTableResult> VacuumTable(duck::Connection* con, const VacuumTableOptions& options);

}  // namespace ingot::delta
