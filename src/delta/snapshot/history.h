#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "delta/log/actions.h"
#include "storage/type_fwd.h"

namespace ingot::delta {

class LogStore;

// One commit of a table's history (DESCRIBE HISTORY).
struct HistoryEntry {
  int64_t version = 0;
  // When the commit happened (ms since the epoch): commitInfo.inCommitTimestamp when present,
  // else the commit file's modification time (as Spark reports it).
  int64_t timestamp_millis = 0;
  // commitInfo.operation ("WRITE", "DELETE", ...); nullopt when the commit has no commitInfo.
  std::optional<std::string> operation;
  // commitInfo.operationParameters / operationMetrics, each value as JSON text; empty when
  // absent.
  JsonFields operation_parameters;
  JsonFields operation_metrics;
  // The whole commitInfo (engineInfo, userMetadata, txnId, unknown fields...), when present.
  std::optional<CommitInfo> commit_info;
};

struct HistoryOptions {
  // Return at most this many entries (the newest ones). nullopt: every commit in the log.
  std::optional<size_t> limit;
};

// The commits of the table, newest first: one entry per commit file in _delta_log/ (commits
// removed by log cleanup are not listed). Reads only the newest `limit` commit files, and of each
// only the commitInfo line. Errors: kNotFound when there is no table (as LoadSnapshot), kCorruption
// for a malformed commitInfo (naming the version), storage errors with the table added.
Result<std::vector<HistoryEntry>> History(const LogStore& store,
                                          const HistoryOptions& options = {});
Result<std::vector<HistoryEntry>> History(std::shared_ptr<storage::FileSystem> fs,
                                          const std::string& table_root,
                                          const HistoryOptions& options = {});

}  // namespace ingot::delta
