#pragma once

// Merge-on-read for the row-level operations (DELETE, UPDATE, MERGE): deleted rows are marked in
// deletion vectors instead of rewriting their files. Internal to src/delta/ops.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "delta/log/actions.h"
#include "delta/snapshot/snapshot.h"

namespace ingot::duck {
class Connection;
}

namespace ingot::delta::dml {

// Whether row-level operations on the table write deletion vectors: its configuration has
// delta.enableDeletionVectors=true and its protocol lists deletionVectors as a reader and writer
// feature (without the feature, readers would not apply the DVs).
bool WritesDeletionVectors(const Snapshot& snapshot);

// The deleted row positions of `add` (0-based physical row indexes, sorted): its DV read from the
// table at `root`, or none. Errors name the data file and the DV.
Result<std::vector<uint64_t>> ExistingDeletedRows(const std::string& root, const Add& add);

// The rows `add` holds: numRecords (physical rows) minus its DV's cardinality; nullopt when the
// file has no numRecords in its stats.
std::optional<int64_t> LiveRecords(const Add& add);

// What marking rows deleted did to the files of a snapshot.
struct DeletionVectorUpdate {
  // Indexes into snapshot.files() of the files whose every row is now deleted: removed whole.
  std::vector<size_t> removed;
  // Indexes of the files that keep rows, and (in step) the file re-added with its new DV: same
  // path, partition values and size, stats with tightBounds=false.
  std::vector<size_t> replaced;
  std::vector<Add> adds;
  // The local path of the DV file written, empty when no DV was needed.
  std::string dv_file;
};

// Marks `deleted` (per index into snapshot.files(), the newly deleted physical row positions,
// sorted and unique) as deleted: each is unioned with the file's existing DV; the new DVs are
// written into one file <root>/deletion_vector_<uuid>.bin (version byte 1, then per DV: u32
// big-endian size, the portable bitmap, u32 big-endian CRC-32), referenced with storageType 'u'.
// A file without numRecords gets it from its Parquet footer (a DV needs it).
Result<DeletionVectorUpdate> WriteDeletionVectors(
    duck::Connection* con, const std::string& root, const Snapshot& snapshot,
    const std::map<size_t, std::vector<uint64_t>>& deleted);

// Deletes the DV file of `update` (best effort: the operation failed before its commit).
void DiscardDeletionVectors(const DeletionVectorUpdate& update);

}  // namespace ingot::delta::dml
