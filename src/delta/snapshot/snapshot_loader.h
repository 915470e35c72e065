#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "common/result.h"
#include "delta/snapshot/snapshot.h"
#include "storage/type_fwd.h"

namespace ingot::duck {
class Connection;
}

namespace ingot::delta {

class LogStore;

struct SnapshotOptions {
  // Load this version (time travel by version). nullopt: the latest version.
  std::optional<int64_t> version;
  // Load the newest version committed at or before this time, in ms since the epoch (time travel
  // by timestamp). A commit's time is its commitInfo.inCommitTimestamp where in-commit
  // timestamps are enabled, else its commit file's modification time, made monotonic over the
  // versions (as Spark does). May not be combined with `version`.
  std::optional<int64_t> timestamp_millis;
  // Skip the reader-protocol check (CheckReadSupported). Only for callers that inspect the log
  // and neither read nor delete data files (log tools, tests): a snapshot of a table with an
  // unsupported reader feature describes its data files incompletely (e.g. deletion vectors).
  bool skip_protocol_check = false;
};

// Loads the snapshot of the table at `table_root` in `fs` (see LogStore for paths):
//   1. lists _delta_log/ once;
//   2. picks the newest complete checkpoint at or before the target version and reads it
//      (classic, multi-part or V2, through `con`; nullptr opens a private in-memory DuckDB when a
//      checkpoint has to be read);
//   3. applies the JSON commits after it in order (LogReplay) and checks the reader protocol.
// `_last_checkpoint` is not consulted: the listing, which is needed anyway to find the commits
// after the checkpoint, names every checkpoint, so a missing, empty, corrupt or stale hint
// cannot mislead the load.
//
// Errors, each naming the table:
//   kNotFound        no _delta_log ("no Delta table at '<root>': '<root>/_delta_log' does not
//                    exist") or nothing in it; a version newer than the latest or older than the
//                    earliest reconstructable one (the message lists what is available).
//   kInvalidArgument a negative version, both version and timestamp, or a timestamp before the
//                    first or after the last commit (the message gives both ends' versions and
//                    times).
//   kCorruption      a gap in the commits ("versions are not contiguous: commit 1 is missing
//                    ..."), no protocol or metadata, an unreadable checkpoint or commit.
//   kNotImplemented  a reader version or reader feature Ingot does not support
//                    (CheckReadSupported names it).
// Thread-safe if `con` is used by no other thread meanwhile.
Result<std::shared_ptr<const Snapshot>> LoadSnapshot(std::shared_ptr<storage::FileSystem> fs,
                                                     const std::string& table_root,
                                                     duck::Connection* con,
                                                     const SnapshotOptions& options = {});

// The same on a LogStore.
Result<std::shared_ptr<const Snapshot>> LoadSnapshot(const LogStore& store, duck::Connection* con,
                                                     const SnapshotOptions& options = {});

}  // namespace ingot::delta
