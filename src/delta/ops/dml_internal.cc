#include "delta/ops/dml_internal.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "common/clock.h"
#include "common/logging.h"
#include "common/macros.h"
#include "common/uri.h"
#include "delta/log/checkpoint_writer.h"
#include "delta/log/file_stats.h"
#include "delta/ops/data_writer.h"
#include "delta/ops/deletion_vector_writer.h"
#include "delta/ops/log_cleanup.h"
#include "delta/ops/type_mapping.h"
#include "delta/snapshot/snapshot_loader.h"
#include "duck/appender.h"
#include "duck/connection.h"
#include "duck/query_result.h"
#include "storage/local_fs.h"

namespace ingot::delta::dml {

using duck::QuoteIdentifier;
using duck::QuoteLiteral;

Result<std::string> FileScanSql(const std::string& root, const DataType& schema,
                                const std::vector<std::string>& partition_columns,
                                const std::vector<const Add*>& files,
                                const std::string& deleted_rows, bool file_column) {
  std::vector<std::string> types;
  std::string anchor = "SELECT ";
  for (const StructField& field : schema.fields()) {
    INGOT_ASSIGN_OR_RAISE(std::string type, DuckTypeFromDelta(field.type));
    anchor += "CAST(NULL AS " + type + ") AS " + QuoteIdentifier(field.name) + ", ";
    types.push_back(std::move(type));
  }
  anchor += "CAST(NULL AS VARCHAR) AS " + std::string(kPathColumn) + ", CAST(NULL AS BIGINT) AS " +
            kRowColumn;
  if (file_column) anchor += ", CAST(NULL AS BIGINT) AS " + std::string(kFileColumn);
  anchor += " WHERE false";

  std::map<PartitionValues, std::vector<std::string>> groups;
  std::map<PartitionValues, std::vector<size_t>> group_indexes;  // into `files`
  for (size_t i = 0; i < files.size(); ++i) {
    const Add* add = files[i];
    INGOT_ASSIGN_OR_RAISE(std::string path, add->LocalPath(root));
    PartitionValues key;
    for (const std::string& column : partition_columns) {
      auto it = add->partition_values.find(column);
      key[column] = it == add->partition_values.end() ? std::nullopt : it->second;
      if (key[column] && key[column]->empty()) key[column] = std::nullopt;
    }
    group_indexes[key].push_back(i);
    groups[key].push_back(std::move(path));
  }
  std::string unioned = anchor;
  for (const auto& [values, paths] : groups) {
    std::string branch =
        "SELECT * EXCLUDE (file_row_number), file_row_number AS " + std::string(kRowColumn);
    if (file_column) {
      // file_index is the position in this read_parquet's list: mapped to one in `files`.
      const std::vector<size_t>& indexes = group_indexes.at(values);
      if (indexes.back() - indexes.front() + 1 == indexes.size()) {
        branch += ", CAST(file_index AS BIGINT) + " + std::to_string(indexes.front());
      } else {
        std::string list;
        for (size_t index : indexes) list += (list.empty() ? "" : ", ") + std::to_string(index);
        branch += ", CAST([" + list + "][file_index + 1] AS BIGINT)";
      }
      branch += " AS " + std::string(kFileColumn);
    }
    for (const std::string& column : partition_columns) {
      const StructField* field = schema.FindField(column);
      if (field == nullptr) {
        return Status::Corruption("partition column '", column, "' of table ", root,
                                  " is not in its schema");
      }
      INGOT_ASSIGN_OR_RAISE(std::string type, DuckTypeFromDelta(field->type));
      const auto& value = values.at(column);
      branch += ", CAST(" + (value ? QuoteLiteral(*value) : std::string("NULL")) + " AS " + type +
                ") AS " + QuoteIdentifier(column);
    }
    branch += " FROM read_parquet([";
    for (size_t i = 0; i < paths.size(); ++i) {
      branch += (i > 0 ? ", " : "") + duck::QuoteFilePath(paths[i]);
    }
    branch += "], union_by_name=true, hive_partitioning=false, file_row_number=true, filename=" +
              QuoteLiteral(kPathColumn) + ")";
    unioned += " UNION ALL BY NAME " + branch;
  }
  std::string out = "SELECT ";
  for (size_t i = 0; i < schema.fields().size(); ++i) {
    const std::string name = QuoteIdentifier(schema.fields()[i].name);
    out += "CAST(" + name + " AS " + types[i] + ") AS " + name + ", ";
  }
  out += std::string(kPathColumn) + ", " + kRowColumn;
  if (file_column) out += ", " + std::string(kFileColumn);
  out += " FROM (" + unioned + ") AS __ingot_t";
  if (deleted_rows.empty()) return out;
  return out + " ANTI JOIN " + QuoteIdentifier(deleted_rows) + " AS __ingot_d ON __ingot_t." +
         kPathColumn + " = __ingot_d.path AND __ingot_t." + kRowColumn + " = __ingot_d.row";
}

Result<std::string> DeletedRowsTable(duck::Connection* con, const std::string& root,
                                     const std::vector<const Add*>& files, TempTables* temps) {
  std::string name;
  std::unique_ptr<duck::Appender> appender;
  for (const Add* add : files) {
    if (!add->deletion_vector) continue;
    if (name.empty()) {
      name = temps->NewName("deleted_rows");
      INGOT_RETURN_NOT_OK(con->Execute("CREATE TEMP TABLE " + QuoteIdentifier(name) +
                                       " (path VARCHAR, row BIGINT)"));
      INGOT_ASSIGN_OR_RAISE(appender, con->MakeAppender(name));
    }
    INGOT_ASSIGN_OR_RAISE(std::string path, add->LocalPath(root));
    INGOT_ASSIGN_OR_RAISE(std::vector<uint64_t> rows, ExistingDeletedRows(root, *add));
    for (uint64_t row : rows) {
      INGOT_RETURN_NOT_OK(appender->AppendString(path));
      INGOT_RETURN_NOT_OK(appender->AppendInt64(static_cast<int64_t>(row)));
      INGOT_RETURN_NOT_OK(appender->EndRow());
    }
  }
  if (appender) INGOT_RETURN_NOT_OK(appender->Close());
  return name;
}

Result<std::string> LiveFileScanSql(duck::Connection* con, TempTables* temps,
                                    const std::string& root, const DataType& schema,
                                    const std::vector<std::string>& partition_columns,
                                    const std::vector<const Add*>& files, bool file_column) {
  INGOT_ASSIGN_OR_RAISE(std::string deleted, DeletedRowsTable(con, root, files, temps));
  return FileScanSql(root, schema, partition_columns, files, deleted, file_column);
}

Result<std::optional<std::vector<size_t>>> FilesMatchingPartitionPredicate(
    duck::Connection* con, const Snapshot& snapshot, const std::string& predicate) {
  const auto& columns = snapshot.partition_columns();
  if (columns.empty()) return std::optional<std::vector<size_t>>();
  // One row per file (and a NULL row so that an empty table still binds the predicate).
  std::string values = "(NULL";
  for (size_t c = 0; c < columns.size(); ++c) values += ", NULL";
  values += ")";
  std::vector<std::string> types;
  for (const std::string& column : columns) {
    const StructField* field = snapshot.schema().FindField(column);
    if (field == nullptr) {
      return Status::Corruption("partition column '", column, "' is not in the table schema");
    }
    INGOT_ASSIGN_OR_RAISE(std::string type, DuckTypeFromDelta(field->type));
    types.push_back(std::move(type));
  }
  for (size_t i = 0; i < snapshot.files().size(); ++i) {
    const Add& add = snapshot.files()[i];
    values += ", (" + std::to_string(i);
    for (const std::string& column : columns) {
      auto it = add.partition_values.find(column);
      bool null =
          it == add.partition_values.end() || !it->second.has_value() || it->second->empty();
      values += ", " + (null ? std::string("NULL") : QuoteLiteral(*it->second));
    }
    values += ")";
  }
  std::string select = "SELECT __ingot_idx";
  std::string names = "__ingot_idx";
  for (size_t c = 0; c < columns.size(); ++c) {
    select += ", CAST(" + QuoteIdentifier("__ingot_v" + std::to_string(c)) + " AS " + types[c] +
              ") AS " + QuoteIdentifier(columns[c]);
    names += ", " + QuoteIdentifier("__ingot_v" + std::to_string(c));
  }
  std::string sql = "SELECT __ingot_idx FROM (" + select + " FROM (VALUES " + values +
                    ") AS __ingot_files(" + names + ")) WHERE __ingot_idx IS NOT NULL AND (" +
                    predicate + ")";
  auto result = con->Query(sql);
  if (!result.ok()) return std::optional<std::vector<size_t>>();
  std::vector<size_t> matching;
  while (true) {
    INGOT_ASSIGN_OR_RAISE(auto chunk, (*result)->Next());
    if (chunk == nullptr) break;
    for (size_t row = 0; row < chunk->size(); ++row) {
      matching.push_back(static_cast<size_t>(chunk->GetInt64(0, row)));
    }
  }
  std::sort(matching.begin(), matching.end());
  return std::optional<std::vector<size_t>>(std::move(matching));
}

namespace {

bool IsWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Whether `text` at `pos` holds the keyword `word` (case-insensitive, whole word).
bool KeywordAt(const std::string& text, size_t pos, std::string_view word) {
  if (pos + word.size() > text.size()) return false;
  if (pos > 0 && IsWordChar(text[pos - 1])) return false;
  if (pos + word.size() < text.size() && IsWordChar(text[pos + word.size()])) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(text[pos + i])) != word[i]) return false;
  }
  return true;
}

}  // namespace

std::vector<std::string> SplitConjuncts(const std::string& predicate) {
  std::vector<std::string> out;
  size_t start = 0;
  int depth = 0;
  int pending_between = 0;
  char quote = 0;
  for (size_t i = 0; i < predicate.size(); ++i) {
    char c = predicate[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '(' || c == '[' || c == '{') {
      ++depth;
    } else if (c == ')' || c == ']' || c == '}') {
      --depth;
    } else if (KeywordAt(predicate, i, "CASE")) {
      ++depth;
    } else if (KeywordAt(predicate, i, "END")) {
      --depth;
    } else if (depth == 0 && KeywordAt(predicate, i, "BETWEEN")) {
      ++pending_between;
    } else if (depth == 0 && KeywordAt(predicate, i, "AND")) {
      if (pending_between > 0) {
        --pending_between;
      } else {
        out.push_back(predicate.substr(start, i - start));
        start = i + 3;
      }
    }
  }
  out.push_back(predicate.substr(start));
  return out;
}

Result<std::vector<size_t>> FilesPassingPartitionConjuncts(duck::Connection* con,
                                                           const Snapshot& snapshot,
                                                           const std::string& predicate) {
  std::vector<bool> keep(snapshot.files().size(), true);
  if (!predicate.empty()) {
    for (const std::string& conjunct : SplitConjuncts(predicate)) {
      INGOT_ASSIGN_OR_RAISE(auto matching,
                            FilesMatchingPartitionPredicate(con, snapshot, conjunct));
      if (!matching) continue;
      std::vector<bool> passes(snapshot.files().size(), false);
      for (size_t index : *matching) passes[index] = true;
      for (size_t i = 0; i < keep.size(); ++i) keep[i] = keep[i] && passes[i];
    }
  }
  std::vector<size_t> out;
  for (size_t i = 0; i < keep.size(); ++i) {
    if (keep[i]) out.push_back(i);
  }
  return out;
}

std::optional<int64_t> NumRecords(const Add& add) {
  if (!add.stats) return std::nullopt;
  auto stats = FileStats::Parse(*add.stats);
  if (!stats.ok()) return std::nullopt;
  return stats->num_records;
}

void DeleteDataFiles(const std::string& root, const std::vector<Add>& adds) {
  for (const Add& add : adds) {
    auto path = add.LocalPath(root);
    std::error_code ignored;
    if (path.ok()) std::filesystem::remove(*path, ignored);
  }
}

void MaybeCheckpoint(duck::Connection* con, const LogStore& store, storage::FileSystem& fs,
                     const std::string& root, const Snapshot& before, int64_t version) {
  int64_t interval = 10;
  if (auto configured = before.Config("delta.checkpointInterval")) {
    interval = std::max<int64_t>(1, std::strtoll(configured->c_str(), nullptr, 10));
  }
  if (version == 0 || version % interval != 0) return;
  Status status = [&]() -> Status {
    INGOT_ASSIGN_OR_RAISE(auto snapshot, LoadSnapshot(store, con, {.version = version}));
    INGOT_RETURN_NOT_OK(WriteCheckpoint(*snapshot, fs, root, con).status());
    // Like Spark's MetadataCleanup: expired log files go after a checkpoint, so the log stays
    // bounded on tables that are never vacuumed.
    if (!LogCleanupEnabled(snapshot->metadata())) return Status::OK();
    INGOT_ASSIGN_OR_RAISE(int64_t retention, LogRetentionMillis(snapshot->metadata()));
    return CleanupExpiredLogs(store, SystemClock::Default()->NowMillis() - retention,
                              /*dry_run=*/false)
        .status();
  }();
  if (!status.ok()) {
    INGOT_LOG(
        kWarn, "checkpoint failed",
        {{"table", root}, {"version", std::to_string(version)}, {"error", status.ToString()}});
  }
}

std::string MetricJson(int64_t value) { return "\"" + std::to_string(value) + "\""; }

std::string UniqueTempName(const std::string& prefix) {
  static std::atomic<int64_t> counter{0};
  return "__ingot_" + prefix + "_" + std::to_string(counter.fetch_add(1));
}

TempTables::~TempTables() {
  for (const std::string& name : names_) {
    (void)con_->Execute("DROP TABLE IF EXISTS " + QuoteIdentifier(name));
  }
}

std::string TempTables::NewName(const std::string& prefix) {
  names_.push_back(UniqueTempName(prefix));
  return names_.back();
}

std::vector<const Add*> FilesAt(const Snapshot& snapshot, const std::vector<size_t>& indexes) {
  std::vector<const Add*> out;
  out.reserve(indexes.size());
  for (size_t index : indexes) out.push_back(&snapshot.files()[index]);
  return out;
}

Result<std::map<std::string, size_t>> PathIndex(const std::string& root, const Snapshot& snapshot) {
  std::map<std::string, size_t> out;
  for (size_t i = 0; i < snapshot.files().size(); ++i) {
    INGOT_ASSIGN_OR_RAISE(std::string path, snapshot.files()[i].LocalPath(root));
    out[path] = i;
  }
  return out;
}

Result<std::map<size_t, int64_t>> MatchingRowsPerFile(
    duck::Connection* con, const std::string& root, const Snapshot& snapshot,
    const std::vector<size_t>& files, const std::string& predicate, const std::string& operation) {
  std::map<size_t, int64_t> out;
  if (files.empty()) return out;
  TempTables temps(con);
  INGOT_ASSIGN_OR_RAISE(std::string scan,
                        LiveFileScanSql(con, &temps, root, snapshot.schema(),
                                        snapshot.partition_columns(), FilesAt(snapshot, files)));
  INGOT_ASSIGN_OR_RAISE(auto index, PathIndex(root, snapshot));
  auto result =
      con->Query("SELECT " + std::string(kPathColumn) + ", count(*) FROM (" + scan + ") WHERE " +
                 (predicate.empty() ? "true" : "(" + predicate + ")") + " GROUP BY 1");
  if (!result.ok()) {
    return Status::InvalidArgument(operation, " on table ", root, ": predicate '", predicate,
                                   "' failed: ", result.status().message());
  }
  while (true) {
    INGOT_ASSIGN_OR_RAISE(auto chunk, (*result)->Next());
    if (chunk == nullptr) break;
    for (size_t row = 0; row < chunk->size(); ++row) {
      std::string path(chunk->GetString(0, row));
      auto it = index.find(path);
      if (it == index.end()) {
        return Status::Internal(operation, " on table ", root, ": scanned file '", path,
                                "' is not among the table's files");
      }
      out[it->second] = chunk->GetInt64(1, row);
    }
  }
  return out;
}

Result<std::vector<Add>> WriteRows(duck::Connection* con, const std::string& root,
                                   const Snapshot& snapshot, const std::string& rows_sql,
                                   int64_t target_file_size, Clock* clock) {
  DataWriteOptions write{.table_root = root,
                         .source_sql = rows_sql,
                         .schema = snapshot.schema(),
                         .partition_columns = snapshot.partition_columns(),
                         .target_file_size = target_file_size,
                         .clock = clock};
  return WriteDataFiles(con, write);
}

void DiscardPlanFiles(const std::string& root, const RewritePlan& plan) {
  DeleteDataFiles(root, plan.adds);
  std::error_code ignored;
  for (const AddCDCFile& cdc : plan.cdc) {
    auto path = DecodeLogPath(cdc.path);
    if (path.ok()) std::filesystem::remove(JoinPath(root, *path), ignored);
  }
  DiscardDeletionVectors(plan.deletion_vectors);
}

Result<int64_t> CommitRewrite(duck::Connection* con, const std::string& root,
                              const Snapshot& snapshot, const RewritePlan& plan,
                              CommitRequest request, const CommitOptions& options) {
  Clock* clock = options.clock != nullptr ? options.clock : SystemClock::Default();
  int64_t now = clock->NowMillis();
  request.read_version = snapshot.version();
  auto remove = [&](size_t index) {
    request.actions.push_back(snapshot.files()[index].ToRemove(now));
    request.read_set.files.insert(snapshot.files()[index].path);
  };
  for (size_t index : plan.removed) remove(index);
  for (size_t index : plan.deletion_vectors.removed) remove(index);
  for (size_t index : plan.deletion_vectors.replaced) remove(index);
  for (const Add& add : plan.adds) request.actions.push_back(add);
  for (const Add& add : plan.deletion_vectors.adds) request.actions.push_back(add);
  for (const AddCDCFile& cdc : plan.cdc) request.actions.push_back(cdc);
  Status valid = CheckWrittenFilesSatisfyConstraints(
      con, root, snapshot.metadata(), plan.schema.value_or(snapshot.schema()), plan.adds);
  if (!valid.ok()) {
    DiscardPlanFiles(root, plan);
    return valid;
  }
  auto fs = std::make_shared<storage::LocalFileSystem>();
  LogStore store(fs, root);
  auto committed = Commit(store, std::move(request), options);
  if (!committed.ok()) {
    DiscardPlanFiles(root, plan);
    return committed.status();
  }
  MaybeCheckpoint(con, store, *fs, root, snapshot, committed->version);
  return committed->version;
}

Result<std::map<size_t, std::vector<uint64_t>>> RowPositions(duck::Connection* con,
                                                             const std::string& root,
                                                             const Snapshot& snapshot,
                                                             const std::string& positions_sql,
                                                             const std::string& operation) {
  INGOT_ASSIGN_OR_RAISE(auto index, PathIndex(root, snapshot));
  // Sorted and deduplicated here, per file: cheaper than DISTINCT and ORDER BY over the paths.
  INGOT_ASSIGN_OR_RAISE(auto result, con->Query(positions_sql));
  std::map<size_t, std::vector<uint64_t>> out;
  std::string last_path;
  std::vector<uint64_t>* rows = nullptr;
  while (true) {
    INGOT_ASSIGN_OR_RAISE(auto chunk, result->Next());
    if (chunk == nullptr) break;
    for (size_t row = 0; row < chunk->size(); ++row) {
      std::string_view path = chunk->GetString(0, row);
      if (rows == nullptr || path != last_path) {
        last_path = std::string(path);
        auto it = index.find(last_path);
        if (it == index.end()) {
          return Status::Internal(operation, " on table ", root, ": scanned file '", last_path,
                                  "' is not among the table's files");
        }
        rows = &out[it->second];
      }
      rows->push_back(static_cast<uint64_t>(chunk->GetInt64(1, row)));
    }
  }
  for (auto& [file, positions] : out) {
    std::sort(positions.begin(), positions.end());
    positions.erase(std::unique(positions.begin(), positions.end()), positions.end());
  }
  return out;
}

Result<std::vector<std::pair<std::string, std::string>>> ParseAssignments(
    const std::string& assignments) {
  std::vector<std::string> parts;
  std::string current;
  int depth = 0;
  char quote = 0;
  for (char c : assignments) {
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '(' || c == '[' || c == '{') {
      ++depth;
    } else if (c == ')' || c == ']' || c == '}') {
      --depth;
    } else if (c == ',' && depth == 0) {
      parts.push_back(current);
      current.clear();
      continue;
    }
    current += c;
  }
  parts.push_back(current);
  auto trim = [](std::string s) {
    size_t begin = s.find_first_not_of(" \t\n\r");
    size_t end = s.find_last_not_of(" \t\n\r");
    return begin == std::string::npos ? std::string() : s.substr(begin, end - begin + 1);
  };
  std::vector<std::pair<std::string, std::string>> out;
  for (const std::string& part : parts) {
    size_t eq = part.find('=');
    std::string column = eq == std::string::npos ? "" : trim(part.substr(0, eq));
    std::string expression = eq == std::string::npos ? "" : trim(part.substr(eq + 1));
    if (column.size() >= 2 && column.front() == '"' && column.back() == '"') {
      column = column.substr(1, column.size() - 2);
    }
    if (column.empty() || expression.empty() || expression.front() == '=' ||
        column.find_first_of("<>!") != std::string::npos) {
      return Status::InvalidArgument("assignment '", trim(part),
                                     "' is not of the form column = expression");
    }
    out.emplace_back(std::move(column), std::move(expression));
  }
  return out;
}

}  // namespace ingot::delta::dml
