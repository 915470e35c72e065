#include "delta/ops/merge_table.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>
#include <utility>

#include "common/ascii.h"
#include "common/macros.h"
#include "common/step_timer.h"
#include "delta/log/file_stats.h"
#include "delta/log/json_writer.h"
#include "delta/ops/change_data_writer.h"
#include "delta/ops/create_table.h"
#include "delta/ops/data_writer.h"
#include "delta/ops/deletion_vector_writer.h"
#include "delta/ops/dml_internal.h"
#include "delta/ops/merge_internal.h"
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

// The source row id column when the source has a column named rowid (see MaterialiseSource).
constexpr char kSid[] = "__ingot_sid";
// Columns of the join table: the matched source row's id, and whether the target row changes.
constexpr char kMatchedSid[] = "__ingot_msid";
constexpr char kHit[] = "__ingot_hit";

// The column of the join table holding column i's value in an updated row.
std::string ValueColumn(size_t i) { return "__ingot_v" + std::to_string(i); }

// Turns DuckDB's preserve_insertion_order off until Restore or destruction. No statement of a
// MERGE needs it (its temp tables and new files hold sets of rows), and with it on DuckDB inserts
// a join's output and writes the new files in one thread.
class InsertionOrderOff {
 public:
  explicit InsertionOrderOff(duck::Connection* con) : con_(con) {
    auto current = con_->QueryScalar("SELECT current_setting('preserve_insertion_order')");
    if (current.ok() && *current == "true" &&
        con_->Execute("SET preserve_insertion_order = false").ok()) {
      restore_ = true;
    }
  }
  ~InsertionOrderOff() { Restore(); }
  InsertionOrderOff(const InsertionOrderOff&) = delete;
  InsertionOrderOff& operator=(const InsertionOrderOff&) = delete;
  void Restore() {
    if (restore_) (void)con_->Execute("SET preserve_insertion_order = true");
    restore_ = false;
  }

 private:
  duck::Connection* con_;
  bool restore_ = false;
};

bool HasTimestampNtz(const DataType& schema) {
  for (const StructField& f : schema.fields()) {
    if (f.type.kind() == TypeKind::kTimestampNtz) return true;
  }
  return false;
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

// Whether the single integer key of the source in temp table `name` is unique, told cheaply:
// a bitmap of its range holds as many bits as the source has keys. False when that cannot tell
// (several keys, another type, a range too wide): the GROUP BY check follows.
Result<bool> IntegerKeyIsUnique(duck::Connection* con, const MergeTableOptions& options,
                                const DataType& source_schema, const std::string& name) {
  if (options.keys.size() != 1) return false;
  switch (source_schema.FindField(options.keys[0])->type.kind()) {
    case TypeKind::kLong:
    case TypeKind::kInteger:
    case TypeKind::kShort:
    case TypeKind::kByte:
      break;
    default:
      return false;
  }
  const std::string key = "CAST(" + QuoteIdentifier(options.keys[0]) + " AS BIGINT)";
  INGOT_ASSIGN_OR_RAISE(auto bounds,
                        con->Query("SELECT min(" + key + "), max(" + key + "), count(" + key +
                                   ") FROM " + QuoteIdentifier(name)));
  INGOT_ASSIGN_OR_RAISE(auto chunk, bounds->Next());
  if (chunk == nullptr || chunk->IsNull(0, 0)) return true;  // no non-null key
  const int64_t lo = chunk->GetInt64(0, 0);
  const int64_t hi = chunk->GetInt64(1, 0);
  const int64_t keys = chunk->GetInt64(2, 0);
  // At most 2^27 bits (16 MB) per bitmap.
  if (static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo) >= (uint64_t{1} << 27)) return false;
  INGOT_ASSIGN_OR_RAISE(
      std::string bits,
      con->QueryScalar("SELECT bit_count(bitstring_agg(" + key + ", " + std::to_string(lo) + ", " +
                       std::to_string(hi) + ")) FROM " + QuoteIdentifier(name) + " WHERE " + key +
                       " IS NOT NULL"));
  return std::strtoll(bits.c_str(), nullptr, 10) == keys;
}

// Materialises the (deduplicated) source into temp table `name` and returns the column that
// identifies its rows: the table's rowid (free: row_number() OVER () would number the rows in
// one thread, most of a MERGE's time on a large source), or kSid when the source has a column
// of that name.
Result<std::string> MaterialiseSource(duck::Connection* con, const MergeTableOptions& options,
                                      const DataType& source_schema, const std::string& name) {
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
  bool has_rowid = false;
  for (const StructField& field : source_schema.fields()) {
    has_rowid = has_rowid || EqualsIgnoreCase(field.name, "rowid");
  }
  const std::string sid = has_rowid ? kSid : "rowid";
  INGOT_RETURN_NOT_OK(
      con->Execute("CREATE TEMP TABLE " + QuoteIdentifier(name) + " AS SELECT *" +
                   (has_rowid ? std::string(", row_number() OVER () AS ") + kSid : "") + " FROM (" +
                   rows + ")"));
  if (!options.sequence_by.empty()) return sid;
  INGOT_ASSIGN_OR_RAISE(bool unique, IntegerKeyIsUnique(con, options, source_schema, name));
  if (unique) return sid;
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
  return sid;
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
  StepTimer timer("merge step", options.table_root);
  auto fs = std::make_shared<storage::LocalFileSystem>();
  LogStore store(fs, options.table_root);
  INGOT_ASSIGN_OR_RAISE(auto snapshot, LoadSnapshot(store, con));
  timer.Done("load snapshot");
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
  // UPDATE SET c = expr, ...: the assigned columns' expressions, cast to the column's type.
  std::map<std::string, std::string> assigned;
  if (!options.update_set.empty()) {
    INGOT_ASSIGN_OR_RAISE(auto assignments, dml::ParseAssignments(options.update_set));
    for (const auto& [column, expression] : assignments) {
      const StructField* field = schema.FindField(column);
      if (field == nullptr) {
        return Status::InvalidArgument("MERGE into ", options.table_root, ": update_set column '",
                                       column, "' is not a column of the table");
      }
      INGOT_ASSIGN_OR_RAISE(std::string type, DuckTypeFromDelta(field->type));
      assigned[field->name] = "CAST((" + expression + ") AS " + type + ")";
    }
  }
  timer.Done("source schema");

  dml::TempTables temps(con);
  InsertionOrderOff unordered(con);
  const std::string source = temps.NewName("merge_source");
  const std::string joined = temps.NewName("merge_joined");
  INGOT_ASSIGN_OR_RAISE(const std::string sid,
                        MaterialiseSource(con, options, source_schema, source));
  timer.Done("materialise source");
  INGOT_ASSIGN_OR_RAISE(std::string source_rows,
                        con->QueryScalar("SELECT count(*) FROM " + QuoteIdentifier(source)));

  INGOT_ASSIGN_OR_RAISE(std::vector<size_t> candidates,
                        merge_internal::CandidateFiles(con, *snapshot, options, source));
  timer.Done("candidate files");
  std::vector<const Add*> read = dml::FilesAt(*snapshot, candidates);
  out.files_scanned = static_cast<int64_t>(read.size());

  // Which target rows match, and which of them change: one pass over the candidate files into
  // `joined`, which the steps below read instead of the files.
  const bool nmbs_delete = options.when_not_matched_by_source == NotMatchedBySourceAction::kDelete;
  const std::string on = OnClause(options.keys);
  const std::string matched = "source." + sid + " IS NOT NULL";
  const std::string condition = options.matched_condition.empty()
                                    ? "true"
                                    : "coalesce((" + options.matched_condition + "), false)";
  std::string hit = options.when_matched == MatchedAction::kIgnore
                        ? std::string("false")
                        : "(" + matched + " AND " + condition + ")";
  // Target rows no source row matches that WHEN NOT MATCHED BY SOURCE deletes.
  const std::string unmatched_deleted_sql =
      "(source." + sid + " IS NULL" +
      (options.not_matched_by_source_condition.empty()
           ? std::string()
           : " AND coalesce((" + options.not_matched_by_source_condition + "), false)") +
      ")";
  if (nmbs_delete) hit = "(" + hit + " OR " + unmatched_deleted_sql + ")";
  // A matched row WHEN MATCHED changes.
  const std::string changed = "(" + matched + " AND " + condition + ")";
  const bool write_dvs = dml::WritesDeletionVectors(*snapshot);
  const bool write_cdc = dml::WritesChangeData(*snapshot);
  const bool update = options.when_matched == MatchedAction::kUpdate;
  // Per column of `schema`, its value in an updated row: its SET expression, the source's
  // column (SET *), or the target's.
  std::vector<std::string> values;
  for (const StructField& field : schema.fields()) {
    const std::string name = QuoteIdentifier(field.name);
    std::string value = "target." + name;
    if (update && !assigned.empty()) {
      auto set = assigned.find(field.name);
      if (set != assigned.end()) value = set->second;
    } else if (update && source_schema.FindField(field.name) != nullptr) {
      value = "source." + name;
    }
    values.push_back(std::move(value));
  }
  // Whether column i of an updated row is the source row's column of that name.
  auto from_source = [&](size_t i) {
    return values[i] == "source." + QuoteIdentifier(schema.fields()[i].name);
  };
  // The joined rows name their file by its index in `read` (a string per row would cost more
  // than the join): DuckDB's file_index, or, when a column of that name hides it, from the path.
  bool file_index_hidden = false;
  for (const StructField& field : schema.fields()) {
    file_index_hidden = file_index_hidden || EqualsIgnoreCase(field.name, "file_index");
  }
  INGOT_ASSIGN_OR_RAISE(std::string scan_read,
                        dml::LiveFileScanSql(con, &temps, options.table_root, schema,
                                             snapshot->partition_columns(), read,
                                             /*file_column=*/!file_index_hidden));
  std::string file = "target." + std::string(dml::kFileColumn);
  if (file_index_hidden) {
    file = "CASE target." + std::string(dml::kPathColumn);
    for (size_t i = 0; i < read.size(); ++i) {
      INGOT_ASSIGN_OR_RAISE(std::string path, read[i]->LocalPath(options.table_root));
      file += " WHEN " + QuoteLiteral(path) + " THEN " + std::to_string(i);
    }
    file += " END";
  }
  const std::string join = " FROM (" + scan_read + ") AS target " +
                           (nmbs_delete ? "LEFT" : "INNER") + " JOIN " + QuoteIdentifier(source) +
                           " AS source ON " + on;
  // `joined` has one row per joined target row: its file (kFileColumn) and position
  // (kRowColumn), the matched source row (kMatchedSid, NULL when none) and whether it changes
  // (kHit); change data keeps every target column (pre-images), merge-on-read the target columns
  // an update keeps. A copy-on-write MERGE that deletes rows no source row matches joins every
  // target row: it keeps one row per file and source row with their count instead.
  const bool grouped = nmbs_delete && !write_dvs && !write_cdc;
  const std::string n = grouped ? "n" : "1";
  if (grouped) {
    INGOT_RETURN_NOT_OK(con->Execute(
        "CREATE TEMP TABLE " + QuoteIdentifier(joined) + " AS SELECT " + file + " AS " +
        dml::kFileColumn + ", source." + sid + " AS " + kMatchedSid + ", bool_or(" + hit + ") AS " +
        kHit + ", count(*) FILTER (WHERE " + hit + ") AS n" + join + " GROUP BY ALL"));
  } else {
    std::string kept = file + " AS " + dml::kFileColumn + ", target." + dml::kRowColumn;
    if (write_cdc) {
      kept = file + " AS " + dml::kFileColumn + ", target.*";
      if (!file_index_hidden) kept += " EXCLUDE (" + std::string(dml::kFileColumn) + ")";
    }
    if (update) {
      // The updated row's values that are not the source row's: the steps below join the
      // source by its row id, not the target. SET expressions only for the rows they apply to
      // (they may fail on others).
      for (size_t i = 0; i < schema.fields().size(); ++i) {
        if (from_source(i)) continue;
        const bool set = assigned.count(schema.fields()[i].name) > 0;
        kept += ", " + (set ? "CASE WHEN " + changed + " THEN " + values[i] + " END" : values[i]) +
                " AS " + ValueColumn(i);
      }
    }
    INGOT_RETURN_NOT_OK(con->Execute("CREATE TEMP TABLE " + QuoteIdentifier(joined) +
                                     " AS SELECT " + kept + ", source." + sid + " AS " +
                                     kMatchedSid + ", " + hit + " AS " + kHit + join));
  }

  INGOT_ASSIGN_OR_RAISE(
      auto counts, con->Query("SELECT CAST(coalesce(sum(" + n + ") FILTER (WHERE " + kMatchedSid +
                              " IS NOT NULL AND " + kHit + "), 0) AS BIGINT), CAST(coalesce(sum(" +
                              n + ") FILTER (WHERE " + kMatchedSid + " IS NULL AND " + kHit +
                              "), 0) AS BIGINT) FROM " + QuoteIdentifier(joined)));
  INGOT_ASSIGN_OR_RAISE(auto count_chunk, counts->Next());
  const int64_t matched_changed = count_chunk->GetInt64(0, 0);
  const int64_t unmatched_deleted = count_chunk->GetInt64(1, 0);
  timer.Done("join and counts");
  if (update) out.rows_updated = matched_changed;
  if (options.when_matched == MatchedAction::kDelete) out.rows_deleted = matched_changed;
  out.rows_deleted += unmatched_deleted;

  // `read` index in `joined` -> index into snapshot->files().
  auto snapshot_index = [&](int64_t i) -> Result<size_t> {
    if (i < 0 || static_cast<size_t>(i) >= candidates.size()) {
      return Status::Internal("MERGE into ", options.table_root, ": scanned file index ", i,
                              " is not among the ", candidates.size(), " files read");
    }
    return candidates[static_cast<size_t>(i)];
  };
  std::vector<size_t> touched;
  std::vector<size_t> touched_read;  // the same files as indexes into `read`
  {
    INGOT_ASSIGN_OR_RAISE(auto files,
                          con->Query("SELECT DISTINCT " + std::string(dml::kFileColumn) + " FROM " +
                                     QuoteIdentifier(joined) + " WHERE " + kHit));
    while (true) {
      INGOT_ASSIGN_OR_RAISE(auto chunk, files->Next());
      if (chunk == nullptr) break;
      for (size_t row = 0; row < chunk->size(); ++row) {
        INGOT_ASSIGN_OR_RAISE(size_t index, snapshot_index(chunk->GetInt64(0, row)));
        touched.push_back(index);
        touched_read.push_back(static_cast<size_t>(chunk->GetInt64(0, row)));
      }
    }
  }
  std::sort(touched.begin(), touched.end());
  std::sort(touched_read.begin(), touched_read.end());
  timer.Done("touched files");
  if (!touched.empty() && snapshot->Config("delta.appendOnly") == "true") {
    return Status::InvalidArgument("table ", options.table_root,
                                   " is append-only (delta.appendOnly=true): MERGE may only "
                                   "insert, but it would update or delete rows");
  }

  // The new files: the touched files' surviving rows (merge-on-read: only the updated rows) and
  // the inserted source rows.
  std::vector<std::string> parts;
  std::string names;  // every column of `schema`
  std::string updated_select;
  // Updated and inserted rows in one pass (see upserts below): per column, the updated row's
  // value or, for a source row no target row matches, the inserted one.
  std::string upsert_select;
  bool needs_source = false;
  for (size_t i = 0; i < schema.fields().size(); ++i) {
    const StructField& field = schema.fields()[i];
    const std::string name = QuoteIdentifier(field.name);
    names += (names.empty() ? "" : ", ") + name;
    updated_select += updated_select.empty() ? "" : ", ";
    upsert_select += upsert_select.empty() ? "" : ", ";
    if (from_source(i)) {
      needs_source = true;
      updated_select += "source." + name;
      upsert_select += "source." + name;
    } else {
      INGOT_ASSIGN_OR_RAISE(std::string type, DuckTypeFromDelta(field.type));
      const std::string inserted =
          source_schema.FindField(field.name) != nullptr ? "source." + name : "NULL";
      updated_select += "j." + ValueColumn(i) + " AS " + name;
      upsert_select += "CASE WHEN j." + std::string(kMatchedSid) + " IS NULL THEN CAST(" +
                       inserted + " AS " + type + ") ELSE CAST(j." + ValueColumn(i) + " AS " +
                       type + ") END AS " + name;
    }
  }
  // The updated rows: the values the join kept, and the source row's.
  std::string updated_rows;
  if (update && !grouped) {
    updated_rows = "SELECT " + updated_select + " FROM " + QuoteIdentifier(joined) + " AS j" +
                   (needs_source ? " JOIN " + QuoteIdentifier(source) + " AS source ON source." +
                                       sid + " = j." + kMatchedSid
                                 : std::string()) +
                   " WHERE j." + kHit + " AND j." + kMatchedSid + " IS NOT NULL";
  }
  // Without change data (which writes them apart), the updated and the inserted rows come from
  // one left join of the source with the join table: the source rows it matched and changed,
  // and those it did not match.
  std::string upserts;
  if (!updated_rows.empty() && !write_cdc &&
      options.when_not_matched == NotMatchedAction::kInsert) {
    upserts = "SELECT " + upsert_select + " FROM " + QuoteIdentifier(source) +
              " AS source LEFT JOIN " + QuoteIdentifier(joined) + " AS j ON j." + kMatchedSid +
              " = source." + sid + " WHERE j." + kHit + " OR (j." + kMatchedSid + " IS NULL" +
              (options.not_matched_condition.empty()
                   ? std::string()
                   : " AND coalesce((" + options.not_matched_condition + "), false)") +
              ")";
  }
  // The rows of the new files that are not inserts: the updated rows (merge-on-read), or the
  // touched files' rows less the deleted ones (copy-on-write); nullopt when a file's stats lack
  // numRecords.
  std::optional<int64_t> kept_rows = 0;
  bool upserts_written = false;  // the inserts with them
  if (write_dvs) {
    if (!updated_rows.empty()) parts.push_back(upserts.empty() ? updated_rows : upserts);
    upserts_written = !upserts.empty();
    kept_rows = updated_rows.empty() ? 0 : matched_changed;
  } else if (!touched.empty() && !grouped) {
    // The touched files' rows that do not change, by position (no second join with the
    // source), and the updated rows.
    INGOT_ASSIGN_OR_RAISE(
        std::string scan_touched,
        dml::LiveFileScanSql(con, &temps, options.table_root, schema, snapshot->partition_columns(),
                             dml::FilesAt(*snapshot, touched),
                             /*file_column=*/!file_index_hidden));
    // The changed rows' files as indexes into `touched` (the scan's kFileColumn); with the
    // file_index column hidden the scan names `read` indexes by path, as the join did.
    std::string hit_file = dml::kFileColumn;
    bool identity = touched_read.size() == read.size();
    if (!file_index_hidden && !identity) {
      std::vector<int64_t> position(read.size(), -1);
      for (size_t i = 0; i < touched_read.size(); ++i) position[touched_read[i]] = i;
      std::string list;
      for (int64_t p : position) list += (list.empty() ? "" : ", ") + std::to_string(p);
      hit_file = "[" + list + "][" + hit_file + " + 1]";
    }
    parts.push_back("SELECT " + names + " FROM (SELECT " + file +
                    " AS __ingot_tf, target.* FROM (" + scan_touched +
                    ") AS target) AS target ANTI JOIN (SELECT " + hit_file + " AS f, " +
                    dml::kRowColumn + " AS r FROM " + QuoteIdentifier(joined) + " WHERE " + kHit +
                    ") AS h ON target.__ingot_tf = h.f AND target." + dml::kRowColumn + " = h.r");
    if (!updated_rows.empty()) parts.push_back(upserts.empty() ? updated_rows : upserts);
    upserts_written = !upserts.empty();
    for (size_t index : touched) {
      std::optional<int64_t> live = dml::LiveRecords(snapshot->files()[index]);
      kept_rows = kept_rows && live ? std::optional<int64_t>(*kept_rows + *live) : std::nullopt;
    }
    if (kept_rows) *kept_rows -= out.rows_deleted;
  } else if (!touched.empty()) {
    // Grouped: `joined` has no row positions. The touched files' rows joined with the source
    // again, less the deleted ones.
    INGOT_ASSIGN_OR_RAISE(
        std::string scan_touched,
        dml::LiveFileScanSql(con, &temps, options.table_root, schema, snapshot->partition_columns(),
                             dml::FilesAt(*snapshot, touched)));
    std::string cow_select;
    for (size_t i = 0; i < schema.fields().size(); ++i) {
      const std::string name = QuoteIdentifier(schema.fields()[i].name);
      cow_select += cow_select.empty() ? "" : ", ";
      cow_select += values[i] == "target." + name ? values[i]
                                                  : "CASE WHEN " + changed + " THEN " + values[i] +
                                                        " ELSE target." + name + " END AS " + name;
    }
    std::string deleted = "false";
    if (options.when_matched == MatchedAction::kDelete) deleted = changed;
    if (nmbs_delete) deleted += " OR " + unmatched_deleted_sql;
    parts.push_back("SELECT " + cow_select + " FROM (" + scan_touched + ") AS target LEFT JOIN " +
                    QuoteIdentifier(source) + " AS source ON " + on + " WHERE NOT coalesce(" +
                    deleted + ", false)");
    for (size_t index : touched) {
      std::optional<int64_t> live = dml::LiveRecords(snapshot->files()[index]);
      kept_rows = kept_rows && live ? std::optional<int64_t>(*kept_rows + *live) : std::nullopt;
    }
    if (kept_rows) *kept_rows -= out.rows_deleted;
  }
  std::string inserts;
  if (options.when_not_matched == NotMatchedAction::kInsert) {
    inserts = "SELECT *" + (sid == kSid ? " EXCLUDE (" + sid + ")" : std::string()) + " FROM " +
              QuoteIdentifier(source) + " AS source WHERE NOT EXISTS (SELECT 1 FROM " +
              QuoteIdentifier(joined) + " AS j WHERE j." + kMatchedSid + " = source." + sid + ")";
    if (!options.not_matched_condition.empty()) {
      inserts += " AND coalesce((" + options.not_matched_condition + "), false)";
    }
    if (!upserts_written) parts.push_back(inserts);
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
  timer.Done("write data files");
  int64_t rows_written = 0;
  bool written_known = true;
  for (const Add& add : plan.adds) {
    std::optional<int64_t> records = dml::NumRecords(add);
    written_known = written_known && records.has_value();
    rows_written += records.value_or(0);
  }
  if (!inserts.empty()) {
    // The inserted rows are the written rows that are not kept target rows; count them only
    // when the stats cannot tell.
    if (kept_rows && written_known) {
      out.rows_inserted = rows_written - *kept_rows;
    } else {
      auto inserted = con->QueryScalar("SELECT count(*) FROM (" + inserts + ")");
      if (!inserted.ok()) {
        dml::DeleteDataFiles(options.table_root, plan.adds);
        return inserted.status();
      }
      out.rows_inserted = std::strtoll(inserted->c_str(), nullptr, 10);
    }
    if (out.rows_inserted == 0) inserts.clear();
  }
  timer.Done("insert count");
  if (write_dvs) {
    // The changed rows' positions per file, for their deletion vectors.
    auto positions = [&]() -> Result<std::map<size_t, std::vector<uint64_t>>> {
      std::map<size_t, std::vector<uint64_t>> deleted;
      INGOT_ASSIGN_OR_RAISE(auto result, con->Query("SELECT " + std::string(dml::kFileColumn) +
                                                    ", " + dml::kRowColumn + " FROM " +
                                                    QuoteIdentifier(joined) + " WHERE " + kHit));
      while (true) {
        INGOT_ASSIGN_OR_RAISE(auto chunk, result->Next());
        if (chunk == nullptr) break;
        for (size_t row = 0; row < chunk->size(); ++row) {
          INGOT_ASSIGN_OR_RAISE(size_t index, snapshot_index(chunk->GetInt64(0, row)));
          deleted[index].push_back(static_cast<uint64_t>(chunk->GetInt64(1, row)));
        }
      }
      for (auto& [index, rows] : deleted) {
        std::sort(rows.begin(), rows.end());
        rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
      }
      return deleted;
    }();
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
  timer.Done("deletion vectors");
  if (write_cdc) {
    auto cdc =
        WriteMergeChanges(con, options, *snapshot, schema, joined, updated_rows, inserts, clock);
    if (!cdc.ok()) {
      dml::DiscardPlanFiles(options.table_root, plan);
      return cdc.status();
    }
    plan.cdc = std::move(*cdc);
  }
  timer.Done("change data");
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
  INGOT_ASSIGN_OR_RAISE(request.read_set,
                        merge_internal::MergeReadSet(con, *snapshot, options, source, read));
  timer.Done("read set");
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
       PredicatesJson(options.when_not_matched == NotMatchedAction::kInsert ? "insert" : "",
                      options.not_matched_condition)},
      {"notMatchedBySourcePredicates",
       PredicatesJson(nmbs_delete ? "delete" : "", options.not_matched_by_source_condition)}};
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
  unordered.Restore();  // the commit may write a checkpoint
  INGOT_ASSIGN_OR_RAISE(out.version, dml::CommitRewrite(con, options.table_root, *snapshot, plan,
                                                        std::move(request), options.commit));
  timer.Done("commit");
  return out;
}

}  // namespace ingot::delta
