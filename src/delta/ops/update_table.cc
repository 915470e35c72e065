#include "delta/ops/update_table.h"

#include <map>

#include "common/macros.h"
#include "delta/log/json_writer.h"
#include "delta/ops/change_data_writer.h"
#include "delta/ops/dml_internal.h"
#include "delta/ops/table_protocol.h"
#include "delta/ops/type_mapping.h"
#include "delta/snapshot/snapshot_loader.h"
#include "delta/txn/log_store.h"
#include "duck/connection.h"
#include "storage/local_fs.h"

namespace ingot::delta {

Result<UpdateTableResult> UpdateTable(duck::Connection* con, const UpdateTableOptions& options) {
  const std::string& root = options.table_root;
  LogStore store(std::make_shared<storage::LocalFileSystem>(), root);
  INGOT_ASSIGN_OR_RAISE(auto snapshot, LoadSnapshot(store, con));
  INGOT_RETURN_NOT_OK(CheckWritable(*snapshot, root));
  INGOT_ASSIGN_OR_RAISE(auto assignments, dml::ParseAssignments(options.assignments));
  std::map<std::string, std::string> by_column;
  for (const auto& [column, expression] : assignments) {
    if (snapshot->schema().FindField(column) == nullptr) {
      return Status::InvalidArgument("UPDATE on table ", root, ": column '", column,
                                     "' is not in the table");
    }
    if (!by_column.emplace(column, expression).second) {
      return Status::InvalidArgument("UPDATE on table ", root, ": column '", column,
                                     "' is assigned twice");
    }
  }
  if (snapshot->Config("delta.appendOnly") == "true") {
    return Status::InvalidArgument("table ", root,
                                   " is append-only (delta.appendOnly=true): rows cannot be "
                                   "updated");
  }
  UpdateTableResult out;
  out.version = snapshot->version();
  out.files_total = static_cast<int64_t>(snapshot->files().size());
  Clock* clock = options.commit.clock != nullptr ? options.commit.clock : SystemClock::Default();

  CommitRequest request;
  // Files whose partition values fail a partition-only conjunct are not read.
  INGOT_ASSIGN_OR_RAISE(std::vector<size_t> candidates,
                        dml::FilesPassingPartitionConjuncts(con, *snapshot, options.predicate));
  request.read_set.whole_table = true;
  for (size_t index : candidates) request.read_set.files.insert(snapshot->files()[index].path);
  out.files_scanned = static_cast<int64_t>(candidates.size());
  const std::string hit =
      options.predicate.empty() ? "true" : "coalesce((" + options.predicate + "), false)";
  std::string select;
  for (const StructField& field : snapshot->schema().fields()) {
    const std::string name = duck::QuoteIdentifier(field.name);
    select += select.empty() ? "" : ", ";
    auto it = by_column.find(field.name);
    if (it == by_column.end()) {
      select += name;
      continue;
    }
    INGOT_ASSIGN_OR_RAISE(std::string type, DuckTypeFromDelta(field.type));
    select += "CASE WHEN " + hit + " THEN CAST((" + it->second + ") AS " + type + ") ELSE " + name +
              " END AS " + name;
  }
  dml::TempTables temps(con);
  dml::RewritePlan plan;
  std::string rows_sql;      // the rows of the new files
  std::string changed_rows;  // the matching rows before the update
  if (dml::WritesDeletionVectors(*snapshot)) {
    // Merge-on-read: the updated rows are deleted by DVs and written anew.
    INGOT_ASSIGN_OR_RAISE(
        std::string scan,
        dml::LiveFileScanSql(con, &temps, root, snapshot->schema(), snapshot->partition_columns(),
                             dml::FilesAt(*snapshot, candidates)));
    const std::string changed = temps.NewName("update_rows");
    Status materialised = con->Execute("CREATE TEMP TABLE " + duck::QuoteIdentifier(changed) +
                                       " AS SELECT * FROM (" + scan + ") WHERE " + hit);
    if (!materialised.ok()) {
      return Status::InvalidArgument("UPDATE on table ", root, ": predicate '", options.predicate,
                                     "' failed: ", materialised.message());
    }
    INGOT_ASSIGN_OR_RAISE(
        auto positions,
        dml::RowPositions(con, root, *snapshot,
                          "SELECT " + std::string(dml::kPathColumn) + ", " + dml::kRowColumn +
                              " FROM " + duck::QuoteIdentifier(changed),
                          "UPDATE"));
    for (const auto& [index, rows] : positions) {
      out.rows_updated += static_cast<int64_t>(rows.size());
    }
    if (out.rows_updated == 0) return out;
    changed_rows = "SELECT * FROM " + duck::QuoteIdentifier(changed);
    rows_sql = "SELECT " + select + " FROM " + duck::QuoteIdentifier(changed);
    INGOT_ASSIGN_OR_RAISE(plan.deletion_vectors,
                          dml::WriteDeletionVectors(con, root, *snapshot, positions));
  } else {
    INGOT_ASSIGN_OR_RAISE(auto matching, dml::MatchingRowsPerFile(con, root, *snapshot, candidates,
                                                                  options.predicate, "UPDATE"));
    for (const auto& [index, rows] : matching) {
      out.rows_updated += rows;
      plan.removed.push_back(index);
    }
    if (plan.removed.empty()) return out;
    INGOT_ASSIGN_OR_RAISE(
        std::string scan,
        dml::LiveFileScanSql(con, &temps, root, snapshot->schema(), snapshot->partition_columns(),
                             dml::FilesAt(*snapshot, plan.removed)));
    changed_rows = "SELECT * FROM (" + scan + ") WHERE " + hit;
    rows_sql = "SELECT " + select + " FROM (" + scan + ")";
  }
  auto adds = dml::WriteRows(con, root, *snapshot, rows_sql, options.target_file_size, clock);
  if (!adds.ok()) {
    dml::DiscardDeletionVectors(plan.deletion_vectors);
    return Status::InvalidArgument("UPDATE on table ", root, " SET ", options.assignments,
                                   " failed: ", adds.status().message());
  }
  plan.adds = std::move(*adds);
  if (dml::WritesChangeData(*snapshot)) {
    auto cdc = dml::WriteChangeData(
        con, root, snapshot->schema(), snapshot->partition_columns(),
        "(" + dml::WithChangeType(changed_rows, "update_preimage") + ") UNION ALL BY NAME (" +
            dml::WithChangeType("SELECT " + select + " FROM (" + changed_rows + ")",
                                "update_postimage") +
            ")",
        clock);
    if (!cdc.ok()) {
      dml::DiscardPlanFiles(root, plan);
      return cdc.status();
    }
    plan.cdc = std::move(*cdc);
  }
  int64_t rows_written = 0;
  for (const Add& add : plan.adds) rows_written += dml::NumRecords(add).value_or(0);
  out.rows_copied = rows_written - out.rows_updated;
  out.files_added = static_cast<int64_t>(plan.adds.size());
  out.files_removed =
      static_cast<int64_t>(plan.removed.size() + plan.deletion_vectors.removed.size());
  out.deletion_vectors_added = static_cast<int64_t>(plan.deletion_vectors.adds.size());

  request.operation = "UPDATE";
  request.operation_parameters = {
      {"predicate", QuoteJsonString("[" + QuoteJsonString(options.predicate) + "]")}};
  request.operation_metrics = {
      {"numRemovedFiles", dml::MetricJson(out.files_removed)},
      {"numAddedFiles", dml::MetricJson(out.files_added)},
      {"numUpdatedRows", dml::MetricJson(out.rows_updated)},
      {"numCopiedRows", dml::MetricJson(out.rows_copied)},
      {"numFilesScanned", dml::MetricJson(out.files_scanned)},
      {"numDeletionVectorsAdded", dml::MetricJson(out.deletion_vectors_added)}};
  INGOT_ASSIGN_OR_RAISE(out.version, dml::CommitRewrite(con, root, *snapshot, plan,
                                                        std::move(request), options.commit));
  return out;
}

}  // namespace ingot::delta
