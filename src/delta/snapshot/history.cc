#include "delta/snapshot/history.h"

#include <utility>

#include "common/macros.h"
#include "delta/snapshot/commit_timeline.h"
#include "delta/snapshot/log_segment.h"
#include "delta/snapshot/snapshot_internal.h"
#include "delta/txn/log_store.h"

namespace ingot::delta {

Result<std::vector<HistoryEntry>> History(const LogStore& store, const HistoryOptions& options) {
  INGOT_ASSIGN_OR_RAISE(LogListing listing, ListLog(*store.file_system(), store.LogDir()));
  if (!listing.LatestVersion().has_value()) return internal::NoTableError(store);
  std::vector<HistoryEntry> entries;
  for (auto it = listing.commits.rbegin(); it != listing.commits.rend(); ++it) {
    if (options.limit.has_value() && entries.size() >= *options.limit) break;
    HistoryEntry entry;
    entry.version = it->first;
    entry.timestamp_millis = it->second.mtime_millis;
    INGOT_ASSIGN_OR_RAISE(entry.commit_info, store.ReadCommitInfo(entry.version));
    if (entry.commit_info.has_value()) {
      const CommitInfo& info = *entry.commit_info;
      if (info.in_commit_timestamp.has_value()) entry.timestamp_millis = *info.in_commit_timestamp;
      entry.operation = info.operation;
      if (info.operation_parameters.has_value()) {
        entry.operation_parameters = *info.operation_parameters;
      }
      if (info.operation_metrics.has_value()) entry.operation_metrics = *info.operation_metrics;
    }
    entries.push_back(std::move(entry));
  }
  return entries;
}

Result<std::vector<HistoryEntry>> History(std::shared_ptr<storage::FileSystem> fs,
                                          const std::string& table_root,
                                          const HistoryOptions& options) {
  if (fs == nullptr) return Status::InvalidArgument("History: no file system");
  LogStore store(std::move(fs), table_root);
  return History(store, options);
}

}  // namespace ingot::delta
