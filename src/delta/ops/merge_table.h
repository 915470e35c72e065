#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "delta/log/actions.h"
#include "delta/txn/commit.h"

namespace ingot::duck {
class Connection;
}

namespace ingot::delta {

// What MERGE does with a target row that a source row matches (and matched_condition holds).
enum class MatchedAction { kUpdate, kDelete, kIgnore };
// What MERGE does with a source row that matches no target row.
enum class NotMatchedAction { kInsert, kIgnore };
// What MERGE does with a target row that no source row matches.
enum class NotMatchedBySourceAction { kDelete, kIgnore };

struct MergeTableOptions {
  // The table's root directory on local disk.
  std::string table_root;
  // The source rows (a DuckDB query).
  std::string source_sql;
  // ON target.k = source.k for each key (null keys never match). Each must be a column of both.
  std::vector<std::string> keys;
  // Optional: among several source rows per key keep the one with the greatest value (ties:
  // any one of them). Without it, duplicate source keys are an error naming the key.
  std::string sequence_by;
  // Update sets every source column (*) unless update_set is given; target columns the source
  // lacks keep their values.
  MatchedAction when_matched = MatchedAction::kUpdate;
  // Optional SQL boolean over the aliases `source` and `target`: matched rows where it is not
  // true are left as they are (and are not inserted either).
  std::string matched_condition;
  // Optional UPDATE SET list "c = expr, ..." (expressions over `source` and `target`): only
  // these target columns change; the others keep their values. Empty: SET * (every source
  // column).
  std::string update_set;
  NotMatchedAction when_not_matched = NotMatchedAction::kInsert;
  // Optional SQL boolean over `source`: only unmatched source rows where it is true are inserted.
  std::string not_matched_condition;
  NotMatchedBySourceAction when_not_matched_by_source = NotMatchedBySourceAction::kIgnore;
  // Optional SQL boolean over `target`: only unmatched target rows where it is true are deleted.
  std::string not_matched_by_source_condition;
  // Source columns the table lacks are added (nullable) instead of rejecting the merge.
  bool merge_schema = false;
  // Exactly-once marker, as WriteTableOptions::txn: an already committed version commits nothing
  // and returns with `skipped` set.
  std::optional<Txn> txn;
  // Stored with the commit (e.g. source offsets).
  std::vector<DomainMetadata> domains;
  int64_t target_file_size = 128LL << 20;
  CommitOptions commit;
};

struct MergeTableResult {
  // The version committed (or the table's version when skipped).
  int64_t version = 0;
  int64_t rows_inserted = 0;
  int64_t rows_updated = 0;
  int64_t rows_deleted = 0;
  // Unchanged rows rewritten because their file held a changed row.
  int64_t rows_copied = 0;
  // Files read (after pruning by partition values and key statistics) and in the table.
  int64_t files_scanned = 0;
  int64_t files_total = 0;
  int64_t files_added = 0;
  int64_t files_removed = 0;
  // Files that kept their place with a new deletion vector (merge-on-read, see
  // delta.enableDeletionVectors); not counted in files_added / files_removed.
  int64_t deletion_vectors_added = 0;
  bool skipped = false;
};

// MERGE INTO the Delta table at `table_root` USING (source_sql) ON the keys, copy-on-write:
//  1. the source is materialised once in a DuckDB temp table (deduplicated by sequence_by;
//     without it, a key with several rows is kInvalidArgument naming the key);
//  2. target files are pruned by partition values (partition columns among the keys) and by the
//     min/max statistics of the other keys in add.stats; only the remaining files are read;
//  3. the files holding a changed row (matched and updated/deleted, or deleted as not matched
//     by source) are rewritten with their untouched rows copied; unmatched source rows are
//     inserted into new files; untouched files stay;
//  4. one commit "MERGE" (Spark's operationParameters and operationMetrics). The read set holds
//     the files read and, on partitioned tables keyed by partition columns, the partitions the
//     source names (appends into other partitions commute); otherwise the whole table. A
//     conflicting concurrent commit is kConflict; the new data files are then removed.
// Schema enforcement and merge_schema as WriteTable. Every row goes through DuckDB SQL (which
// spills under memory_limit); none is held in this process's memory.
Result<MergeTableResult> MergeTable(duck::Connection* con, const MergeTableOptions& options);

}  // namespace ingot::delta
