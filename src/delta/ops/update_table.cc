#include "delta/ops/update_table.h"

#include <map>

#include "common/macros.h"
#include "delta/log/json_writer.h"
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
  INGOT_RETURN_NOT_OK(dml::CheckNoDeletionVectors(*snapshot, root, "UPDATE"));
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
  INGOT_ASSIGN_OR_RAISE(auto matching, dml::MatchingRowsPerFile(con, root, *snapshot, candidates,
                                                                options.predicate, "UPDATE"));
  std::vector<size_t> touched;
  for (const auto& [index, rows] : matching) {
    out.rows_updated += rows;
    touched.push_back(index);
  }
  if (touched.empty()) return out;

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
  INGOT_ASSIGN_OR_RAISE(std::string scan,
                        dml::FileScanSql(root, snapshot->schema(), snapshot->partition_columns(),
                                         dml::FilesAt(*snapshot, touched)));
  auto adds = dml::WriteRows(con, root, *snapshot, "SELECT " + select + " FROM (" + scan + ")",
                             options.target_file_size, clock);
  if (!adds.ok()) {
    return Status::InvalidArgument("UPDATE on table ", root, " SET ", options.assignments,
                                   " failed: ", adds.status().message());
  }
  int64_t rows_written = 0;
  for (const Add& add : *adds) rows_written += dml::NumRecords(add).value_or(0);
  out.rows_copied = rows_written - out.rows_updated;
  out.files_added = static_cast<int64_t>(adds->size());
  out.files_removed = static_cast<int64_t>(touched.size());

  request.operation = "UPDATE";
  request.operation_parameters = {
      {"predicate", QuoteJsonString("[" + QuoteJsonString(options.predicate) + "]")}};
  request.operation_metrics = {{"numRemovedFiles", dml::MetricJson(out.files_removed)},
                               {"numAddedFiles", dml::MetricJson(out.files_added)},
                               {"numUpdatedRows", dml::MetricJson(out.rows_updated)},
                               {"numCopiedRows", dml::MetricJson(out.rows_copied)},
                               {"numFilesScanned", dml::MetricJson(out.files_scanned)}};
  INGOT_ASSIGN_OR_RAISE(out.version, dml::CommitRewrite(con, root, *snapshot, touched, *adds,
                                                        std::move(request), options.commit));
  return out;
}

}  // namespace ingot::delta
