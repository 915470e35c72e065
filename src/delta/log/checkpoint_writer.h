#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "delta/log/actions.h"
#include "delta/log/last_checkpoint.h"
#include "storage/type_fwd.h"

namespace ingot::duck {
class Connection;
}

// Writing classic checkpoints (PROTOCOL.md "Checkpoints", "Checkpoint Schema"):
// `_delta_log/<v>.checkpoint.parquet` with one action per row in the top-level struct columns
// txn, add, remove, metaData, protocol, domainMetadata (plus checkpointMetadata for tables with
// the v2Checkpoint feature, which makes the file a V2 checkpoint with inline file actions), in
// the names and Parquet types Spark writes and reads: maps as MAP(VARCHAR, VARCHAR), add.stats as
// a JSON string, versions as INT32, sizes and times as INT64.
namespace ingot::delta {

class Snapshot;

struct CheckpointWriteOptions {
  // "Now", for expiring tombstones. nullptr: SystemClock::Default(). Not owned.
  Clock* clock = nullptr;
  // Keep remove actions deleted less than this long ago (the rest have expired: VACUUM may delete
  // their files). nullopt: the table's delta.deletedFileRetentionDuration (default 1 week).
  std::optional<int64_t> tombstone_retention_millis;
  // Parquet compression codec (DuckDB's names): snappy as Spark writes, zstd, gzip, uncompressed.
  std::string compression = "snappy";
  // Also point `_delta_log/_last_checkpoint` at the new checkpoint, unless it already names a
  // newer one.
  bool update_last_checkpoint = true;
};

// The actions a checkpoint of `snapshot` holds, in this order: protocol, metaData,
// checkpointMetadata (only with the v2Checkpoint writer feature), txn per appId, live
// domainMetadata, the live adds and the tombstones deleted after `min_deletion_timestamp`
// (a remove without deletionTimestamp counts as deleted at 0). Adds and removes get
// dataChange=false, as Spark writes them.
std::vector<Action> CheckpointActions(const Snapshot& snapshot, int64_t min_deletion_timestamp);

// Writes the checkpoint of `snapshot` for the table at `table_root` in `fs` and then (see
// options) `_last_checkpoint`, and returns what `_last_checkpoint` holds: version, size (number
// of actions), sizeInBytes (of the Parquet file) and numOfAddFiles. The Parquet file is produced
// by DuckDB through `con` (nullptr: a private in-memory database) and replaces any existing file
// of that name in one step: written next to it and renamed when `fs` has local paths and atomic
// renames, otherwise staged in the local temp directory and published with WriteFileAtomic.
// Errors: kInvalidArgument for an unparsable delta.deletedFileRetentionDuration (naming it);
// storage and DuckDB errors with the checkpoint path added. Nothing is left behind on error
// except, possibly, the complete checkpoint without its `_last_checkpoint` (which readers do not
// need). Thread-safe if `con` is used by no other thread meanwhile.
Result<LastCheckpoint> WriteCheckpoint(const Snapshot& snapshot, storage::FileSystem& fs,
                                       const std::string& table_root, duck::Connection* con,
                                       const CheckpointWriteOptions& options = {});

}  // namespace ingot::delta
