#include "delta/ops/log_cleanup.h"

#include <algorithm>
#include <optional>

#include "common/macros.h"
#include "delta/log/log_file_names.h"
#include "delta/snapshot/log_segment.h"
#include "delta/snapshot/table_config.h"
#include "delta/txn/log_store.h"
#include "storage/file_system.h"

namespace ingot::delta {

Result<int64_t> LogRetentionMillis(const Metadata& metadata) {
  auto it = metadata.configuration.find("delta.logRetentionDuration");
  if (it == metadata.configuration.end()) return kDefaultLogRetentionMillis;
  auto parsed = ParseIntervalMillis(it->second);
  if (!parsed.ok()) {
    return Status::InvalidArgument("table property delta.logRetentionDuration: ",
                                   parsed.status().message());
  }
  return *parsed;
}

bool LogCleanupEnabled(const Metadata& metadata) {
  auto it = metadata.configuration.find("delta.enableExpiredLogCleanup");
  return it == metadata.configuration.end() || it->second != "false";
}

Result<std::vector<std::string>> CleanupExpiredLogs(const LogStore& store, int64_t cutoff_millis,
                                                    bool dry_run) {
  storage::FileSystem& fs = *store.file_system();
  INGOT_ASSIGN_OR_RAISE(LogListing listing, ListLog(fs, store.LogDir()));
  // The newest checkpoint written at or before the cutoff.
  std::optional<int64_t> keep_from;
  for (const CheckpointRef& checkpoint : listing.checkpoints) {
    int64_t written = 0;
    for (const std::string& name : checkpoint.file_names) {
      auto it = listing.files.find(name);
      if (it != listing.files.end()) written = std::max(written, it->second.mtime_millis);
    }
    if (written <= cutoff_millis) keep_from = checkpoint.version;
  }
  std::vector<std::string> expired;
  if (!keep_from) return expired;
  for (const auto& [name, info] : listing.files) {
    if (info.is_dir || info.mtime_millis > cutoff_millis) continue;
    LogFileName parsed = ParseLogFileName(name);
    bool old = false;
    switch (parsed.kind) {
      case LogFileKind::kCommit:
      case LogFileKind::kCheckpoint:
      case LogFileKind::kMultiPartCheckpoint:
      case LogFileKind::kV2Checkpoint:
      case LogFileKind::kChecksum:
        old = parsed.version < *keep_from;
        break;
      case LogFileKind::kCompaction:
        old = parsed.end_version < *keep_from;
        break;
      default:
        break;
    }
    if (!old) continue;
    if (!dry_run) {
      Status deleted = fs.Delete(info.path);
      if (!deleted.ok() && !deleted.IsNotFound()) {
        return deleted.WithContext("log cleanup of table ", store.table_name());
      }
    }
    expired.push_back(name);
  }
  return expired;
}

}  // namespace ingot::delta
