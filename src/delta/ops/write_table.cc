#include "delta/ops/write_table.h"

#include <filesystem>

#include "common/logging.h"
#include "common/macros.h"
#include "delta/log/checkpoint_writer.h"
#include "delta/log/file_stats.h"
#include "delta/log/json_writer.h"
#include "delta/ops/column_mapping_write.h"
#include "delta/ops/constraints.h"
#include "delta/ops/create_table.h"
#include "delta/ops/data_writer.h"
#include "delta/ops/dml_internal.h"
#include "delta/ops/schema_evolution.h"
#include "delta/ops/table_protocol.h"
#include "delta/ops/type_mapping.h"
#include "delta/snapshot/snapshot_loader.h"
#include "delta/txn/log_store.h"
#include "duck/connection.h"
#include "duck/query_result.h"
#include "storage/local_fs.h"

namespace ingot::delta {
namespace {

bool HasTimestampNtz(const DataType& schema) {
  for (const StructField& f : schema.fields()) {
    if (f.type.kind() == TypeKind::kTimestampNtz) return true;
  }
  return false;
}

// Indexes (into `files`) of the files whose partition values satisfy `predicate`.
Result<std::vector<size_t>> FilesMatching(duck::Connection* con, const Snapshot& snapshot,
                                          const std::string& predicate) {
  const auto& columns = snapshot.partition_columns();
  if (columns.empty()) {
    return Status::InvalidArgument("replaceWhere needs a partitioned table; ",
                                   "this table has no partition columns");
  }
  std::vector<size_t> matching;
  if (snapshot.files().empty()) return matching;
  std::string values;
  for (size_t i = 0; i < snapshot.files().size(); ++i) {
    const Add& add = snapshot.files()[i];
    values += (i > 0 ? ", (" : "(") + std::to_string(i);
    for (const std::string& column : columns) {
      const StructField* field = snapshot.schema().FindField(column);
      INGOT_ASSIGN_OR_RAISE(std::string type, DuckTypeFromDelta(field->type));
      auto it = add.partition_values.find(column);
      bool null = it == add.partition_values.end() || !it->second.has_value();
      values += ", CAST(" + (null ? std::string("NULL") : duck::QuoteLiteral(*it->second)) +
                " AS " + type + ")";
    }
    values += ")";
  }
  std::string names = "__ingot_idx";
  for (const std::string& column : columns) names += ", " + duck::QuoteIdentifier(column);
  auto result = con->Query("SELECT __ingot_idx FROM (VALUES " + values + ") AS t(" + names +
                           ") WHERE " + predicate);
  if (!result.ok()) {
    return Status::InvalidArgument(
        "replaceWhere '", predicate,
        "' must be a predicate on the partition columns only: ", result.status().message());
  }
  while (true) {
    INGOT_ASSIGN_OR_RAISE(auto chunk, (*result)->Next());
    if (chunk == nullptr) break;
    for (size_t row = 0; row < chunk->size(); ++row) {
      matching.push_back(static_cast<size_t>(chunk->GetInt64(0, row)));
    }
  }
  return matching;
}

Status CheckRowsSatisfy(duck::Connection* con, const std::string& source_sql,
                        const std::string& predicate) {
  INGOT_ASSIGN_OR_RAISE(std::string outside,
                        con->QueryScalar("SELECT count(*) FROM (" + source_sql +
                                         ") WHERE NOT coalesce((" + predicate + "), false)"));
  if (outside != "0") {
    return Status::InvalidArgument(outside, " of the rows to write do not satisfy replaceWhere '",
                                   predicate, "': they would be written outside what is replaced");
  }
  return Status::OK();
}

// The commit of a write whose data files are written: removes `replaced`, adds `adds`, records
// the schema change, txn and domains, and checkpoints when due. The files are removed again when
// the commit does not land.
Result<WriteTableResult> CommitWrite(duck::Connection* con, LogStore& store,
                                     storage::FileSystem& fs, const Snapshot& snapshot,
                                     const WriteTableOptions& options, const DataType& schema,
                                     std::optional<int64_t> max_column_id,
                                     const std::vector<size_t>& replaced,
                                     const std::vector<Add>& adds) {
  WriteTableResult out;
  Clock* clock = options.commit.clock != nullptr ? options.commit.clock : SystemClock::Default();
  CommitRequest request;
  request.read_version = snapshot.version();
  // A protocol or metadata change is never a blind append.
  bool changes_definition = false;
  // domainMetadata actions need the domainMetadata writer feature (enabled on first use).
  if (!options.domains.empty()) {
    if (auto upgraded = WithWriterFeature(snapshot.protocol(), "domainMetadata")) {
      request.actions.push_back(*upgraded);
      changes_definition = true;
    }
  }
  if (!(schema == snapshot.schema())) {
    changes_definition = true;
    Metadata metadata = snapshot.metadata();
    metadata.schema_string = SerializeDataType(schema);
    if (max_column_id) metadata.configuration[kMaxColumnIdKey] = std::to_string(*max_column_id);
    request.actions.push_back(metadata);
  }
  int64_t now = clock->NowMillis();
  for (size_t index : replaced) {
    request.actions.push_back(snapshot.files()[index].ToRemove(now));
    request.read_set.files.insert(snapshot.files()[index].path);
  }
  for (const Add& add : adds) {
    out.bytes_written += add.size;
    auto stats = FileStats::Parse(add.stats.value_or("{}"));
    if (stats.ok()) out.rows_written += stats->num_records.value_or(0);
    request.actions.push_back(add);
  }
  for (const DomainMetadata& domain : options.domains) request.actions.push_back(domain);
  request.txn = options.txn;
  request.operation = "WRITE";
  bool append = options.mode == WriteMode::kAppend;
  request.is_blind_append = append && !changes_definition;
  request.read_set.whole_table = !append && options.replace_where.empty();
  std::string partition_json = "[";
  for (size_t i = 0; i < snapshot.partition_columns().size(); ++i) {
    partition_json += (i > 0 ? "," : "") + QuoteJsonString(snapshot.partition_columns()[i]);
  }
  request.operation_parameters = {{"mode", append ? "\"Append\"" : "\"Overwrite\""},
                                  {"partitionBy", QuoteJsonString(partition_json + "]")}};
  if (!options.replace_where.empty()) {
    request.operation_parameters.push_back({"predicate", QuoteJsonString(options.replace_where)});
  }
  out.files_added = static_cast<int64_t>(adds.size());
  out.files_removed = static_cast<int64_t>(replaced.size());
  request.operation_metrics = {
      {"numFiles", "\"" + std::to_string(out.files_added) + "\""},
      {"numOutputRows", "\"" + std::to_string(out.rows_written) + "\""},
      {"numOutputBytes", "\"" + std::to_string(out.bytes_written) + "\""},
      {"numRemovedFiles", "\"" + std::to_string(out.files_removed) + "\""}};
  auto committed = Commit(store, std::move(request), options.commit);
  if (!committed.ok()) {
    RemoveTableFiles(options.table_root, adds);
    return committed.status();
  }
  out.version = committed->version;
  dml::MaybeCheckpoint(con, store, fs, options.table_root, snapshot, out.version);
  return out;
}

// What a write checks on the table before anything is written or committed: writable, not
// append-only when overwriting. Sets `out->skipped` when the txn was committed already.
Status CheckBeforeWrite(const Snapshot& snapshot, const WriteTableOptions& options,
                        WriteTableResult* out) {
  INGOT_RETURN_NOT_OK(CheckWritable(snapshot, options.table_root, /*column_mapping_ok=*/true));
  out->version = snapshot.version();
  if (options.mode == WriteMode::kOverwrite && snapshot.Config("delta.appendOnly") == "true") {
    return Status::InvalidArgument(
        "table ", options.table_root,
        " is append-only (delta.appendOnly=true): it cannot be overwritten");
  }
  if (options.txn) {
    std::optional<int64_t> done = snapshot.TxnVersion(options.txn->app_id);
    if (done && *done >= options.txn->version) out->skipped = true;
  }
  return Status::OK();
}

}  // namespace

void RemoveTableFiles(const std::string& table_root, const std::vector<Add>& adds) {
  dml::DeleteDataFiles(table_root, adds);
}

Result<StagedTableFiles> WriteTableFiles(duck::Connection* con, const WriteTableOptions& options) {
  StagedTableFiles out;
  std::shared_ptr<const Snapshot> snapshot;
  if (std::filesystem::exists(options.table_root + "/_delta_log")) {
    auto fs = std::make_shared<storage::LocalFileSystem>();
    LogStore store(fs, options.table_root);
    INGOT_ASSIGN_OR_RAISE(snapshot, LoadSnapshot(store, con));
    INGOT_RETURN_NOT_OK(CheckWritable(*snapshot, options.table_root, /*column_mapping_ok=*/true));
    INGOT_ASSIGN_OR_RAISE(ColumnMappingMode mapping, ColumnMappingModeOf(snapshot->metadata()));
    if (mapping != ColumnMappingMode::kNone || !snapshot->partition_columns().empty()) {
      return Status::NotImplemented("writing data files ahead of the commit needs a table ",
                                    "without column mapping or partitions: ", options.table_root);
    }
  }
  INGOT_ASSIGN_OR_RAISE(DataType source_schema,
                        SchemaOfQuery(con, options.source_sql,
                                      snapshot != nullptr && HasTimestampNtz(snapshot->schema())));
  out.schema = source_schema;
  if (snapshot != nullptr) {
    INGOT_ASSIGN_OR_RAISE(out.schema,
                          ReconcileSchemas(snapshot->schema(), source_schema, options.merge_schema,
                                           snapshot->Config("delta.enableTypeWidening") == "true"));
  }
  Clock* clock = options.commit.clock != nullptr ? options.commit.clock : SystemClock::Default();
  DataWriteOptions write{.table_root = options.table_root,
                         .source_sql = options.source_sql,
                         .schema = out.schema,
                         .partition_columns = {},
                         .target_file_size = options.target_file_size,
                         .clock = clock,
                         .column_mapping = ColumnMappingMode::kNone};
  INGOT_ASSIGN_OR_RAISE(out.adds, WriteDataFiles(con, write));
  for (const Add& add : out.adds) out.rows += dml::NumRecords(add).value_or(0);
  return out;
}

Result<WriteTableResult> CommitTableFiles(duck::Connection* con, const WriteTableOptions& options,
                                          const StagedTableFiles& files) {
  auto fs = std::make_shared<storage::LocalFileSystem>();
  LogStore store(fs, options.table_root);
  // Everything checked before the commit; the files go again when a check fails.
  std::shared_ptr<const Snapshot> snapshot;
  WriteTableResult out;
  Status checked = [&]() -> Status {
    if (!options.replace_where.empty()) {
      return Status::InvalidArgument("replaceWhere needs the rows, not written files");
    }
    INGOT_ASSIGN_OR_RAISE(snapshot, LoadSnapshot(store, con));
    INGOT_RETURN_NOT_OK(CheckBeforeWrite(*snapshot, options, &out));
    if (out.skipped) return Status::OK();
    // The files were written with `files.schema`: the table must still take them as they are.
    INGOT_ASSIGN_OR_RAISE(ColumnMappingMode mapping, ColumnMappingModeOf(snapshot->metadata()));
    INGOT_ASSIGN_OR_RAISE(DataType reconciled,
                          ReconcileSchemas(snapshot->schema(), files.schema, options.merge_schema,
                                           snapshot->Config("delta.enableTypeWidening") == "true"));
    if (mapping != ColumnMappingMode::kNone || !snapshot->partition_columns().empty() ||
        !(reconciled == files.schema)) {
      return Status::Conflict("table ", options.table_root,
                              " changed while its data files were written: write again");
    }
    return CheckWrittenFilesSatisfyConstraints(con, options.table_root, snapshot->metadata(),
                                               files.schema, files.adds);
  }();
  if (!checked.ok() || out.skipped) {
    RemoveTableFiles(options.table_root, files.adds);
    if (!checked.ok()) return checked;
    return out;
  }
  std::vector<size_t> replaced;
  if (options.mode == WriteMode::kOverwrite) {
    for (size_t i = 0; i < snapshot->files().size(); ++i) replaced.push_back(i);
  }
  return CommitWrite(con, store, *fs, *snapshot, options, files.schema, std::nullopt, replaced,
                     files.adds);
}

Result<WriteTableResult> WriteTable(duck::Connection* con, const WriteTableOptions& options) {
  auto fs = std::make_shared<storage::LocalFileSystem>();
  LogStore store(fs, options.table_root);
  INGOT_ASSIGN_OR_RAISE(auto snapshot, LoadSnapshot(store, con));
  WriteTableResult out;
  INGOT_RETURN_NOT_OK(CheckBeforeWrite(*snapshot, options, &out));
  if (out.skipped) return out;
  INGOT_ASSIGN_OR_RAISE(ColumnMappingMode mapping, ColumnMappingModeOf(snapshot->metadata()));
  INGOT_ASSIGN_OR_RAISE(DataType source_schema, SchemaOfQuery(con, options.source_sql,
                                                              HasTimestampNtz(snapshot->schema())));
  INGOT_ASSIGN_OR_RAISE(DataType schema,
                        ReconcileSchemas(snapshot->schema(), source_schema, options.merge_schema,
                                         snapshot->Config("delta.enableTypeWidening") == "true"));
  // Columns merge_schema added get the next ids and new physical names.
  std::optional<int64_t> max_column_id;
  if (mapping != ColumnMappingMode::kNone && !(schema == snapshot->schema())) {
    INGOT_ASSIGN_OR_RAISE(max_column_id,
                          MaxColumnId(snapshot->metadata().configuration, snapshot->schema()));
    INGOT_ASSIGN_OR_RAISE(schema, AssignColumnMapping(schema, &*max_column_id));
  }
  Clock* clock = options.commit.clock != nullptr ? options.commit.clock : SystemClock::Default();

  std::vector<size_t> replaced;
  if (options.mode == WriteMode::kOverwrite) {
    if (options.replace_where.empty()) {
      for (size_t i = 0; i < snapshot->files().size(); ++i) replaced.push_back(i);
    } else {
      INGOT_ASSIGN_OR_RAISE(replaced, FilesMatching(con, *snapshot, options.replace_where));
      INGOT_RETURN_NOT_OK(CheckRowsSatisfy(con, options.source_sql, options.replace_where));
    }
  }

  DataWriteOptions write{.table_root = options.table_root,
                         .source_sql = options.source_sql,
                         .schema = schema,
                         .partition_columns = snapshot->partition_columns(),
                         .target_file_size = options.target_file_size,
                         .clock = clock,
                         .column_mapping = mapping};
  INGOT_ASSIGN_OR_RAISE(std::vector<Add> adds, WriteDataFiles(con, write));
  INGOT_RETURN_NOT_OK(CheckWrittenFilesSatisfyConstraints(con, options.table_root,
                                                          snapshot->metadata(), schema, adds));

  return CommitWrite(con, store, *fs, *snapshot, options, schema, max_column_id, replaced, adds);
}

}  // namespace ingot::delta
