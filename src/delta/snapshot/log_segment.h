#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "delta/log/checkpoint_reader.h"
#include "storage/file_system.h"

// Which files of _delta_log/ make up the snapshot at a version: the newest complete checkpoint at
// or before it and the commits after that checkpoint. The planning is pure; ListLog is the one
// place that lists the directory.
namespace ingot::delta {

// The entries of one listing of _delta_log/, classified.
struct LogListing {
  // Commit files by version.
  std::map<int64_t, storage::FileInfo> commits;
  // Complete checkpoints, ascending by version (FindCompleteCheckpoints).
  std::vector<CheckpointRef> checkpoints;
  // Every listed file by name (last path segment), for modification times.
  std::map<std::string, storage::FileInfo> files;

  // The newest version a commit or a complete checkpoint names; nullopt when there is none.
  std::optional<int64_t> LatestVersion() const;
  // The oldest version that can be reconstructed: the oldest complete checkpoint or commit 0,
  // whichever is older (commits must also be contiguous from there, which planning checks).
  std::optional<int64_t> EarliestRecreatableVersion() const;
  // The newest complete checkpoint at or before `version`, or nullptr.
  const CheckpointRef* CheckpointAtOrBefore(int64_t version) const;
};

// Classifies listed entries (paths or names; only the last segment counts; directories skipped).
LogListing MakeLogListing(const std::vector<storage::FileInfo>& entries);

// Lists `log_dir` (not recursively) in `fs`. A missing directory gives an empty listing.
Result<LogListing> ListLog(storage::FileSystem& fs, const std::string& log_dir);

// The files to replay for one version.
struct LogSegment {
  int64_t version = 0;
  // Where replay starts; nullopt to start at commit 0.
  std::optional<CheckpointRef> checkpoint;
  // The commits to apply after the checkpoint, ascending and contiguous, ending at `version`
  // (empty when the checkpoint is at `version`).
  std::vector<int64_t> commits;
};

// Plans the segment for `version` (nullopt: the latest). Errors name `table_name`:
//   kNotFound    the listing names no version at all ("not a Delta table"), the version is newer
//                than the latest, or it predates the earliest reconstructable version (its
//                commits were cleaned up); the message says which versions are available.
//   kCorruption  a commit needed for the version is missing while an older commit or checkpoint
//                exists: "versions are not contiguous: commit 1 is missing ... (found commits 0,
//                2)".
//   kInvalidArgument  a negative version.
Result<LogSegment> PlanLogSegment(const LogListing& listing, std::optional<int64_t> version,
                                  std::string_view table_name);

// "0..9, 11, 13..14": a compact description of the commit versions in a listing, for messages.
// At most `max_ranges` ranges are shown, then "...".
std::string DescribeCommitVersions(const LogListing& listing, size_t max_ranges = 8);

}  // namespace ingot::delta
