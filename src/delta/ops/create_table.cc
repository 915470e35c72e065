#include "delta/ops/create_table.h"

#include <filesystem>
#include <set>

#include "common/macros.h"
#include "delta/log/file_stats.h"
#include "delta/log/json_writer.h"
#include "delta/ops/column_mapping_write.h"
#include "delta/ops/constraints.h"
#include "delta/ops/data_writer.h"
#include "delta/ops/type_mapping.h"
#include "delta/txn/txn_id.h"
#include "duck/connection.h"
#include "duck/query_result.h"
#include "storage/local_fs.h"

namespace ingot::delta {
namespace {

bool UsesTimestampNtz(const DataType& type) {
  switch (type.kind()) {
    case TypeKind::kTimestampNtz:
      return true;
    case TypeKind::kStruct:
      for (const StructField& f : type.fields()) {
        if (UsesTimestampNtz(f.type)) return true;
      }
      return false;
    case TypeKind::kArray:
      return UsesTimestampNtz(type.element_type());
    case TypeKind::kMap:
      return UsesTimestampNtz(type.key_type()) || UsesTimestampNtz(type.value_type());
    default:
      return false;
  }
}

enum class PropertyKind { kInt, kBool, kDuration, kAny };

const std::map<std::string, PropertyKind>& KnownProperties() {
  static const auto* known = new std::map<std::string, PropertyKind>{
      {"delta.appendOnly", PropertyKind::kBool},
      {"delta.checkpointInterval", PropertyKind::kInt},
      {"delta.checkpoint.writeStatsAsJson", PropertyKind::kBool},
      {"delta.checkpoint.writeStatsAsStruct", PropertyKind::kBool},
      {"delta.dataSkippingNumIndexedCols", PropertyKind::kInt},
      {"delta.dataSkippingStatsColumns", PropertyKind::kAny},
      {"delta.deletedFileRetentionDuration", PropertyKind::kDuration},
      {"delta.logRetentionDuration", PropertyKind::kDuration},
      {"delta.enableChangeDataFeed", PropertyKind::kBool},
      {"delta.enableDeletionVectors", PropertyKind::kBool},
      {"delta.enableExpiredLogCleanup", PropertyKind::kBool},
      {"delta.enableInCommitTimestamps", PropertyKind::kBool},
      {"delta.enableTypeWidening", PropertyKind::kBool},
      {"delta.targetFileSize", PropertyKind::kInt},
      {"delta.columnMapping.mode", PropertyKind::kAny},
      {kMaxColumnIdKey, PropertyKind::kInt},
      {"delta.minReaderVersion", PropertyKind::kInt},
      {"delta.minWriterVersion", PropertyKind::kInt},
  };
  return *known;
}

bool IsInteger(const std::string& v) {
  if (v.empty()) return false;
  size_t start = v[0] == '-' ? 1 : 0;
  return start < v.size() && v.find_first_not_of("0123456789", start) == std::string::npos;
}

}  // namespace

Protocol ProtocolFor(const DataType& schema, const std::map<std::string, std::string>& properties) {
  Protocol protocol;  // (1, 2)
  auto enabled = [&properties](const std::string& key) {
    auto it = properties.find(key);
    return it != properties.end() && it->second == "true";
  };
  std::set<std::string> features;  // reader and writer features
  if (UsesTimestampNtz(schema)) features.insert("timestampNtz");
  if (enabled("delta.enableTypeWidening")) features.insert("typeWidening");
  if (enabled("delta.enableDeletionVectors")) features.insert("deletionVectors");
  const bool in_commit_timestamps = enabled("delta.enableInCommitTimestamps");
  const bool change_data_feed = enabled("delta.enableChangeDataFeed");
  bool constraints = false;
  for (const auto& [key, value] : properties) {
    constraints |= key.starts_with(kConstraintPropertyPrefix);
  }
  if (features.empty() && !in_commit_timestamps) {
    if (constraints) protocol.min_writer_version = 3;
    if (change_data_feed) protocol.min_writer_version = 4;
    return protocol;
  }
  protocol.min_reader_version = 3;
  protocol.min_writer_version = 7;
  protocol.reader_features = features;
  protocol.writer_features = features;
  if (in_commit_timestamps) protocol.writer_features->insert("inCommitTimestamp");
  if (constraints) protocol.writer_features->insert("checkConstraints");
  if (change_data_feed) protocol.writer_features->insert("changeDataFeed");
  return protocol;
}

Status ValidateTableProperties(const std::map<std::string, std::string>& properties) {
  for (const auto& [key, value] : properties) {
    // Any other delta.* key and CHECK constraints, which the initial rows are checked against.
    if (!key.starts_with("delta.") || key.starts_with(kConstraintPropertyPrefix)) continue;
    auto it = KnownProperties().find(key);
    if (it == KnownProperties().end()) {
      return Status::InvalidArgument("unknown table property '", key,
                                     "' (Delta properties Ingot knows: delta.appendOnly, "
                                     "delta.checkpointInterval, delta.logRetentionDuration, ...)");
    }
    switch (it->second) {
      case PropertyKind::kInt:
        if (!IsInteger(value) || value[0] == '-') {
          return Status::InvalidArgument("table property ", key,
                                         " must be a non-negative integer, got '", value, "'");
        }
        break;
      case PropertyKind::kBool:
        if (value != "true" && value != "false") {
          return Status::InvalidArgument("table property ", key, " must be true or false, got '",
                                         value, "'");
        }
        break;
      case PropertyKind::kDuration:
        if (!value.starts_with("interval ")) {
          return Status::InvalidArgument("table property ", key,
                                         " must be a duration such as 'interval 7 days', got '",
                                         value, "'");
        }
        break;
      case PropertyKind::kAny:
        break;
    }
  }
  auto mode = properties.find("delta.columnMapping.mode");
  if (mode != properties.end() && mode->second != "none" && mode->second != "name" &&
      mode->second != "id") {
    return Status::InvalidArgument("table property delta.columnMapping.mode must be none, name or ",
                                   "id, got '", mode->second, "'");
  }
  if (properties.count(kMaxColumnIdKey)) {
    return Status::InvalidArgument("table property ", kMaxColumnIdKey,
                                   " is maintained by the writer: it cannot be set");
  }
  return Status::OK();
}

Result<DataType> SchemaOfQuery(duck::Connection* con, const std::string& sql, bool timestamp_ntz) {
  INGOT_ASSIGN_OR_RAISE(auto result, con->Query("SELECT * FROM (" + sql + ") LIMIT 0"));
  std::vector<std::string> names;
  std::vector<duck::ColumnType> types;
  for (size_t i = 0; i < result->column_count(); ++i) {
    names.push_back(result->ColumnName(i));
    types.push_back(result->GetColumnType(i));
  }
  return SchemaFromColumns(names, types, timestamp_ntz);
}

Result<CommitResult> CreateTable(duck::Connection* con, const CreateTableOptions& options) {
  INGOT_RETURN_NOT_OK(ValidateTableProperties(options.properties));
  auto fs = std::make_shared<storage::LocalFileSystem>();
  LogStore store(fs, options.table_root);
  INGOT_ASSIGN_OR_RAISE(std::optional<int64_t> latest, store.LatestVersion());
  if (latest.has_value()) {
    return Status::AlreadyExists("a Delta table already exists at ", options.table_root,
                                 " (version ", *latest, ")");
  }
  DataType schema;
  if (options.schema) {
    schema = *options.schema;
  } else if (!options.source_sql.empty()) {
    INGOT_ASSIGN_OR_RAISE(schema, SchemaOfQuery(con, options.source_sql, options.timestamp_ntz));
  } else {
    return Status::InvalidArgument("creating a table needs a schema or a query to take it from");
  }
  for (const std::string& column : options.partition_columns) {
    if (schema.FindField(column) == nullptr) {
      return Status::InvalidArgument("partition column '", column, "' is not in the schema (",
                                     schema.ToString(), ")");
    }
  }
  if (!options.partition_columns.empty() &&
      options.partition_columns.size() == schema.fields().size()) {
    return Status::InvalidArgument(
        "every column is a partition column: a Delta table needs at "
        "least one data column");
  }
  Metadata probe;
  probe.configuration = options.properties;
  INGOT_ASSIGN_OR_RAISE(ColumnMappingMode mapping, ColumnMappingModeOf(probe));
  std::map<std::string, std::string> configuration = options.properties;
  Protocol protocol = ProtocolFor(schema, options.properties);
  if (mapping != ColumnMappingMode::kNone) {
    int64_t max_column_id = 0;
    INGOT_ASSIGN_OR_RAISE(schema, AssignColumnMapping(schema, &max_column_id));
    configuration[kMaxColumnIdKey] = std::to_string(max_column_id);
    protocol = WithColumnMapping(protocol);
  }
  std::error_code ec;
  std::filesystem::create_directories(options.table_root, ec);

  Metadata metadata;
  metadata.id = NewTxnId();
  metadata.name = options.name;
  metadata.description = options.description;
  metadata.schema_string = SerializeDataType(schema);
  metadata.partition_columns = options.partition_columns;
  metadata.configuration = configuration;
  Clock* clock = options.commit.clock != nullptr ? options.commit.clock : SystemClock::Default();
  metadata.created_time = clock->NowMillis();

  CommitRequest request;
  request.read_version = std::nullopt;
  request.actions.push_back(protocol);
  request.actions.push_back(metadata);
  std::vector<Add> adds;
  if (!options.source_sql.empty()) {
    DataWriteOptions write{.table_root = options.table_root,
                           .source_sql = options.source_sql,
                           .schema = schema,
                           .partition_columns = options.partition_columns,
                           .target_file_size = options.target_file_size,
                           .clock = clock,
                           .column_mapping = mapping};
    INGOT_ASSIGN_OR_RAISE(adds, WriteDataFiles(con, write));
    INGOT_RETURN_NOT_OK(
        CheckWrittenFilesSatisfyConstraints(con, options.table_root, metadata, schema, adds));
  }
  int64_t rows = 0, bytes = 0;
  for (const Add& add : adds) {
    bytes += add.size;
    request.actions.push_back(add);
  }
  for (const Add& add : adds) {
    auto stats = FileStats::Parse(add.stats.value_or("{}"));
    if (stats.ok()) rows += stats->num_records.value_or(0);
  }
  request.operation = options.source_sql.empty() ? "CREATE TABLE" : "CREATE TABLE AS SELECT";
  std::string partition_json = "[";
  for (size_t i = 0; i < options.partition_columns.size(); ++i) {
    partition_json += (i > 0 ? "," : "") + QuoteJsonString(options.partition_columns[i]);
  }
  partition_json += "]";
  request.operation_parameters = {{"isManaged", "\"false\""},
                                  {"description", "null"},
                                  {"partitionBy", QuoteJsonString(partition_json)},
                                  {"properties", "\"{}\""}};
  request.operation_metrics = {{"numFiles", "\"" + std::to_string(adds.size()) + "\""},
                               {"numOutputRows", "\"" + std::to_string(rows) + "\""},
                               {"numOutputBytes", "\"" + std::to_string(bytes) + "\""}};
  auto result = Commit(store, std::move(request), options.commit);
  if (!result.ok()) {
    for (const Add& add : adds) {
      auto path = add.DecodedPath();
      if (path.ok()) std::filesystem::remove(options.table_root + "/" + *path, ec);
    }
  }
  return result;
}

}  // namespace ingot::delta
