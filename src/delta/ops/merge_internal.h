#pragma once

// MERGE's file pruning and read set (internal to src/delta/ops; see merge_table.h).
#include <cstddef>
#include <string>
#include <vector>

#include "common/result.h"
#include "delta/ops/merge_table.h"
#include "delta/snapshot/snapshot.h"
#include "delta/txn/commit.h"

namespace ingot::duck {
class Connection;
}

namespace ingot::delta::merge_internal {

// Indexes (into snapshot.files()) of the files that may hold a row matching a key of the
// materialised source table `source`: the partition columns among the keys must equal a source
// row's, and each other key must lie within the file's min/max (add.stats). Every file when
// rows no source row matches are deleted.
Result<std::vector<size_t>> CandidateFiles(duck::Connection* con, const Snapshot& snapshot,
                                           const MergeTableOptions& options,
                                           const std::string& source);

// The read set of the MERGE commit: the files read plus, when partition columns are among the
// keys, the partitions the source names; otherwise the whole table.
Result<ReadSet> MergeReadSet(duck::Connection* con, const Snapshot& snapshot,
                             const MergeTableOptions& options, const std::string& source,
                             const std::vector<const Add*>& read);

}  // namespace ingot::delta::merge_internal
