#include "delta/ops/vacuum_table.h"

#include <algorithm>
#include <filesystem>
#include <set>
#include <system_error>

#include "common/macros.h"
#include "delta/log/deletion_vector.h"
#include "delta/ops/change_data_writer.h"
#include "delta/ops/dml_internal.h"
#include "delta/ops/log_cleanup.h"
#include "delta/ops/table_protocol.h"
#include "delta/snapshot/snapshot_loader.h"
#include "delta/snapshot/table_config.h"
#include "storage/local_fs.h"

namespace ingot::delta {
namespace {

namespace fs = std::filesystem;

// One spelling per file, so that the listing and the log's paths compare equal however the root
// was given (relative, trailing '/', through a symlink) and whichever form a log path takes
// (relative or an absolute file: URI).
std::string Normal(const std::string& path) {
  std::error_code ec;
  fs::path absolute = fs::absolute(path, ec);
  if (ec) return fs::path(path).lexically_normal().string();
  fs::path canonical = fs::weakly_canonical(absolute, ec);
  return (ec ? absolute.lexically_normal() : canonical).string();
}

// Adds the local paths of a file (as its log path names it) and of its DV file to `keep`.
Status Keep(const std::string& root, const std::string& log_path,
            const std::optional<DeletionVectorDescriptor>& dv, std::set<std::string>* keep) {
  Add file;
  file.path = log_path;
  INGOT_ASSIGN_OR_RAISE(std::string local, file.LocalPath(root));
  keep->insert(Normal(local));
  if (dv && dv->storage_type != "i") {
    auto dv_path = DeletionVectorFilePath(*dv, root);
    // A DV outside the local file system cannot be among the listed files.
    if (dv_path.ok()) keep->insert(Normal(*dv_path));
  }
  return Status::OK();
}

// Whether VACUUM leaves a directory or file of this name alone: hidden names ('_' or '.'
// prefix) unless it is a partition directory "<partition column>=<value>".
bool Hidden(const std::string& name, const std::vector<std::string>& partition_columns) {
  if (name.empty() || (name[0] != '_' && name[0] != '.')) return false;
  for (const std::string& column : partition_columns) {
    if (name.starts_with(column + "=")) return false;
  }
  return true;
}

// A commit holding only commitInfo (VACUUM START / END) on top of `read_version`.
Result<int64_t> CommitInfoOnly(LogStore& store, int64_t read_version, std::string operation,
                               JsonFields parameters, JsonFields metrics,
                               const CommitOptions& options) {
  CommitRequest request;
  request.read_version = read_version;
  request.operation = std::move(operation);
  request.operation_parameters = std::move(parameters);
  request.operation_metrics = std::move(metrics);
  INGOT_ASSIGN_OR_RAISE(CommitResult committed, Commit(store, std::move(request), options));
  return committed.version;
}

}  // namespace

Result<VacuumTableResult> VacuumTable(duck::Connection* con, const VacuumTableOptions& options) {
  const std::string& root = options.table_root;
  auto local = std::make_shared<storage::LocalFileSystem>();
  LogStore store(local, root);
  INGOT_ASSIGN_OR_RAISE(auto snapshot, LoadSnapshot(store, con));
  const Protocol& protocol = snapshot->protocol();
  bool protocol_check =
      (protocol.reader_features && protocol.reader_features->count("vacuumProtocolCheck")) ||
      (protocol.writer_features && protocol.writer_features->count("vacuumProtocolCheck"));
  if (protocol_check) {
    INGOT_RETURN_NOT_OK(
        CheckWritable(*snapshot, root)
            .WithContext("VACUUM of table ", root,
                         " (its vacuumProtocolCheck feature requires every writer feature "
                         "to be supported)"));
  }
  VacuumTableResult out;
  out.version = snapshot->version();
  if (options.retention_millis) {
    out.retention_millis = *options.retention_millis;
  } else {
    INGOT_ASSIGN_OR_RAISE(out.retention_millis, DeletedFileRetentionMillis(snapshot->metadata()));
  }
  if (out.retention_millis < 0) {
    return Status::InvalidArgument("VACUUM of table ", root,
                                   ": the retention must not be "
                                   "negative, got ",
                                   out.retention_millis, " ms");
  }
  if (out.retention_millis < kMinVacuumRetentionMillis && !options.force) {
    return Status::InvalidArgument(
        "VACUUM of table ", root, ": a retention of ", out.retention_millis / 3600000.0,
        " hours is below the safe minimum of 168 hours: it could delete files that concurrent "
        "readers or time travel within the table's retention still need; use --force (Spark: "
        "retentionDurationCheck.enabled=false) if you are sure");
  }
  Clock* clock = options.commit.clock != nullptr ? options.commit.clock : SystemClock::Default();
  const int64_t now = clock->NowMillis();
  const int64_t cutoff = now - out.retention_millis;

  // Everything a snapshot within the retention may read.
  std::set<std::string> keep;
  for (const Add& add : snapshot->files()) {
    INGOT_RETURN_NOT_OK(Keep(root, add.path, add.deletion_vector, &keep));
  }
  for (const Remove& remove : snapshot->tombstones()) {
    if (remove.deletion_timestamp.value_or(0) > cutoff) {
      INGOT_RETURN_NOT_OK(Keep(root, remove.path, remove.deletion_vector, &keep));
    }
  }

  // Candidates: old enough, not kept, outside hidden directories.
  const std::string base = Normal(root);
  std::vector<std::pair<std::string, int64_t>> doomed;  // absolute path, size
  INGOT_ASSIGN_OR_RAISE(std::vector<storage::FileInfo> entries, local->List(root));
  for (const storage::FileInfo& entry : entries) {
    if (entry.is_dir || entry.mtime_millis > cutoff) continue;
    std::string path = Normal(entry.path);
    // The change data directory is the exception among the hidden ones: its files are
    // referenced only by the commits that wrote them, and go (like Spark's) once older than the
    // retention.
    bool hidden = false;
    bool first = true;
    for (const fs::path& part : fs::path(path).lexically_relative(base)) {
      if (!(first && part == dml::kChangeDataDir)) {
        hidden |= Hidden(part.string(), snapshot->partition_columns());
      }
      first = false;
    }
    if (hidden || keep.count(path)) continue;
    doomed.emplace_back(path, entry.size);
  }
  std::sort(doomed.begin(), doomed.end());
  for (const auto& [path, size] : doomed) {
    out.files.push_back(fs::path(path).lexically_relative(base).string());
    out.bytes += size;
  }
  INGOT_ASSIGN_OR_RAISE(int64_t log_retention, LogRetentionMillis(snapshot->metadata()));
  if (options.dry_run) {
    if (LogCleanupEnabled(snapshot->metadata())) {
      INGOT_ASSIGN_OR_RAISE(out.log_files,
                            CleanupExpiredLogs(store, now - log_retention, /*dry_run=*/true));
    }
    return out;
  }

  JsonFields parameters = {{"retentionCheckEnabled", options.force ? "false" : "true"},
                           {"defaultRetentionMillis", std::to_string(out.retention_millis)}};
  if (options.retention_millis) {
    parameters.emplace_back("specifiedRetentionMillis", std::to_string(*options.retention_millis));
  }
  INGOT_ASSIGN_OR_RAISE(
      out.start_version,
      CommitInfoOnly(store, snapshot->version(), "VACUUM START", std::move(parameters),
                     {{"numFilesToDelete", dml::MetricJson(static_cast<int64_t>(doomed.size()))},
                      {"sizeOfDataToDelete", dml::MetricJson(out.bytes)}},
                     options.commit));
  dml::MaybeCheckpoint(con, store, *local, root, *snapshot, *out.start_version);
  std::set<std::string> parents;
  std::error_code ec;
  for (const auto& [path, size] : doomed) {
    fs::remove(path, ec);
    if (ec) {
      return Status::IOError("VACUUM of table ", root, ": cannot delete ", path, ": ",
                             ec.message());
    }
    parents.insert(fs::path(path).parent_path().string());
  }
  // Directories emptied by the deletion, deepest first, up to (not including) the root.
  for (auto dir = parents.rbegin(); dir != parents.rend(); ++dir) {
    for (fs::path p = *dir; Normal(p.string()) != base && p.string().size() > base.size();
         p = p.parent_path()) {
      if (!fs::is_empty(p, ec) || ec || !fs::remove(p, ec)) break;
      ++out.directories_removed;
    }
  }
  INGOT_ASSIGN_OR_RAISE(
      out.end_version,
      CommitInfoOnly(store, *out.start_version, "VACUUM END", {{"status", "\"COMPLETED\""}},
                     {{"numDeletedFiles", dml::MetricJson(static_cast<int64_t>(doomed.size()))},
                      {"numVacuumedDirectories", dml::MetricJson(out.directories_removed)}},
                     options.commit));
  dml::MaybeCheckpoint(con, store, *local, root, *snapshot, *out.end_version);
  if (LogCleanupEnabled(snapshot->metadata())) {
    INGOT_ASSIGN_OR_RAISE(out.log_files,
                          CleanupExpiredLogs(store, now - log_retention, /*dry_run=*/false));
  }
  return out;
}

}  // namespace ingot::delta
