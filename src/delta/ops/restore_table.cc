#include "delta/ops/restore_table.h"

#include <algorithm>
#include <filesystem>
#include <memory>
#include <system_error>

#include "common/macros.h"
#include "delta/log/deletion_vector.h"
#include "delta/log/json_writer.h"
#include "delta/ops/dml_internal.h"
#include "delta/ops/table_protocol.h"
#include "delta/snapshot/snapshot_loader.h"
#include "storage/local_fs.h"

namespace ingot::delta {
namespace {

// The newer of two protocols, feature by feature: versions are the maxima and feature lists the
// unions, so restoring never drops a feature the table gained since.
Protocol MergedProtocol(const Protocol& now, const Protocol& then) {
  Protocol merged = now;
  merged.min_reader_version = std::max(now.min_reader_version, then.min_reader_version);
  merged.min_writer_version = std::max(now.min_writer_version, then.min_writer_version);
  if (then.reader_features) {
    if (!merged.reader_features) merged.reader_features.emplace();
    merged.reader_features->insert(then.reader_features->begin(), then.reader_features->end());
  }
  if (then.writer_features) {
    if (!merged.writer_features) merged.writer_features.emplace();
    merged.writer_features->insert(then.writer_features->begin(), then.writer_features->end());
  }
  return merged;
}

// kNotFound naming the file when a data file (or its DV file) of `add` is not on disk.
Status CheckOnDisk(const std::string& root, int64_t version, const Add& add) {
  INGOT_ASSIGN_OR_RAISE(std::string path, add.LocalPath(root));
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    return Status::NotFound("RESTORE of table ", root, " to version ", version, ": data file ",
                            add.path, " (", path,
                            ") no longer exists; VACUUM probably deleted it, so this version "
                            "cannot be restored");
  }
  if (add.deletion_vector && add.deletion_vector->storage_type != "i") {
    INGOT_ASSIGN_OR_RAISE(std::string dv, DeletionVectorFilePath(*add.deletion_vector, root));
    if (!std::filesystem::exists(dv, ec)) {
      return Status::NotFound("RESTORE of table ", root, " to version ", version,
                              ": deletion vector file ", dv, " of data file ", add.path,
                              " no longer exists; VACUUM probably deleted it");
    }
  }
  return Status::OK();
}

}  // namespace

Result<RestoreTableResult> RestoreTable(duck::Connection* con, const RestoreTableOptions& options) {
  const std::string& root = options.table_root;
  if (options.version.has_value() == options.timestamp_millis.has_value()) {
    return Status::InvalidArgument("RESTORE of table ", root,
                                   ": give exactly one of a version and a timestamp");
  }
  auto local = std::make_shared<storage::LocalFileSystem>();
  LogStore store(local, root);
  INGOT_ASSIGN_OR_RAISE(auto latest, LoadSnapshot(store, con));
  INGOT_RETURN_NOT_OK(CheckWritable(*latest, root));
  std::shared_ptr<const Snapshot> target = latest;
  if (options.version) {
    if (*options.version > latest->version()) {
      return Status::NotFound("RESTORE of table ", root, ": version ", *options.version,
                              " does not exist; the latest version is ", latest->version());
    }
    INGOT_ASSIGN_OR_RAISE(target, LoadSnapshot(store, con, {.version = *options.version}));
  } else if (*options.timestamp_millis < latest->timestamp_millis()) {
    INGOT_ASSIGN_OR_RAISE(
        target, LoadSnapshot(store, con, {.timestamp_millis = *options.timestamp_millis}));
  }
  RestoreTableResult out;
  out.version = latest->version();
  out.restored_version = target->version();

  std::vector<Add> restored;
  for (const Add& add : target->files()) {
    if (latest->FindFile(add.Key()) == nullptr) restored.push_back(add);
  }
  std::vector<size_t> removed;
  for (size_t i = 0; i < latest->files().size(); ++i) {
    if (target->FindFile(latest->files()[i].Key()) == nullptr) removed.push_back(i);
  }
  for (const Add& add : restored) {
    INGOT_RETURN_NOT_OK(CheckOnDisk(root, target->version(), add));
    out.restored_files_size += add.size;
  }
  for (size_t index : removed) out.removed_files_size += latest->files()[index].size;
  out.num_restored_files = static_cast<int64_t>(restored.size());
  out.num_removed_files = static_cast<int64_t>(removed.size());
  out.num_files_after = static_cast<int64_t>(target->files().size());
  out.table_size_after = target->total_size();
  bool metadata_differs = !(target->metadata() == latest->metadata());
  Protocol protocol = MergedProtocol(latest->protocol(), target->protocol());
  bool protocol_differs = !(protocol == latest->protocol());
  if (restored.empty() && removed.empty() && !metadata_differs && !protocol_differs) return out;
  if (!removed.empty() && latest->Config("delta.appendOnly") == "true") {
    return Status::InvalidArgument("RESTORE of table ", root, " to version ", target->version(),
                                   ": the table is append-only (delta.appendOnly=true) and the "
                                   "restore would remove ",
                                   removed.size(), " files");
  }

  Clock* clock = options.commit.clock != nullptr ? options.commit.clock : SystemClock::Default();
  int64_t now = clock->NowMillis();
  CommitRequest request;
  request.read_version = latest->version();
  // Any concurrent change makes the restored state wrong.
  request.read_set.whole_table = true;
  if (protocol_differs) request.actions.push_back(protocol);
  if (metadata_differs) request.actions.push_back(target->metadata());
  for (size_t index : removed) {
    const Add& add = latest->files()[index];
    request.actions.push_back(add.ToRemove(now));
    request.read_set.files.insert(add.path);
  }
  for (Add add : restored) {
    add.data_change = true;
    request.actions.push_back(std::move(add));
  }
  request.operation = "RESTORE";
  request.operation_parameters = {
      {"version", options.version ? QuoteJsonString(std::to_string(target->version())) : "null"},
      {"timestamp", options.timestamp_millis
                        ? QuoteJsonString(std::to_string(*options.timestamp_millis))
                        : "null"}};
  request.operation_metrics = {{"numRestoredFiles", dml::MetricJson(out.num_restored_files)},
                               {"numRemovedFiles", dml::MetricJson(out.num_removed_files)},
                               {"restoredFilesSize", dml::MetricJson(out.restored_files_size)},
                               {"removedFilesSize", dml::MetricJson(out.removed_files_size)},
                               {"tableSizeAfterRestore", dml::MetricJson(out.table_size_after)},
                               {"numOfFilesAfterRestore", dml::MetricJson(out.num_files_after)}};
  INGOT_ASSIGN_OR_RAISE(CommitResult committed, Commit(store, std::move(request), options.commit));
  dml::MaybeCheckpoint(con, store, *local, root, *latest, committed.version);
  out.version = committed.version;
  out.committed = true;
  return out;
}

}  // namespace ingot::delta
