#include "delta/log/checkpoint_writer.h"

#include <algorithm>
#include <functional>
#include <memory>
#include <utility>

#include "common/logging.h"
#include "common/macros.h"
#include "common/uri.h"
#include "delta/log/actions_codec.h"
#include "delta/log/checkpoint_io_internal.h"
#include "delta/log/log_file_names.h"
#include "delta/snapshot/snapshot.h"
#include "delta/snapshot/table_config.h"
#include "delta/txn/txn_id.h"
#include "duck/connection.h"
#include "duck/database.h"
#include "storage/file_system.h"

namespace ingot::delta {
namespace {

// The checkpoint schema as DuckDB types, column by column, in the order Spark writes them.
constexpr std::string_view kDeletionVectorType =
    "STRUCT(storageType VARCHAR, pathOrInlineDv VARCHAR, \"offset\" INTEGER, "
    "sizeInBytes INTEGER, cardinality BIGINT, maxRowIndex BIGINT)";

struct CheckpointColumn {
  std::string_view name;
  std::string type;
};

std::vector<CheckpointColumn> CheckpointColumns(bool v2) {
  std::string dv(kDeletionVectorType);
  std::vector<CheckpointColumn> columns = {
      {"txn", "STRUCT(appId VARCHAR, \"version\" BIGINT, lastUpdated BIGINT)"},
      {"add",
       "STRUCT(path VARCHAR, partitionValues MAP(VARCHAR, VARCHAR), size BIGINT, "
       "modificationTime BIGINT, dataChange BOOLEAN, tags MAP(VARCHAR, VARCHAR), deletionVector " +
           dv +
           ", baseRowId BIGINT, defaultRowCommitVersion BIGINT, clusteringProvider VARCHAR, "
           "stats VARCHAR)"},
      {"remove",
       "STRUCT(path VARCHAR, deletionTimestamp BIGINT, dataChange BOOLEAN, "
       "extendedFileMetadata BOOLEAN, partitionValues MAP(VARCHAR, VARCHAR), size BIGINT, "
       "deletionVector " +
           dv + ", baseRowId BIGINT, defaultRowCommitVersion BIGINT)"},
      {"metaData",
       "STRUCT(id VARCHAR, \"name\" VARCHAR, description VARCHAR, format STRUCT(provider VARCHAR, "
       "\"options\" MAP(VARCHAR, VARCHAR)), schemaString VARCHAR, partitionColumns VARCHAR[], "
       "\"configuration\" MAP(VARCHAR, VARCHAR), createdTime BIGINT)"},
      {"protocol",
       "STRUCT(minReaderVersion INTEGER, minWriterVersion INTEGER, readerFeatures VARCHAR[], "
       "writerFeatures VARCHAR[])"},
      {"domainMetadata", "STRUCT(\"domain\" VARCHAR, \"configuration\" VARCHAR, removed BOOLEAN)"},
  };
  if (v2)
    columns.push_back(
        {"checkpointMetadata", "STRUCT(\"version\" BIGINT, tags MAP(VARCHAR, VARCHAR))"});
  return columns;
}

bool HasWriterFeature(const Protocol& protocol, const std::string& feature) {
  return protocol.writer_features.has_value() && protocol.writer_features->count(feature) > 0;
}

// COPY (SELECT <columns> FROM read_json(<ndjson>)) TO <parquet>.
std::string CopySql(const std::string& json_path, const std::string& parquet_path, bool v2,
                    size_t max_line, const std::string& compression) {
  std::vector<CheckpointColumn> columns = CheckpointColumns(v2);
  std::string select;
  std::string types;
  for (const CheckpointColumn& column : columns) {
    if (!select.empty()) select += ", ";
    select += duck::QuoteIdentifier(column.name);
    if (!types.empty()) types += ", ";
    types += duck::QuoteLiteral(column.name) + ": " + duck::QuoteLiteral(column.type);
  }
  size_t max_object = std::max<size_t>(16u << 20, 2 * max_line + 1024);
  return "COPY (SELECT " + select + " FROM read_json(" + duck::QuoteLiteral(json_path) +
         ", format = 'newline_delimited', maximum_object_size = " + std::to_string(max_object) +
         ", columns = {" + types + "})) TO " + duck::QuoteLiteral(parquet_path) +
         " (FORMAT parquet, COMPRESSION " + duck::QuoteLiteral(compression) + ")";
}

// Writes the Parquet file at `final_path` in `fs` by running `copy_sql(local target)`.
Status PublishParquet(storage::FileSystem& fs, const std::string& log_dir,
                      const std::string& final_path, duck::Connection* con,
                      const std::function<std::string(const std::string&)>& copy_sql) {
  storage::Capabilities caps = fs.capabilities();
  if (caps.local_paths && caps.atomic_rename) {
    std::string staging = JoinPath(log_dir, "." + BaseName(final_path) + "." + NewTxnId() + ".tmp");
    Result<std::string> local = fs.ToUri(staging);
    if (local.ok() && internal::IsLiteralDuckPath(*local)) {
      INGOT_RETURN_NOT_OK(fs.CreateDir(log_dir));
      Status status = con->Execute(copy_sql(*local));
      if (status.ok()) status = fs.Move(staging, final_path);
      if (!status.ok()) {
        Status cleanup = fs.Delete(staging);
        (void)cleanup;  // best effort: the staging file may not exist
      }
      return status;
    }
  }
  INGOT_ASSIGN_OR_RAISE(auto temp, internal::ScopedTempFile::Create(".parquet"));
  INGOT_RETURN_NOT_OK(con->Execute(copy_sql(temp->path())));
  INGOT_ASSIGN_OR_RAISE(std::string bytes, temp->Read());
  return fs.WriteFileAtomic(final_path, bytes);
}

// Points _last_checkpoint at `hint` unless it already names a newer checkpoint.
Status UpdateLastCheckpoint(storage::FileSystem& fs, const std::string& log_dir,
                            const LastCheckpoint& hint) {
  std::string path = JoinPath(log_dir, kLastCheckpointFileName);
  Result<std::string> existing = fs.ReadFile(path);
  if (existing.ok()) {
    Result<LastCheckpoint> parsed = LastCheckpoint::Parse(*existing);
    if (parsed.ok() && parsed->version > hint.version) return Status::OK();
  } else if (!existing.status().IsNotFound()) {
    return existing.status();
  }
  return fs.WriteFileAtomic(path, hint.ToJson());
}

}  // namespace

std::vector<Action> CheckpointActions(const Snapshot& snapshot, int64_t min_deletion_timestamp) {
  std::vector<Action> actions;
  actions.reserve(3 + snapshot.transactions().size() + snapshot.domains().size() +
                  snapshot.files().size() + snapshot.tombstones().size());
  actions.emplace_back(snapshot.protocol());
  actions.emplace_back(snapshot.metadata());
  if (HasWriterFeature(snapshot.protocol(), "v2Checkpoint")) {
    actions.emplace_back(CheckpointMetadata{.version = snapshot.version()});
  }
  for (const auto& [app_id, txn] : snapshot.transactions()) actions.emplace_back(txn);
  for (const auto& [domain, metadata] : snapshot.domains()) actions.emplace_back(metadata);
  for (const Add& add : snapshot.files()) {
    Add copy = add;
    copy.data_change = false;
    actions.emplace_back(std::move(copy));
  }
  for (const Remove& remove : snapshot.tombstones()) {
    if (remove.deletion_timestamp.value_or(0) <= min_deletion_timestamp) continue;
    Remove copy = remove;
    copy.data_change = false;
    // The checkpoint schema has no remove.stats or remove.tags.
    copy.stats.reset();
    copy.tags.clear();
    actions.emplace_back(std::move(copy));
  }
  return actions;
}

Result<LastCheckpoint> WriteCheckpoint(const Snapshot& snapshot, storage::FileSystem& fs,
                                       const std::string& table_root, duck::Connection* con,
                                       const CheckpointWriteOptions& options) {
  int64_t retention = 0;
  if (options.tombstone_retention_millis.has_value()) {
    retention = *options.tombstone_retention_millis;
  } else {
    INGOT_ASSIGN_OR_RAISE(retention, DeletedFileRetentionMillis(snapshot.metadata()));
  }
  Clock* clock = options.clock != nullptr ? options.clock : SystemClock::Default();
  std::vector<Action> actions = CheckpointActions(snapshot, clock->NowMillis() - retention);

  std::string ndjson;
  size_t max_line = 0;
  LastCheckpoint hint{.version = snapshot.version(),
                      .size = static_cast<int64_t>(actions.size()),
                      .num_of_add_files = static_cast<int64_t>(snapshot.files().size())};
  for (const Action& action : actions) {
    std::string line = SerializeAction(action);
    max_line = std::max(max_line, line.size());
    ndjson += line;
    ndjson += '\n';
  }
  actions.clear();

  std::string log_dir = JoinPath(table_root, kDeltaLogDirName);
  std::string path = JoinPath(log_dir, CheckpointFileName(snapshot.version()));
  auto fail = [&path](const Status& status) {
    return status.WithContext("write checkpoint '", path, "'");
  };
  Result<std::unique_ptr<internal::ScopedTempFile>> json =
      internal::ScopedTempFile::Create(".json");
  if (!json.ok()) return fail(json.status());
  Status status = (*json)->Write(ndjson);
  if (!status.ok()) return fail(status);
  ndjson.clear();
  ndjson.shrink_to_fit();

  std::unique_ptr<duck::Database> owned_db;
  std::unique_ptr<duck::Connection> owned_con;
  Result<duck::Connection*> connection = internal::ConnectionOrPrivate(con, &owned_db, &owned_con);
  if (!connection.ok()) return fail(connection.status());
  bool v2 = HasWriterFeature(snapshot.protocol(), "v2Checkpoint");
  const std::string& json_path = (*json)->path();
  status = PublishParquet(fs, log_dir, path, *connection, [&](const std::string& target) {
    return CopySql(json_path, target, v2, max_line, options.compression);
  });
  if (!status.ok()) return fail(status);

  Result<storage::FileInfo> info = fs.GetFileInfo(path);
  if (!info.ok()) return fail(info.status());
  hint.size_in_bytes = info->size;
  if (options.update_last_checkpoint) {
    status = UpdateLastCheckpoint(fs, log_dir, hint);
    if (!status.ok()) {
      return status.WithContext("update '", JoinPath(log_dir, kLastCheckpointFileName),
                                "' after writing checkpoint '", path, "'");
    }
  }
  INGOT_LOG(kInfo, "wrote checkpoint",
            {{"path", path},
             {"version", std::to_string(hint.version)},
             {"actions", std::to_string(hint.size)},
             {"bytes", std::to_string(*hint.size_in_bytes)}});
  return hint;
}

}  // namespace ingot::delta
