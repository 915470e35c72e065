#include "delta/log/checkpoint_reader.h"

#include <algorithm>
#include <array>
#include <map>
#include <memory>
#include <optional>
#include <string_view>
#include <utility>

#include "common/macros.h"
#include "common/uri.h"
#include "delta/log/actions_codec.h"
#include "delta/log/checkpoint_io_internal.h"
#include "delta/log/json_value.h"
#include "duck/connection.h"
#include "duck/database.h"
#include "duck/query_result.h"
#include "storage/file_system.h"

namespace ingot::delta {
namespace {

// The top-level columns of a checkpoint that hold actions, named by their JSON key.
constexpr std::array<std::string_view, 8> kActionColumns = {
    "txn",    "add", "remove", "metaData", "protocol", "domainMetadata", "checkpointMetadata",
    "sidecar"};

// Parse the rendered JSON in batches of about this many bytes, so that a checkpoint with
// millions of files is never held as one string.
constexpr size_t kParseBatchBytes = 4 << 20;

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// How a checkpoint is ranked against others at the same version (lower wins).
int Rank(const CheckpointRef& ref) {
  switch (ref.kind) {
    case LogFileKind::kCheckpoint:
      return 0;
    case LogFileKind::kV2Checkpoint:
      return ref.format == CheckpointFormat::kParquet ? 1 : 2;
    default:
      return 3;
  }
}

// The SQL expression rendering the action column `name` of one row as a JSON line
// `{"<name>":{...}}`, or NULL when the cell is null. Empty when the column is not a struct.
std::string ActionJsonExpression(std::string_view name, const duck::ColumnType& type) {
  if (type.id != duck::TypeId::kStruct) return "";
  std::string column = duck::QuoteIdentifier(name);
  std::string fields;
  for (const std::string& child : type.child_names) {
    // Typed copies of stats and partition values (writeStatsAsStruct): the JSON forms are the
    // ones the codec reads, and rendering these is the costliest part of the row.
    if (EndsWith(child, "_parsed")) continue;
    if (!fields.empty()) fields += ", ";
    fields += duck::QuoteLiteral(child) + ": struct_extract(" + column + ", " +
              duck::QuoteLiteral(child) + ")";
  }
  if (fields.empty()) return "";
  return "CASE WHEN " + column + " IS NOT NULL THEN to_json({" + duck::QuoteLiteral(name) + ": {" +
         fields + "}}) END";
}

// DuckDB reports unreadable Parquet as invalid input; for a checkpoint that is corruption.
Status CheckpointFileError(const Status& status, const std::string& path) {
  Status error =
      status.code() == StatusCode::kInvalidArgument ? Status::Corruption(status.message()) : status;
  return error.WithContext("read checkpoint file '", path, "'");
}

Status ParseBatch(std::string* batch, int64_t version, const std::string& path,
                  std::vector<Action>* out) {
  if (batch->empty()) return Status::OK();
  Result<std::vector<Action>> actions = ParseCommit(*batch, version);
  batch->clear();
  if (!actions.ok()) {
    return actions.status().WithContext("read checkpoint file '", path, "'");
  }
  for (Action& action : *actions) out->push_back(std::move(action));
  return Status::OK();
}

// The add column read field by field: most of a checkpoint's rows are adds, and rendering them
// as JSON in DuckDB and parsing that again costs about ten times more than reading the fields.
// Only adds carrying rare fields (tags, a deletion vector, row tracking, clustering) take the
// JSON path; `json_expression` renders those.
struct TypedAddQuery {
  std::string sql;
  bool has_stats = false;
  bool has_partition_values = false;
};

bool HasChild(const duck::ColumnType& type, std::string_view name) {
  return std::find(type.child_names.begin(), type.child_names.end(), name) !=
         type.child_names.end();
}

// Empty when the add column does not have the shape the spec gives it.
std::optional<TypedAddQuery> BuildTypedAddQuery(const duck::ColumnType& type,
                                                const std::string& json_expression,
                                                const std::string& source) {
  if (type.id != duck::TypeId::kStruct) return std::nullopt;
  for (std::string_view required : {"path", "size", "modificationTime", "dataChange"}) {
    if (!HasChild(type, required)) return std::nullopt;
  }
  TypedAddQuery query;
  auto field = [](std::string_view name) {
    return "struct_extract(\"add\", " + duck::QuoteLiteral(name) + ")";
  };
  std::string rare;
  for (std::string_view name :
       {"deletionVector", "baseRowId", "defaultRowCommitVersion", "clusteringProvider"}) {
    if (HasChild(type, name)) rare += (rare.empty() ? "" : " OR ") + field(name) + " IS NOT NULL";
  }
  if (HasChild(type, "tags")) {
    rare += (rare.empty() ? "" : " OR ") + std::string("coalesce(cardinality(") + field("tags") +
            "), 0) > 0";
  }
  query.sql = "SELECT " + field("path") + ", " + field("size") + ", " + field("modificationTime") +
              ", " + field("dataChange");
  query.has_stats = HasChild(type, "stats");
  query.sql += query.has_stats ? ", " + field("stats") : ", NULL";
  size_t pv = std::find(type.child_names.begin(), type.child_names.end(), "partitionValues") -
              type.child_names.begin();
  query.has_partition_values =
      pv < type.children.size() && type.children[pv].id == duck::TypeId::kMap;
  if (pv < type.children.size() && !query.has_partition_values) return std::nullopt;
  query.sql += query.has_partition_values
                   ? ", CASE WHEN cardinality(" + field("partitionValues") + ") > 0 THEN to_json(" +
                         field("partitionValues") + ") END"
                   : ", NULL";
  query.sql += ", " + (rare.empty() ? std::string("NULL")
                                    : "CASE WHEN " + rare + " THEN " + json_expression + " END");
  query.sql += " FROM " + source + " WHERE \"add\" IS NOT NULL";
  return query;
}

// {"column": "value" | null, ...} as partition values ("" reads as null, as in commits).
Status ParsePartitionValuesJson(std::string_view json, PartitionValues* out) {
  INGOT_ASSIGN_OR_RAISE(JsonValue value, JsonValue::Parse(json));
  if (value.type != JsonType::kObject) {
    return Status::Corruption("add.partitionValues: expected an object, got ", json);
  }
  for (JsonMember& member : value.members) {
    std::optional<std::string> text;
    if (member.value.type == JsonType::kString) {
      if (!member.value.text.empty()) text = std::move(member.value.text);
    } else if (!member.value.is_null()) {
      return Status::Corruption("add.partitionValues.", member.key, ": expected a string, got ",
                                JsonTypeName(member.value.type));
    }
    (*out)[std::move(member.key)] = std::move(text);
  }
  return Status::OK();
}

Status ReadTypedAdds(duck::Connection* con, const TypedAddQuery& query, const std::string& path,
                     int64_t version, std::vector<Action>* out) {
  Result<std::unique_ptr<duck::QueryResult>> result = con->Query(query.sql);
  if (!result.ok()) return CheckpointFileError(result.status(), path);
  std::string rare_batch;
  while (true) {
    Result<std::unique_ptr<duck::DataChunk>> next = (*result)->Next();
    if (!next.ok()) return CheckpointFileError(next.status(), path);
    const std::unique_ptr<duck::DataChunk>& chunk = *next;
    if (chunk == nullptr) break;
    for (size_t row = 0; row < chunk->size(); ++row) {
      if (!chunk->IsNull(6, row)) {
        rare_batch.append(chunk->GetString(6, row));
        rare_batch.push_back('\n');
        continue;
      }
      for (size_t col : {0, 1, 2, 3}) {
        if (chunk->IsNull(col, row)) {
          static constexpr std::string_view kNames[] = {"path", "size", "modificationTime",
                                                        "dataChange"};
          return Status::Corruption("add: missing required field '", kNames[col], "'")
              .WithContext("read checkpoint file '", path, "'");
        }
      }
      Add add;
      add.path = std::string(chunk->GetString(0, row));
      add.size = chunk->GetInt64(1, row);
      add.modification_time = chunk->GetInt64(2, row);
      add.data_change = chunk->GetBool(3, row);
      if (!chunk->IsNull(4, row)) add.stats = std::string(chunk->GetString(4, row));
      if (!chunk->IsNull(5, row)) {
        Status status = ParsePartitionValuesJson(chunk->GetString(5, row), &add.partition_values);
        if (!status.ok()) return status.WithContext("read checkpoint file '", path, "'");
      }
      out->push_back(std::move(add));
    }
    if (rare_batch.size() >= kParseBatchBytes) {
      INGOT_RETURN_NOT_OK(ParseBatch(&rare_batch, version, path, out));
    }
  }
  return ParseBatch(&rare_batch, version, path, out);
}

// Where a sidecar lives: always in <log_dir>/_sidecars/ (the spec requires it), so only the last
// segment of its (percent-encoded, possibly absolute) path matters.
Result<std::string> SidecarPath(const std::string& log_dir, const Sidecar& sidecar) {
  Result<std::string> decoded = DecodeLogPath(sidecar.path);
  if (!decoded.ok()) return decoded.status().WithContext("sidecar '", sidecar.path, "'");
  std::string name = BaseName(*decoded);
  if (name.empty()) return Status::Corruption("sidecar with an empty path");
  return JoinPath(JoinPath(log_dir, kSidecarDirName), name);
}

// Replaces the sidecar actions of a V2 checkpoint by their contents and drops checkpointMetadata.
Status ResolveV2(storage::FileSystem& fs, const std::string& log_dir, const CheckpointRef& ref,
                 const std::string& top_path, duck::Connection* con, std::vector<Action>* actions) {
  std::vector<Action> resolved;
  std::vector<Sidecar> sidecars;
  int metadata_count = 0;
  for (Action& action : *actions) {
    if (auto* sidecar = std::get_if<Sidecar>(&action)) {
      sidecars.push_back(std::move(*sidecar));
    } else if (auto* metadata = std::get_if<CheckpointMetadata>(&action)) {
      ++metadata_count;
      if (metadata->version != ref.version) {
        return Status::Corruption("checkpoint file '", top_path, "' is for version ", ref.version,
                                  " but its checkpointMetadata says version ", metadata->version);
      }
    } else {
      resolved.push_back(std::move(action));
    }
  }
  if (ref.kind == LogFileKind::kV2Checkpoint && metadata_count != 1) {
    return Status::Corruption("V2 checkpoint file '", top_path,
                              "' must hold exactly one checkpointMetadata action, found ",
                              metadata_count);
  }
  for (const Sidecar& sidecar : sidecars) {
    INGOT_ASSIGN_OR_RAISE(std::string path, SidecarPath(log_dir, sidecar));
    Result<std::vector<Action>> contents = ReadParquetActions(fs, path, con, ref.version);
    if (!contents.ok()) {
      return contents.status().WithContext("sidecar of checkpoint '", top_path, "'");
    }
    for (Action& action : *contents) resolved.push_back(std::move(action));
  }
  *actions = std::move(resolved);
  return Status::OK();
}

}  // namespace

std::vector<CheckpointRef> FindCompleteCheckpoints(const std::vector<std::string>& names) {
  std::map<int64_t, CheckpointRef> best;
  auto offer = [&best](CheckpointRef ref) {
    auto it = best.find(ref.version);
    if (it == best.end()) {
      best.emplace(ref.version, std::move(ref));
      return;
    }
    int rank = Rank(ref);
    int best_rank = Rank(it->second);
    if (rank < best_rank || (rank == best_rank && ref.file_names < it->second.file_names)) {
      it->second = std::move(ref);
    }
  };
  // (version, num_parts) -> part -> file name
  std::map<std::pair<int64_t, int32_t>, std::map<int32_t, std::string>> multi_parts;
  for (const std::string& entry : names) {
    std::string name = BaseName(entry);
    LogFileName parsed = ParseLogFileName(name);
    switch (parsed.kind) {
      case LogFileKind::kCheckpoint:
      case LogFileKind::kV2Checkpoint:
        offer(CheckpointRef{.version = parsed.version,
                            .kind = parsed.kind,
                            .format = parsed.format,
                            .file_names = {std::move(name)}});
        break;
      case LogFileKind::kMultiPartCheckpoint:
        multi_parts[{parsed.version, parsed.num_parts}][parsed.part] = std::move(name);
        break;
      default:
        break;
    }
  }
  for (auto& [key, parts] : multi_parts) {
    if (static_cast<int32_t>(parts.size()) != key.second) continue;  // a part is missing
    CheckpointRef ref{.version = key.first, .kind = LogFileKind::kMultiPartCheckpoint};
    for (auto& [part, name] : parts) ref.file_names.push_back(std::move(name));
    offer(std::move(ref));
  }
  std::vector<CheckpointRef> result;
  result.reserve(best.size());
  for (auto& [version, ref] : best) result.push_back(std::move(ref));
  return result;
}

Result<std::vector<Action>> ReadParquetActions(storage::FileSystem& fs, const std::string& path,
                                               duck::Connection* con, int64_t version_for_errors) {
  if (con == nullptr) return Status::InvalidArgument("ReadParquetActions: no DuckDB connection");
  Result<std::unique_ptr<internal::LocalFileView>> view = internal::LocalFileView::Open(fs, path);
  if (!view.ok()) return view.status().WithContext("read checkpoint file '", path, "'");
  std::string source = "read_parquet(" + duck::QuoteFilePath((*view)->local_path()) + ")";

  // The file's columns decide which action expressions can be built.
  Result<std::unique_ptr<duck::QueryResult>> probe =
      con->Query("SELECT * FROM " + source + " LIMIT 0");
  if (!probe.ok()) return CheckpointFileError(probe.status(), path);
  std::vector<std::string> expressions;
  std::optional<TypedAddQuery> typed_adds;
  std::vector<std::string> json_columns;
  for (size_t col = 0; col < (*probe)->column_count(); ++col) {
    const std::string& name = (*probe)->ColumnName(col);
    if (std::find(kActionColumns.begin(), kActionColumns.end(), name) == kActionColumns.end()) {
      continue;  // unknown columns are legal (forward compatibility)
    }
    const duck::ColumnType& type = (*probe)->GetColumnType(col);
    std::string expression = ActionJsonExpression(name, type);
    if (expression.empty()) continue;
    if (name == "add") {
      typed_adds = BuildTypedAddQuery(type, expression, source);
      if (typed_adds) continue;
    }
    expressions.push_back(std::move(expression));
    json_columns.push_back(name);
  }
  probe->reset();
  std::vector<Action> actions;
  if (typed_adds) {
    INGOT_RETURN_NOT_OK(ReadTypedAdds(con, *typed_adds, path, version_for_errors, &actions));
  }
  if (expressions.empty()) return actions;

  // One line per action; a row carrying two actions (not allowed, but harmless) gives two lines.
  std::string sql = "SELECT concat_ws(chr(10)";
  for (const std::string& expression : expressions) sql += ", " + expression;
  sql += ") FROM " + source;
  // Only the other action columns are read (testing `add IS NULL` would read every add field).
  if (typed_adds) {
    sql += " WHERE false";
    for (const std::string& column : json_columns) {
      sql += " OR " + duck::QuoteIdentifier(column) + " IS NOT NULL";
    }
  }
  Result<std::unique_ptr<duck::QueryResult>> result = con->Query(sql);
  if (!result.ok()) return CheckpointFileError(result.status(), path);
  std::string batch;
  while (true) {
    Result<std::unique_ptr<duck::DataChunk>> chunk = (*result)->Next();
    if (!chunk.ok()) return CheckpointFileError(chunk.status(), path);
    if (*chunk == nullptr) break;
    for (size_t row = 0; row < (*chunk)->size(); ++row) {
      if ((*chunk)->IsNull(0, row)) continue;
      std::string_view line = (*chunk)->GetString(0, row);
      if (line.empty()) continue;
      batch.append(line);
      batch.push_back('\n');
    }
    if (batch.size() >= kParseBatchBytes) {
      INGOT_RETURN_NOT_OK(ParseBatch(&batch, version_for_errors, path, &actions));
    }
  }
  INGOT_RETURN_NOT_OK(ParseBatch(&batch, version_for_errors, path, &actions));
  return actions;
}

Result<std::vector<Action>> ReadCheckpoint(storage::FileSystem& fs, const std::string& log_dir,
                                           const CheckpointRef& ref, duck::Connection* con) {
  if (ref.file_names.empty()) {
    return Status::InvalidArgument("checkpoint at version ", ref.version, " names no files");
  }
  std::unique_ptr<duck::Database> owned_db;
  std::unique_ptr<duck::Connection> owned_con;
  std::vector<Action> actions;
  bool json = ref.kind == LogFileKind::kV2Checkpoint && ref.format == CheckpointFormat::kJson;
  if (!json) {
    INGOT_ASSIGN_OR_RAISE(con, internal::ConnectionOrPrivate(con, &owned_db, &owned_con));
  }
  for (const std::string& name : ref.file_names) {
    std::string path = JoinPath(log_dir, name);
    if (json) {
      Result<std::string> text = fs.ReadFile(path);
      if (!text.ok()) return text.status().WithContext("read checkpoint file '", path, "'");
      Result<std::vector<Action>> parsed = ParseCommit(*text, ref.version);
      if (!parsed.ok()) {
        return parsed.status().WithContext("read checkpoint file '", path, "'");
      }
      actions = std::move(*parsed);
      continue;
    }
    INGOT_ASSIGN_OR_RAISE(std::vector<Action> part, ReadParquetActions(fs, path, con, ref.version));
    if (actions.empty()) {
      actions = std::move(part);
    } else {
      for (Action& action : part) actions.push_back(std::move(action));
    }
  }
  auto holds = [&actions](auto predicate) {
    return std::any_of(actions.begin(), actions.end(), predicate);
  };
  bool has_sidecars =
      holds([](const Action& action) { return std::holds_alternative<Sidecar>(action); });
  bool has_checkpoint_metadata = holds(
      [](const Action& action) { return std::holds_alternative<CheckpointMetadata>(action); });
  if (has_sidecars && con == nullptr) {
    INGOT_ASSIGN_OR_RAISE(con, internal::ConnectionOrPrivate(con, &owned_db, &owned_con));
  }
  if (has_sidecars || has_checkpoint_metadata || ref.kind == LogFileKind::kV2Checkpoint) {
    INGOT_RETURN_NOT_OK(
        ResolveV2(fs, log_dir, ref, JoinPath(log_dir, ref.file_names.front()), con, &actions));
  }
  return actions;
}

}  // namespace ingot::delta
