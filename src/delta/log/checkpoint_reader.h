#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.h"
#include "delta/log/actions.h"
#include "delta/log/log_file_names.h"
#include "storage/type_fwd.h"

namespace ingot::duck {
class Connection;
}

// Reading checkpoints (PROTOCOL.md "Checkpoints"): classic single-file, multi-part and V2
// (UUID-named JSON or Parquet with sidecars in _delta_log/_sidecars/). Parquet is read through
// DuckDB. Plain adds (most rows) are read field by field; every other action, and adds with rare
// fields, is rendered as the same JSON the commits use and parsed by ParseCommit, so checkpoints
// and commits share one codec.
namespace ingot::delta {

// One checkpoint of a table: a classic file, all parts of a multi-part one, or the top-level file
// of a V2 checkpoint (its sidecars are found by reading it).
struct CheckpointRef {
  int64_t version = 0;
  // kCheckpoint, kMultiPartCheckpoint or kV2Checkpoint.
  LogFileKind kind = LogFileKind::kCheckpoint;
  CheckpointFormat format = CheckpointFormat::kParquet;
  // File names inside _delta_log/ (not paths); the parts of a multi-part checkpoint in part order.
  std::vector<std::string> file_names;

  bool operator==(const CheckpointRef& other) const = default;
};

// The complete checkpoints among the entries of a _delta_log/ listing (names or paths; only the
// last segment counts), ascending by version, one per version. A multi-part checkpoint counts
// only with every one of its parts (of one num_parts). When a version has several checkpoints the
// one with the fewest files wins: classic, then V2 (Parquet before JSON, then by name), then
// multi-part.
std::vector<CheckpointRef> FindCompleteCheckpoints(const std::vector<std::string>& names);

// Reads every action of the checkpoint `ref` from `log_dir` (the table's `_delta_log` directory
// in `fs`). The result holds the checkpoint's protocol, metaData, txn, domainMetadata, add and
// remove actions. V2 checkpoints are resolved: the add/remove actions of their sidecars (read
// from `<log_dir>/_sidecars/`) replace the sidecar actions, and the checkpointMetadata action is
// checked (a UUID-named checkpoint needs exactly one) and dropped. Any other action kind found in
// a checkpoint is passed through.
//
// `con` runs the Parquet reads; with nullptr a private in-memory DuckDB is opened for the call.
// Files are read in place when `fs` has local paths, otherwise copied to a local temp file first.
// Errors: kNotFound for a missing file or sidecar (naming it), kCorruption for content that is
// not a valid checkpoint (naming the file), other storage and DuckDB errors with the file added.
// Thread-safe if `con` is used by no other thread meanwhile.
Result<std::vector<Action>> ReadCheckpoint(storage::FileSystem& fs, const std::string& log_dir,
                                           const CheckpointRef& ref, duck::Connection* con);

// Reads one Parquet file of actions (a classic checkpoint, one part, a V2 top-level file or a
// sidecar) as they are stored: one action per row in top-level struct columns named after the
// action (txn, add, remove, metaData, protocol, domainMetadata, checkpointMetadata, sidecar).
// Absent columns and null cells are simply no action; unknown columns and `*_parsed` struct
// fields (stats_parsed, partitionValues_parsed) are ignored. `version_for_errors` appears in
// error messages only. `con` must not be null.
Result<std::vector<Action>> ReadParquetActions(storage::FileSystem& fs, const std::string& path,
                                               duck::Connection* con, int64_t version_for_errors);

}  // namespace ingot::delta
