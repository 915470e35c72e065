#include "delta/snapshot/snapshot_loader.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "common/logging.h"
#include "common/macros.h"
#include "common/uri.h"
#include "delta/log/checkpoint_reader.h"
#include "delta/log/last_checkpoint.h"
#include "delta/log/log_file_names.h"
#include "delta/snapshot/commit_timeline.h"
#include "delta/snapshot/log_replay.h"
#include "delta/snapshot/log_segment.h"
#include "delta/snapshot/protocol_support.h"
#include "delta/snapshot/snapshot_internal.h"
#include "delta/snapshot/table_config.h"
#include "delta/txn/log_store.h"
#include "storage/file_system.h"

namespace ingot::delta {

namespace internal {

Status NoTableError(const LogStore& store) {
  std::string log_dir = store.LogDir();
  Result<storage::FileInfo> info = store.file_system()->GetFileInfo(log_dir);
  if (!info.ok() && info.status().IsNotFound()) {
    return Status::NotFound("no Delta table at '", store.table_name(), "': '", log_dir,
                            "' does not exist");
  }
  if (!info.ok()) return info.status().WithContext("table '", store.table_name(), "'");
  if (!info->is_dir) {
    return Status::NotFound("no Delta table at '", store.table_name(), "': '", log_dir,
                            "' is not a directory");
  }
  return Status::NotFound("no Delta table at '", store.table_name(), "': '", log_dir,
                          "' holds no commit or checkpoint");
}

}  // namespace internal

namespace {

// The modification time of the file that stands for `version`: its commit, else its checkpoint.
Result<int64_t> VersionFileTime(const LogListing& listing, int64_t version,
                                std::string_view table_name) {
  auto commit = listing.commits.find(version);
  if (commit != listing.commits.end()) return commit->second.mtime_millis;
  const CheckpointRef* checkpoint = listing.CheckpointAtOrBefore(version);
  if (checkpoint != nullptr && checkpoint->version == version) {
    auto file = listing.files.find(checkpoint->file_names.front());
    if (file != listing.files.end()) return file->second.mtime_millis;
  }
  return Status::NotFound("version ", version, " of table '", table_name,
                          "' has neither a commit nor a checkpoint file");
}

// When `version` was committed: its inCommitTimestamp where in-commit timestamps are enabled
// (`ict_since` <= version), else the modification time of its file. `info` is the version's
// commitInfo when already at hand.
Result<int64_t> VersionTimestamp(const LogStore& store, const LogListing& listing, int64_t version,
                                 std::optional<int64_t> ict_since,
                                 const std::optional<CommitInfo>* info) {
  if (ict_since.has_value() && version >= *ict_since && listing.commits.count(version) > 0) {
    std::optional<CommitInfo> read;
    if (info == nullptr) {
      INGOT_ASSIGN_OR_RAISE(read, store.ReadCommitInfo(version));
      info = &read;
    }
    if (info->has_value() && (*info)->in_commit_timestamp.has_value()) {
      return *(*info)->in_commit_timestamp;
    }
  }
  return VersionFileTime(listing, version, store.table_name());
}

Result<std::shared_ptr<const Snapshot>> LoadFromListing(const LogStore& store,
                                                        const LogListing& listing,
                                                        std::optional<int64_t> version,
                                                        duck::Connection* con,
                                                        bool skip_protocol_check) {
  const std::string& table_name = store.table_name();
  INGOT_ASSIGN_OR_RAISE(LogSegment segment, PlanLogSegment(listing, version, table_name));
  LogReplay replay;
  if (segment.checkpoint.has_value()) {
    const CheckpointRef& checkpoint = *segment.checkpoint;
    Result<std::vector<Action>> actions =
        ReadCheckpoint(*store.file_system(), store.LogDir(), checkpoint, con);
    if (!actions.ok()) {
      return actions.status().WithContext("table '", table_name, "' checkpoint at version ",
                                          checkpoint.version);
    }
    INGOT_RETURN_NOT_OK(replay.ApplyCheckpoint(checkpoint.version, std::move(*actions)));
  }
  std::optional<CommitInfo> last_commit_info;
  for (int64_t commit : segment.commits) {
    INGOT_ASSIGN_OR_RAISE(std::vector<Action> actions, store.ReadCommitActions(commit));
    if (commit == segment.version) {
      if (const CommitInfo* info = FindCommitInfo(actions)) last_commit_info = *info;
    }
    INGOT_RETURN_NOT_OK(replay.ApplyCommit(commit, std::move(actions)));
  }
  // Refuse an unsupported protocol before anything else can fail on what it changed.
  if (!skip_protocol_check && replay.protocol() != nullptr) {
    static const Metadata kNoMetadata;
    const Metadata* metadata = replay.metadata() != nullptr ? replay.metadata() : &kNoMetadata;
    INGOT_RETURN_NOT_OK(CheckReadSupported(*replay.protocol(), *metadata, table_name));
  }
  std::optional<int64_t> ict_since;
  if (replay.metadata() != nullptr) ict_since = InCommitTimestampsSince(*replay.metadata());
  bool have_info = !segment.commits.empty() && segment.commits.back() == segment.version;
  INGOT_ASSIGN_OR_RAISE(int64_t timestamp,
                        VersionTimestamp(store, listing, segment.version, ict_since,
                                         have_info ? &last_commit_info : nullptr));
  Result<std::shared_ptr<const Snapshot>> snapshot = replay.Finish(timestamp);
  if (!snapshot.ok()) return snapshot.status().WithContext("table '", table_name, "'");
  return snapshot;
}

// The log listed from the checkpoint `_last_checkpoint` names on, when that is enough to load
// `version` (the latest when nullopt): listing and stat-ing the thousands of older commit files
// is most of the cost of loading a long table otherwise. nullopt when the hint is missing,
// unreadable or stale in a way the partial listing cannot serve (the caller lists everything).
std::optional<LogListing> ListFromLastCheckpoint(const LogStore& store,
                                                 std::optional<int64_t> version) {
  storage::FileSystem& fs = *store.file_system();
  Result<std::string> text = fs.ReadFile(JoinPath(store.LogDir(), kLastCheckpointFileName));
  if (!text.ok()) return std::nullopt;
  Result<LastCheckpoint> hint = LastCheckpoint::Parse(*text);
  if (!hint.ok() || hint->version < 0) return std::nullopt;
  if (version.has_value() && *version < hint->version) return std::nullopt;
  std::string start_after = CommitFileName(hint->version);
  start_after.resize(start_after.find('.'));  // "<20 digits>": the version's own files sort after
  Result<std::vector<storage::FileInfo>> entries =
      fs.List(store.LogDir(), {.recursive = false, .start_after = start_after});
  if (!entries.ok()) return std::nullopt;
  LogListing listing = MakeLogListing(*entries);
  if (!PlanLogSegment(listing, version, store.table_name()).ok()) return std::nullopt;
  const CheckpointRef* checkpoint =
      listing.CheckpointAtOrBefore(version.value_or(listing.LatestVersion().value_or(-1)));
  if (checkpoint == nullptr) return std::nullopt;
  return listing;
}

// The version time travel to `timestamp_millis` selects.
Result<int64_t> ResolveTimestamp(const LogStore& store, const LogListing& listing,
                                 duck::Connection* con, int64_t timestamp_millis) {
  const std::string& table_name = store.table_name();
  std::optional<int64_t> earliest = listing.EarliestRecreatableVersion();
  std::optional<int64_t> latest = listing.LatestVersion();
  if (!earliest.has_value() || !latest.has_value()) {
    return Status::NotFound("table '", table_name, "' has no reconstructable version");
  }
  // In-commit timestamps apply when the latest version has them enabled; the enablement version
  // comes from its metadata. Only then is the latest snapshot needed.
  std::optional<int64_t> ict_since;
  if (listing.commits.count(*latest) > 0) {
    INGOT_ASSIGN_OR_RAISE(std::optional<CommitInfo> info, store.ReadCommitInfo(*latest));
    if (info.has_value() && info->in_commit_timestamp.has_value()) {
      INGOT_ASSIGN_OR_RAISE(auto snapshot, LoadFromListing(store, listing, *latest, con,
                                                           /*skip_protocol_check=*/true));
      ict_since = InCommitTimestampsSince(snapshot->metadata());
    }
  }
  // Versions before in-commit timestamps: file times from the listing, made monotonic.
  std::vector<int64_t> versions;
  std::vector<int64_t> file_times;
  int64_t file_time_end = ict_since.has_value() ? std::min(*ict_since, *latest + 1) : *latest + 1;
  for (int64_t v = *earliest; v < file_time_end; ++v) {
    Result<int64_t> time = VersionFileTime(listing, v, table_name);
    if (!time.ok()) continue;  // a gap: loading that version reports it
    versions.push_back(v);
    file_times.push_back(*time);
  }
  file_times = MakeMonotonic(std::move(file_times));
  size_t file_time_count = versions.size();
  for (int64_t v = std::max(*earliest, file_time_end); v <= *latest; ++v) versions.push_back(v);

  auto time_of = [&](int64_t version) -> Result<int64_t> {
    if (version < file_time_end) {
      auto it = std::lower_bound(versions.begin(), versions.begin() + file_time_count, version);
      return file_times[static_cast<size_t>(it - versions.begin())];
    }
    return VersionTimestamp(store, listing, version, ict_since, nullptr);
  };
  return FindVersionAtTimestamp(versions, time_of, timestamp_millis, table_name);
}

}  // namespace

Result<std::shared_ptr<const Snapshot>> LoadSnapshot(const LogStore& store, duck::Connection* con,
                                                     const SnapshotOptions& options) {
  if (options.version.has_value() && options.timestamp_millis.has_value()) {
    return Status::InvalidArgument(
        "table '", store.table_name(),
        "': give either a version or a timestamp to travel to, not both");
  }
  if (!options.timestamp_millis.has_value()) {
    if (std::optional<LogListing> partial = ListFromLastCheckpoint(store, options.version)) {
      return LoadFromListing(store, *partial, options.version, con, options.skip_protocol_check);
    }
  }
  INGOT_ASSIGN_OR_RAISE(LogListing listing, ListLog(*store.file_system(), store.LogDir()));
  if (!listing.LatestVersion().has_value()) return internal::NoTableError(store);
  std::optional<int64_t> version = options.version;
  if (options.timestamp_millis.has_value()) {
    INGOT_ASSIGN_OR_RAISE(version,
                          ResolveTimestamp(store, listing, con, *options.timestamp_millis));
  }
  return LoadFromListing(store, listing, version, con, options.skip_protocol_check);
}

Result<std::shared_ptr<const Snapshot>> LoadSnapshot(std::shared_ptr<storage::FileSystem> fs,
                                                     const std::string& table_root,
                                                     duck::Connection* con,
                                                     const SnapshotOptions& options) {
  if (fs == nullptr) return Status::InvalidArgument("LoadSnapshot: no file system");
  LogStore store(std::move(fs), table_root);
  return LoadSnapshot(store, con, options);
}

}  // namespace ingot::delta
