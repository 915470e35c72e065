#include "delta/ops/merge_table.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>
#include <utility>

#include "common/macros.h"
#include "delta/log/file_stats.h"
#include "delta/log/json_writer.h"
#include "delta/ops/change_data_writer.h"
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

using duck::QuoteIdentifier;
using duck::QuoteLiteral;

constexpr char kSid[] = "__ingot_sid";
// Columns of the merge-on-read join table: the matched source row's kSid, and whether the target
// row changes.
constexpr char kMatchedSid[] = "__ingot_msid";
constexpr char kHit[] = "__ingot_hit";

bool HasTimestampNtz(const DataType& schema) {
  for (const StructField& f : schema.fields()) {
    if (f.type.kind() == TypeKind::kTimestampNtz) return true;
  }
  return false;
}

bool Contains(const std::vector<std::string>& names, const std::string& name) {
  for (const std::string& n : names) {
    if (n == name) return true;
  }
  return false;
}

// Key types whose add.stats min/max can prune files.
bool HasUsableBounds(const DataType& type) {
  switch (type.kind()) {
    case TypeKind::kString:
    case TypeKind::kLong:
    case TypeKind::kInteger:
    case TypeKind::kShort:
    case TypeKind::kByte:
    case TypeKind::kDecimal:
    case TypeKind::kDate:
    case TypeKind::kTimestamp:
    case TypeKind::kTimestampNtz:
      return true;
    default:
      return false;
  }
}

std::string OnClause(const std::vector<std::string>& keys) {
  std::string on;
  for (const std::string& key : keys) {
    if (!on.empty()) on += " AND ";
    on += "target." + QuoteIdentifier(key) + " = source." + QuoteIdentifier(key);
  }
  return on;
}

Status ValidateOptions(const MergeTableOptions& options, const DataType& table,
                       const DataType& source) {
  if (options.keys.empty()) {
    return Status::InvalidArgument("MERGE into ", options.table_root, " needs at least one key");
  }
  for (const std::string& key : options.keys) {
    if (table.FindField(key) == nullptr) {
      return Status::InvalidArgument("MERGE key '", key, "' is not a column of table ",
                                     options.table_root);
    }
    if (source.FindField(key) == nullptr) {
      return Status::InvalidArgument("MERGE key '", key, "' is not a column of the source query");
    }
  }
  if (!options.sequence_by.empty() && source.FindField(options.sequence_by) == nullptr) {
    return Status::InvalidArgument("sequence_by column '", options.sequence_by,
                                   "' is not a column of the source query");
  }
  for (const StructField& field : source.fields()) {
    if (field.name.starts_with("__ingot_")) {
      return Status::InvalidArgument("source column '", field.name,
                                     "' uses the reserved prefix __ingot_");
    }
  }
  return Status::OK();
}

// Materialises the (deduplicated) source into temp table `name` with a row id column kSid.
Status MaterialiseSource(duck::Connection* con, const MergeTableOptions& options,
                         const std::string& name) {
  std::string keys;
  std::string any_null;
  for (const std::string& key : options.keys) {
    keys += (keys.empty() ? "" : ", ") + QuoteIdentifier(key);
    any_null += (any_null.empty() ? "" : " OR ") + QuoteIdentifier(key) + " IS NULL";
  }
  std::string rows = "SELECT * FROM (" + options.source_sql + ") AS __ingot_source";
  if (!options.sequence_by.empty()) {
    // Rows with a null key never match: all of them stay (and are inserted).
    rows += " QUALIFY " + any_null + " OR row_number() OVER (PARTITION BY " + keys + " ORDER BY " +
            QuoteIdentifier(options.sequence_by) + " DESC NULLS LAST) = 1";
  }
  INGOT_RETURN_NOT_OK(con->Execute("CREATE TEMP TABLE " + QuoteIdentifier(name) +
                                   " AS SELECT *, row_number() OVER () AS " + kSid + " FROM (" +
                                   rows + ")"));
  if (!options.sequence_by.empty()) return Status::OK();
  std::string shown;
  for (const std::string& key : options.keys) {
    shown += std::string(shown.empty() ? "" : " || ', ' || ") +
             QuoteLiteral(QuoteIdentifier(key) + "=") + " || CAST(" + QuoteIdentifier(key) +
             " AS VARCHAR)";
  }
  auto duplicate = con->QueryScalar("SELECT " + shown + " FROM " + QuoteIdentifier(name) +
                                    " WHERE NOT (" + any_null + ") GROUP BY " + keys +
                                    " HAVING count(*) > 1 ORDER BY ALL LIMIT 1");
  if (duplicate.ok()) {
    return Status::InvalidArgument("MERGE into ", options.table_root,
                                   ": the source has several rows for key (", *duplicate,
                                   "); deduplicate it or give sequence_by to keep the latest");
  }
  if (duplicate.status().code() != StatusCode::kNotFound) return duplicate.status();
  return Status::OK();
}

// Indexes of the files that may hold a row matching a source key: the partition columns among
// the keys must equal a source row's, and each other key must lie within the file's min/max.
Result<std::vector<size_t>> CandidateFiles(duck::Connection* con, const Snapshot& snapshot,
                                           const MergeTableOptions& options,
                                           const std::string& source) {
  std::vector<size_t> all;
  for (size_t i = 0; i < snapshot.files().size(); ++i) all.push_back(i);
  if (options.when_not_matched_by_source == NotMatchedBySourceAction::kDelete || all.empty()) {
    return all;
  }
  std::vector<std::string> partition_keys;
  std::vector<std::string> bound_keys;
  for (const std::string& key : options.keys) {
    if (Contains(snapshot.partition_columns(), key)) {
      partition_keys.push_back(key);
    } else if (HasUsableBounds(snapshot.schema().FindField(key)->type)) {
      bound_keys.push_back(key);
    }
  }
  if (partition_keys.empty() && bound_keys.empty()) return all;

  std::string names = "__ingot_idx";
  std::string typed = "__ingot_idx";
  std::string exists;
  for (size_t k = 0; k < partition_keys.size(); ++k) {
    INGOT_ASSIGN_OR_RAISE(std::string type,
                          DuckTypeFromDelta(snapshot.schema().FindField(partition_keys[k])->type));
    std::string col = "__ingot_p" + std::to_string(k);
    names += ", " + col;
    typed += ", CAST(" + col + " AS " + type + ") AS " + col;
    exists += std::string(exists.empty() ? "" : " AND ") + "f." + col + " = s." +
              QuoteIdentifier(partition_keys[k]);
  }
  for (size_t k = 0; k < bound_keys.size(); ++k) {
    const std::string key = QuoteIdentifier(bound_keys[k]);
    INGOT_ASSIGN_OR_RAISE(std::string type,
                          DuckTypeFromDelta(snapshot.schema().FindField(bound_keys[k])->type));
    std::string lo = "__ingot_lo" + std::to_string(k);
    std::string hi = "__ingot_hi" + std::to_string(k);
    names += ", " + lo + ", " + hi;
    // A missing bound becomes the source's own extreme: it then excludes nothing.
    typed += ", coalesce(TRY_CAST(json_extract_string(" + lo + ", '$') AS " + type +
             "), (SELECT min(" + key + ") FROM " + QuoteIdentifier(source) + ")) AS " + lo;
    typed += ", coalesce(TRY_CAST(json_extract_string(" + hi + ", '$') AS " + type +
             "), (SELECT max(" + key + ") FROM " + QuoteIdentifier(source) + ")) AS " + hi;
    exists += std::string(exists.empty() ? "" : " AND ") + "s." + key + " >= f." + lo + " AND s." +
              key + " <= f." + hi;
  }
  std::string values;
  for (size_t i = 0; i < snapshot.files().size(); ++i) {
    const Add& add = snapshot.files()[i];
    values += (i > 0 ? ", (" : "(") + std::to_string(i);
    for (const std::string& column : partition_keys) {
      auto it = add.partition_values.find(column);
      bool null = it == add.partition_values.end() || !it->second || it->second->empty();
      values += ", " + (null ? std::string("NULL") : QuoteLiteral(*it->second));
    }
    std::optional<FileStats> stats;
    if (add.stats) {
      auto parsed = FileStats::Parse(*add.stats);
      if (parsed.ok()) stats = std::move(*parsed);
    }
    for (const std::string& key : bound_keys) {
      const ColumnStats* column = stats ? stats->Find({key}) : nullptr;
      bool usable = column != nullptr && column->min && column->max;
      values += ", " + (usable ? QuoteLiteral(*column->min) : std::string("NULL"));
      values += ", " + (usable ? QuoteLiteral(*column->max) : std::string("NULL"));
    }
    values += ")";
  }
  std::string sql = "SELECT f.__ingot_idx FROM (SELECT " + typed + " FROM (VALUES " + values +
                    ") AS __ingot_v(" + names + ")) AS f WHERE EXISTS (SELECT 1 FROM " +
                    QuoteIdentifier(source) + " AS s WHERE " + exists + ") ORDER BY 1";
  INGOT_ASSIGN_OR_RAISE(auto result, con->Query(sql));
  std::vector<size_t> candidates;
  while (true) {
    INGOT_ASSIGN_OR_RAISE(auto chunk, result->Next());
    if (chunk == nullptr) break;
    for (size_t row = 0; row < chunk->size(); ++row) {
      candidates.push_back(static_cast<size_t>(chunk->GetInt64(0, row)));
    }
  }
  return candidates;
}

// The read set: the files read plus, when partition columns are among the keys, the partitions
// the source names; otherwise the whole table.
Result<ReadSet> MergeReadSet(duck::Connection* con, const Snapshot& snapshot,
                             const MergeTableOptions& options, const std::string& source,
                             const std::vector<const Add*>& read) {
  ReadSet read_set;
  for (const Add* add : read) read_set.files.insert(add->path);
  std::vector<std::string> partition_keys;
  for (const std::string& key : options.keys) {
    if (Contains(snapshot.partition_columns(), key)) partition_keys.push_back(key);
  }
  if (options.when_not_matched_by_source == NotMatchedBySourceAction::kDelete ||
      partition_keys.empty()) {
    read_set.whole_table = true;
    return read_set;
  }
  std::string select;
  std::string not_null;
  for (const std::string& key : partition_keys) {
    const DataType& type = snapshot.schema().FindField(key)->type;
    INGOT_ASSIGN_OR_RAISE(std::string duck_type, DuckTypeFromDelta(type));
    INGOT_ASSIGN_OR_RAISE(
        std::string expr,
        PartitionValueExpression("CAST(" + QuoteIdentifier(key) + " AS " + duck_type + ")", type));
    select += std::string(select.empty() ? "" : ", ") + "nullif(" + expr + ", '')";
    not_null +=
        std::string(not_null.empty() ? "" : " AND ") + QuoteIdentifier(key) + " IS NOT NULL";
  }
  INGOT_ASSIGN_OR_RAISE(auto result, con->Query("SELECT DISTINCT " + select + " FROM " +
                                                QuoteIdentifier(source) + " WHERE " + not_null));
  while (true) {
    INGOT_ASSIGN_OR_RAISE(auto chunk, result->Next());
    if (chunk == nullptr) break;
    for (size_t row = 0; row < chunk->size(); ++row) {
      PartitionValues entry;
      for (size_t k = 0; k < partition_keys.size(); ++k) {
        if (chunk->IsNull(k, row)) {
          entry[partition_keys[k]] = std::nullopt;
        } else {
          entry[partition_keys[k]] = std::string(chunk->GetString(k, row));
        }
      }
      read_set.partitions.push_back(std::move(entry));
    }
  }
  return read_set;
}

// "[{\"predicate\":\"...\",\"actionType\":\"update\"}]" as Spark's matchedPredicates etc.
std::string PredicatesJson(const std::string& action, const std::string& predicate) {
  if (action.empty()) return QuoteJsonString("[]");
  std::string inner = "[{";
  if (!predicate.empty()) inner += "\"predicate\":" + QuoteJsonString(predicate) + ",";
  inner += "\"actionType\":\"" + action + "\"}]";
  return QuoteJsonString(inner);
}

const char* MatchedName(MatchedAction action) {
  switch (action) {
    case MatchedAction::kUpdate:
      return "update";
    case MatchedAction::kDelete:
      return "delete";
    case MatchedAction::kIgnore:
      return "";
  }
  return "";
}

// The change data of a MERGE: from `joined` (target rows joined with their source row) the
// updated rows' pre-images, `updated_rows` as post-images, the deleted rows, and `inserts`.
Result<std::vector<AddCDCFile>> WriteMergeChanges(duck::Connection* con,
                                                  const MergeTableOptions& options,
                                                  const Snapshot& snapshot, const DataType& schema,
                                                  const std::string& joined,
                                                  const std::string& updated_rows,
                                                  const std::string& inserts, Clock* clock) {
  std::vector<std::string> changes;
  const std::string from = " FROM " + QuoteIdentifier(joined) + " WHERE " + kHit + " AND ";
  const std::string matched = std::string(kMatchedSid) + " IS NOT NULL";
  if (!updated_rows.empty()) {
    changes.push_back(dml::WithChangeType("SELECT *" + from + matched, "update_preimage"));
    changes.push_back(dml::WithChangeType(updated_rows, "update_postimage"));
  }
  changes.push_back(dml::WithChangeType(
      "SELECT *" + from +
          (options.when_matched == MatchedAction::kDelete ? "true" : "NOT (" + matched + ")"),
      "delete"));
  if (!inserts.empty()) changes.push_back(dml::WithChangeType(inserts, "insert"));
  std::string rows = "(" + changes[0] + ")";
  for (size_t i = 1; i < changes.size(); ++i) rows += " UNION ALL BY NAME (" + changes[i] + ")";
  return dml::WriteChangeData(con, options.table_root, schema, snapshot.partition_columns(), rows,
                              clock);
}

}  // namespace

Result<MergeTableResult> MergeTable(duck::Connection* con, const MergeTableOptions& options) {
  auto fs = std::make_shared<storage::LocalFileSystem>();
  LogStore store(fs, options.table_root);
  INGOT_ASSIGN_OR_RAISE(auto snapshot, LoadSnapshot(store, con));
  INGOT_RETURN_NOT_OK(CheckWritable(*snapshot, options.table_root));
  MergeTableResult out;
  out.version = snapshot->version();
  out.files_total = static_cast<int64_t>(snapshot->files().size());
  if (options.txn) {
    std::optional<int64_t> done = snapshot->TxnVersion(options.txn->app_id);
    if (done && *done >= options.txn->version) {
      out.skipped = true;
      return out;
    }
  }
  INGOT_ASSIGN_OR_RAISE(DataType source_schema, SchemaOfQuery(con, options.source_sql,
                                                              HasTimestampNtz(snapshot->schema())));
  INGOT_RETURN_NOT_OK(ValidateOptions(options, snapshot->schema(), source_schema));
  INGOT_ASSIGN_OR_RAISE(DataType schema,
                        ReconcileSchemas(snapshot->schema(), source_schema, options.merge_schema));
  Clock* clock = options.commit.clock != nullptr ? options.commit.clock : SystemClock::Default();

  dml::TempTables temps(con);
  const std::string source = temps.NewName("merge_source");
  const std::string hits = temps.NewName("merge_hits");
  INGOT_RETURN_NOT_OK(MaterialiseSource(con, options, source));
  INGOT_ASSIGN_OR_RAISE(std::string source_rows,
                        con->QueryScalar("SELECT count(*) FROM " + QuoteIdentifier(source)));

  INGOT_ASSIGN_OR_RAISE(std::vector<size_t> candidates,
                        CandidateFiles(con, *snapshot, options, source));
  std::vector<const Add*> read = dml::FilesAt(*snapshot, candidates);
  out.files_scanned = static_cast<int64_t>(read.size());

  // Which target rows match, and which of them change: one pass over the candidate files.
  const bool nmbs_delete = options.when_not_matched_by_source == NotMatchedBySourceAction::kDelete;
  const std::string on = OnClause(options.keys);
  const std::string matched = "source." + std::string(kSid) + " IS NOT NULL";
  const std::string condition = options.matched_condition.empty()
                                    ? "true"
                                    : "coalesce((" + options.matched_condition + "), false)";
  std::string hit = options.when_matched == MatchedAction::kIgnore
                        ? std::string("false")
                        : "(" + matched + " AND " + condition + ")";
  if (nmbs_delete) hit = "(" + hit + " OR source." + kSid + " IS NULL)";
  const bool write_dvs = dml::WritesDeletionVectors(*snapshot);
  const bool write_cdc = dml::WritesChangeData(*snapshot);
  INGOT_ASSIGN_OR_RAISE(std::string scan_read,
                        dml::LiveFileScanSql(con, &temps, options.table_root, schema,
                                             snapshot->partition_columns(), read));
  const std::string join = " FROM (" + scan_read + ") AS target " +
                           (nmbs_delete ? "LEFT" : "INNER") + " JOIN " + QuoteIdentifier(source) +
                           " AS source ON " + on;
  // Merge-on-read and change data keep the joined target rows (with their positions) for the
  // steps below.
  const std::string joined = write_dvs || write_cdc ? temps.NewName("merge_joined") : "";
  if (!joined.empty()) {
    INGOT_RETURN_NOT_OK(con->Execute("CREATE TEMP TABLE " + QuoteIdentifier(joined) +
                                     " AS SELECT target.*, source." + kSid + " AS " + kMatchedSid +
                                     ", " + hit + " AS " + kHit + join));
    INGOT_RETURN_NOT_OK(con->Execute("CREATE TEMP TABLE " + QuoteIdentifier(hits) + " AS SELECT " +
                                     dml::kPathColumn + " AS path, " + kMatchedSid +
                                     " AS sid, bool_or(" + kHit + ") AS hit, count(*) AS n FROM " +
                                     QuoteIdentifier(joined) + " GROUP BY ALL"));
  } else {
    INGOT_RETURN_NOT_OK(con->Execute("CREATE TEMP TABLE " + QuoteIdentifier(hits) +
                                     " AS SELECT target." + dml::kPathColumn + " AS path, source." +
                                     kSid + " AS sid, bool_or(" + hit + ") AS hit, count(*) AS n" +
                                     join + " GROUP BY ALL"));
  }

  INGOT_ASSIGN_OR_RAISE(
      auto counts,
      con->Query(
          "SELECT CAST(coalesce(sum(n) FILTER (WHERE sid IS NOT NULL AND hit), 0) AS BIGINT), "
          "CAST(coalesce(sum(n) FILTER (WHERE sid IS NULL AND hit), 0) AS BIGINT) FROM " +
          QuoteIdentifier(hits)));
  INGOT_ASSIGN_OR_RAISE(auto count_chunk, counts->Next());
  const int64_t matched_changed = count_chunk->GetInt64(0, 0);
  const int64_t unmatched_deleted = count_chunk->GetInt64(1, 0);
  if (options.when_matched == MatchedAction::kUpdate) out.rows_updated = matched_changed;
  if (options.when_matched == MatchedAction::kDelete) out.rows_deleted = matched_changed;
  out.rows_deleted += unmatched_deleted;

  INGOT_ASSIGN_OR_RAISE(auto path_index, dml::PathIndex(options.table_root, *snapshot));
  std::vector<size_t> touched;
  {
    INGOT_ASSIGN_OR_RAISE(auto paths, con->Query("SELECT DISTINCT path FROM " +
                                                 QuoteIdentifier(hits) + " WHERE hit"));
    while (true) {
      INGOT_ASSIGN_OR_RAISE(auto chunk, paths->Next());
      if (chunk == nullptr) break;
      for (size_t row = 0; row < chunk->size(); ++row) {
        std::string path(chunk->GetString(0, row));
        auto it = path_index.find(path);
        if (it == path_index.end()) {
          return Status::Internal("MERGE into ", options.table_root, ": scanned file '", path,
                                  "' is not among the table's files");
        }
        touched.push_back(it->second);
      }
    }
  }
  std::sort(touched.begin(), touched.end());
  if (!touched.empty() && snapshot->Config("delta.appendOnly") == "true") {
    return Status::InvalidArgument("table ", options.table_root,
                                   " is append-only (delta.appendOnly=true): MERGE may only "
                                   "insert, but it would update or delete rows");
  }

  // The new files: the touched files' surviving rows (merge-on-read: only the updated rows) and
  // the inserted source rows.
  std::vector<std::string> parts;
  const std::string changed = "(" + matched + " AND " + condition + ")";
  std::string cow_select;  // copy-on-write: every row of a touched file
  std::string updated_select;
  for (const StructField& field : schema.fields()) {
    const std::string name = QuoteIdentifier(field.name);
    cow_select += cow_select.empty() ? "" : ", ";
    updated_select += updated_select.empty() ? "" : ", ";
    if (options.when_matched == MatchedAction::kUpdate &&
        source_schema.FindField(field.name) != nullptr) {
      cow_select += "CASE WHEN " + changed + " THEN source." + name + " ELSE target." + name +
                    " END AS " + name;
      updated_select += "source." + name;
    } else {
      cow_select += "target." + name;
      updated_select += "target." + name;
    }
  }
  // The updated rows, from the joined table.
  const std::string updated_rows =
      options.when_matched != MatchedAction::kUpdate || joined.empty()
          ? ""
          : "SELECT " + updated_select + " FROM " + QuoteIdentifier(joined) + " AS target JOIN " +
                QuoteIdentifier(source) + " AS source ON source." + kSid + " = target." +
                kMatchedSid + " WHERE target." + kHit;
  if (write_dvs) {
    if (!updated_rows.empty()) parts.push_back(updated_rows);
  } else if (!touched.empty()) {
    INGOT_ASSIGN_OR_RAISE(
        std::string scan_touched,
        dml::LiveFileScanSql(con, &temps, options.table_root, schema, snapshot->partition_columns(),
                             dml::FilesAt(*snapshot, touched)));
    std::string deleted = "false";
    if (options.when_matched == MatchedAction::kDelete) deleted = changed;
    if (nmbs_delete) deleted += " OR source." + std::string(kSid) + " IS NULL";
    parts.push_back("SELECT " + cow_select + " FROM (" + scan_touched + ") AS target LEFT JOIN " +
                    QuoteIdentifier(source) + " AS source ON " + on + " WHERE NOT coalesce(" +
                    deleted + ", false)");
  }
  std::string inserts;
  if (options.when_not_matched == NotMatchedAction::kInsert) {
    inserts = "SELECT * EXCLUDE (" + std::string(kSid) + ") FROM " + QuoteIdentifier(source) +
              " AS source WHERE NOT EXISTS (SELECT 1 FROM " + QuoteIdentifier(hits) +
              " AS h WHERE h.sid = source." + kSid + ")";
    INGOT_ASSIGN_OR_RAISE(std::string inserted,
                          con->QueryScalar("SELECT count(*) FROM (" + inserts + ")"));
    out.rows_inserted = std::strtoll(inserted.c_str(), nullptr, 10);
    if (out.rows_inserted > 0) parts.push_back(inserts);
    if (out.rows_inserted == 0) inserts.clear();
  }
  dml::RewritePlan plan;
  if (!parts.empty()) {
    std::string rows = "(" + parts[0] + ")";
    for (size_t i = 1; i < parts.size(); ++i) rows += " UNION ALL BY NAME (" + parts[i] + ")";
    DataWriteOptions write{.table_root = options.table_root,
                           .source_sql = rows,
                           .schema = schema,
                           .partition_columns = snapshot->partition_columns(),
                           .target_file_size = options.target_file_size,
                           .clock = clock};
    INGOT_ASSIGN_OR_RAISE(plan.adds, WriteDataFiles(con, write));
  }
  if (write_dvs) {
    auto positions =
        dml::RowPositions(con, options.table_root, *snapshot,
                          "SELECT " + std::string(dml::kPathColumn) + ", " + dml::kRowColumn +
                              " FROM " + QuoteIdentifier(joined) + " WHERE " + kHit,
                          "MERGE");
    Result<dml::DeletionVectorUpdate> dvs =
        positions.ok() ? dml::WriteDeletionVectors(con, options.table_root, *snapshot, *positions)
                       : Result<dml::DeletionVectorUpdate>(positions.status());
    if (!dvs.ok()) {
      dml::DeleteDataFiles(options.table_root, plan.adds);
      return dvs.status();
    }
    plan.deletion_vectors = std::move(*dvs);
  } else {
    plan.removed = touched;
  }
  if (write_cdc) {
    auto cdc =
        WriteMergeChanges(con, options, *snapshot, schema, joined, updated_rows, inserts, clock);
    if (!cdc.ok()) {
      dml::DiscardPlanFiles(options.table_root, plan);
      return cdc.status();
    }
    plan.cdc = std::move(*cdc);
  }
  int64_t rows_written = 0;
  for (const Add& add : plan.adds) rows_written += dml::NumRecords(add).value_or(0);
  out.rows_copied = rows_written - out.rows_inserted - out.rows_updated;
  out.files_added = static_cast<int64_t>(plan.adds.size());
  out.files_removed =
      static_cast<int64_t>(plan.removed.size() + plan.deletion_vectors.removed.size());
  out.deletion_vectors_added = static_cast<int64_t>(plan.deletion_vectors.adds.size());

  CommitRequest request;
  request.read_version = snapshot->version();
  if (!options.domains.empty()) {
    if (auto upgraded = WithWriterFeature(snapshot->protocol(), "domainMetadata")) {
      request.actions.push_back(*upgraded);
    }
  }
  if (!(schema == snapshot->schema())) {
    Metadata metadata = snapshot->metadata();
    metadata.schema_string = SerializeDataType(schema);
    request.actions.push_back(metadata);
  }
  for (const DomainMetadata& domain : options.domains) request.actions.push_back(domain);
  request.txn = options.txn;
  request.operation = "MERGE";
  INGOT_ASSIGN_OR_RAISE(request.read_set, MergeReadSet(con, *snapshot, options, source, read));
  std::string predicate;
  for (const std::string& key : options.keys) {
    predicate +=
        (predicate.empty() ? "" : " AND ") + std::string("target.") + key + " = source." + key;
  }
  request.operation_parameters = {
      {"predicate", QuoteJsonString(predicate)},
      {"matchedPredicates",
       PredicatesJson(MatchedName(options.when_matched), options.matched_condition)},
      {"notMatchedPredicates",
       PredicatesJson(options.when_not_matched == NotMatchedAction::kInsert ? "insert" : "", "")},
      {"notMatchedBySourcePredicates", PredicatesJson(nmbs_delete ? "delete" : "", "")}};
  request.operation_metrics = {
      {"numSourceRows", "\"" + source_rows + "\""},
      {"numTargetRowsInserted", dml::MetricJson(out.rows_inserted)},
      {"numTargetRowsUpdated", dml::MetricJson(out.rows_updated)},
      {"numTargetRowsDeleted", dml::MetricJson(out.rows_deleted)},
      {"numTargetRowsCopied", dml::MetricJson(out.rows_copied)},
      {"numOutputRows", dml::MetricJson(rows_written)},
      {"numTargetFilesBeforeSkipping", dml::MetricJson(out.files_total)},
      {"numTargetFilesAfterSkipping", dml::MetricJson(out.files_scanned)},
      {"numTargetFilesAdded", dml::MetricJson(out.files_added)},
      {"numTargetFilesRemoved", dml::MetricJson(out.files_removed)},
      {"numTargetDeletionVectorsAdded", dml::MetricJson(out.deletion_vectors_added)}};
  if (!(schema == snapshot->schema())) plan.schema = schema;
  INGOT_ASSIGN_OR_RAISE(out.version, dml::CommitRewrite(con, options.table_root, *snapshot, plan,
                                                        std::move(request), options.commit));
  return out;
}

}  // namespace ingot::delta
