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

// Spark's default target size of OPTIMIZE output files (delta.targetFileSize overrides it).
inline constexpr int64_t kDefaultOptimizeTargetFileSize = 128LL << 20;

struct OptimizeTableOptions {
  // The table's root directory on local disk.
  std::string table_root;
  // SQL predicate over partition columns only: optimize just the matching partitions. Empty
  // optimizes every partition.
  std::string partition_filter;
  // When set, only these files (paths as the log names them, e.g. the adds of one commit) are
  // considered; those no longer live are ignored. Unset: every file of the selected partitions.
  std::optional<std::vector<std::string>> only_files;
  // Cluster the rows of each selected partition by the Z-order of these columns (data columns of
  // the schema, not partition columns). Empty: bin-packing only.
  std::vector<std::string> zorder_by;
  // Size of the files to write; nullopt: the table's delta.targetFileSize, else 128 MiB.
  std::optional<int64_t> target_file_size;
  CommitOptions commit;
};

struct OptimizeTableResult {
  // The version committed, or the table's version when there was nothing to do.
  int64_t version = 0;
  bool committed = false;
  int64_t target_file_size = 0;
  // The table's live files and their bytes before and after.
  int64_t files_before = 0;
  int64_t bytes_before = 0;
  int64_t files_after = 0;
  int64_t bytes_after = 0;
  int64_t files_removed = 0;
  int64_t bytes_removed = 0;
  int64_t files_added = 0;
  int64_t bytes_added = 0;
  // Groups of files rewritten together (bins; one per partition with Z-order).
  int64_t batches = 0;
  int64_t partitions_optimized = 0;
  // Files of the selected partitions, and those left as they were.
  int64_t files_considered = 0;
  int64_t files_skipped = 0;
  // Files whose deletion vector was applied by the rewrite.
  int64_t deletion_vectors_removed = 0;
};

// OPTIMIZE the Delta table at `table_root`: rewrites small files into fewer, larger ones.
//  - Bin-packing (no zorder_by): per partition, the files smaller than the target size and the
//    files with a deletion vector are grouped, smallest first, into bins of at most the target
//    size; each bin with two or more files (or a file with a deletion vector) becomes one new
//    file. Running it again commits nothing (idempotent).
//  - Z-order (zorder_by): every file of each selected partition is rewritten, the rows sorted by
//    ZOrderKeySql of the columns and cut into about (partition bytes / target size) files.
//  - Rows deleted by deletion vectors are not copied.
//  - One commit "OPTIMIZE" whose adds and removes have dataChange=false (readers of the change
//    feed and streaming see no change), with Spark's metrics (numFilesAdded, numFilesRemoved,
//    filesAdded / filesRemoved {min,max,avg,totalFiles,totalSize}, numBatches,
//    partitionsOptimized, totalConsideredFiles, totalFilesSkipped, numDeletionVectorsRemoved).
//    Nothing is committed when there is nothing to rewrite.
//  - Conflicts: a concurrent append commutes; a concurrent commit that removed a file this one
//    rewrites is kConflict (the new files are deleted again).
// kInvalidArgument for a partition_filter that names a data column (the message names it) or is
// not valid SQL, a zorder_by column that is not in the schema or is a partition column, or a
// target size < 1. The connection gets the deletion vector function registered when a file to
// rewrite has a deletion vector and the function is missing.
Result<OptimizeTableResult> OptimizeTable(duck::Connection* con,
                                          const OptimizeTableOptions& options);

}  // namespace ingot::delta
