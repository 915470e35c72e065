#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.h"
#include "delta/log/actions.h"

// Expired log cleanup (Spark's MetadataCleanup): old commits and checkpoints go, but only those
// before a checkpoint from which every later version can still be rebuilt.
namespace ingot::delta {

class LogStore;

// delta.logRetentionDuration's default: "interval 30 days".
inline constexpr int64_t kDefaultLogRetentionMillis = 30LL * 24 * 60 * 60 * 1000;

// delta.logRetentionDuration in milliseconds (default 30 days); kInvalidArgument naming the
// property when it cannot be parsed.
Result<int64_t> LogRetentionMillis(const Metadata& metadata);

// delta.enableExpiredLogCleanup is not "false".
bool LogCleanupEnabled(const Metadata& metadata);

// Deletes (unless `dry_run`) the files of the table's _delta_log/ that expired at
// `cutoff_millis`: with C the newest complete checkpoint whose files were written at or before
// the cutoff, the commits, checkpoints and .crc files of versions before C and the compactions
// ending before C, each itself written at or before the cutoff. Versions from C on stay
// loadable; older ones are gone (LoadSnapshot then reports the earliest available version).
// Nothing is deleted when no checkpoint is that old. _last_checkpoint and V2 checkpoint sidecars
// are left alone. Returns the names (not paths) of the files, ascending. Storage errors name the
// table and file.
Result<std::vector<std::string>> CleanupExpiredLogs(const LogStore& store, int64_t cutoff_millis,
                                                    bool dry_run);

}  // namespace ingot::delta
