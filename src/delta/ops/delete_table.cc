#include "delta/ops/delete_table.h"

#include "common/macros.h"
#include "delta/log/json_writer.h"
#include "delta/ops/change_data_writer.h"
#include "delta/ops/dml_internal.h"
#include "delta/ops/table_protocol.h"
#include "delta/snapshot/snapshot_loader.h"
#include "delta/txn/log_store.h"
#include "duck/connection.h"
#include "storage/local_fs.h"

namespace ingot::delta {

Result<DeleteTableResult> DeleteFromTable(duck::Connection* con,
                                          const DeleteTableOptions& options) {
  const std::string& root = options.table_root;
  LogStore store(std::make_shared<storage::LocalFileSystem>(), root);
  INGOT_ASSIGN_OR_RAISE(auto snapshot, LoadSnapshot(store, con));
  INGOT_RETURN_NOT_OK(CheckWritable(*snapshot, root));
  if (snapshot->Config("delta.appendOnly") == "true") {
    return Status::InvalidArgument("table ", root,
                                   " is append-only (delta.appendOnly=true): rows cannot be "
                                   "deleted from it");
  }
  DeleteTableResult out;
  out.version = snapshot->version();
  out.files_total = static_cast<int64_t>(snapshot->files().size());
  Clock* clock = options.commit.clock != nullptr ? options.commit.clock : SystemClock::Default();

  std::vector<size_t> all;
  for (size_t i = 0; i < snapshot->files().size(); ++i) all.push_back(i);
  std::vector<size_t> removed;  // files removed without rewriting: every row deleted
  std::vector<size_t> rewritten;
  dml::RewritePlan plan;
  dml::TempTables temps(con);
  CommitRequest request;
  std::optional<std::vector<size_t>> by_partition;
  std::vector<size_t> candidates;  // files read (when the predicate is not partition-only)
  if (options.predicate.empty()) {
    by_partition = all;
  } else {
    INGOT_ASSIGN_OR_RAISE(by_partition,
                          dml::FilesMatchingPartitionPredicate(con, *snapshot, options.predicate));
  }
  if (by_partition) {
    removed = *by_partition;
    std::vector<size_t> uncounted;
    for (size_t index : removed) {
      std::optional<int64_t> rows = dml::LiveRecords(snapshot->files()[index]);
      if (rows) {
        out.rows_deleted += *rows;
      } else {
        uncounted.push_back(index);
      }
    }
    // Files without stats are counted (one scan of just them).
    INGOT_ASSIGN_OR_RAISE(auto counted,
                          dml::MatchingRowsPerFile(con, root, *snapshot, uncounted, "", "DELETE"));
    for (const auto& [index, rows] : counted) out.rows_deleted += rows;
    out.files_scanned = static_cast<int64_t>(uncounted.size());
  } else {
    // Files whose partition values fail a partition-only conjunct are not read.
    INGOT_ASSIGN_OR_RAISE(candidates,
                          dml::FilesPassingPartitionConjuncts(con, *snapshot, options.predicate));
    out.files_scanned = static_cast<int64_t>(candidates.size());
    if (dml::WritesDeletionVectors(*snapshot)) {
      // Merge-on-read: the matching rows' positions go into deletion vectors.
      INGOT_ASSIGN_OR_RAISE(
          std::string scan,
          dml::LiveFileScanSql(con, &temps, root, snapshot->schema(), snapshot->partition_columns(),
                               dml::FilesAt(*snapshot, candidates)));
      auto positions = dml::RowPositions(con, root, *snapshot,
                                         "SELECT " + std::string(dml::kPathColumn) + ", " +
                                             dml::kRowColumn + " FROM (" + scan +
                                             ") WHERE coalesce((" + options.predicate + "), false)",
                                         "DELETE");
      if (!positions.ok()) {
        return Status::InvalidArgument("DELETE on table ", root, ": predicate '", options.predicate,
                                       "' failed: ", positions.status().message());
      }
      for (const auto& [index, rows] : *positions) {
        out.rows_deleted += static_cast<int64_t>(rows.size());
      }
      INGOT_ASSIGN_OR_RAISE(plan.deletion_vectors,
                            dml::WriteDeletionVectors(con, root, *snapshot, *positions));
    } else {
      INGOT_ASSIGN_OR_RAISE(
          auto matching,
          dml::MatchingRowsPerFile(con, root, *snapshot, candidates, options.predicate, "DELETE"));
      for (const auto& [index, rows] : matching) {
        out.rows_deleted += rows;
        std::optional<int64_t> total = dml::LiveRecords(snapshot->files()[index]);
        (total && *total == rows ? removed : rewritten).push_back(index);
      }
    }
    for (size_t index : candidates) request.read_set.files.insert(snapshot->files()[index].path);
  }
  // Rows a concurrent commit adds anywhere might satisfy the predicate (strict serializability:
  // partition read sets cannot express a predicate such as part >= 'b').
  request.read_set.whole_table = true;
  const dml::DeletionVectorUpdate& dvs = plan.deletion_vectors;
  if (removed.empty() && rewritten.empty() && dvs.removed.empty() && dvs.replaced.empty()) {
    return out;
  }

  if (!rewritten.empty()) {
    INGOT_ASSIGN_OR_RAISE(
        std::string scan,
        dml::LiveFileScanSql(con, &temps, root, snapshot->schema(), snapshot->partition_columns(),
                             dml::FilesAt(*snapshot, rewritten)));
    INGOT_ASSIGN_OR_RAISE(plan.adds,
                          dml::WriteRows(con, root, *snapshot,
                                         "SELECT * FROM (" + scan + ") WHERE NOT coalesce((" +
                                             options.predicate + "), false)",
                                         options.target_file_size, clock));
  }
  for (const Add& add : plan.adds) out.rows_copied += dml::NumRecords(add).value_or(0);
  out.files_added = static_cast<int64_t>(plan.adds.size());
  out.deletion_vectors_added = static_cast<int64_t>(dvs.adds.size());
  out.files_removed = static_cast<int64_t>(removed.size() + rewritten.size() + dvs.removed.size());
  plan.removed = removed;
  plan.removed.insert(plan.removed.end(), rewritten.begin(), rewritten.end());

  if (!by_partition && dml::WritesChangeData(*snapshot)) {
    // The deleted rows (files removed whole by a partition predicate need none: readers take
    // their rows from the removes).
    auto cdc = [&]() -> Result<std::vector<AddCDCFile>> {
      INGOT_ASSIGN_OR_RAISE(
          std::string scan,
          dml::LiveFileScanSql(con, &temps, root, snapshot->schema(), snapshot->partition_columns(),
                               dml::FilesAt(*snapshot, candidates)));
      return dml::WriteChangeData(
          con, root, snapshot->schema(), snapshot->partition_columns(),
          dml::WithChangeType(
              "SELECT * FROM (" + scan + ") WHERE coalesce((" + options.predicate + "), false)",
              "delete"),
          clock);
    }();
    if (!cdc.ok()) {
      dml::DiscardPlanFiles(root, plan);
      return cdc.status();
    }
    plan.cdc = std::move(*cdc);
  }
  request.operation = "DELETE";
  request.operation_parameters = {
      {"predicate", QuoteJsonString("[" + QuoteJsonString(options.predicate) + "]")}};
  request.operation_metrics = {
      {"numRemovedFiles", dml::MetricJson(out.files_removed)},
      {"numAddedFiles", dml::MetricJson(out.files_added)},
      {"numDeletedRows", dml::MetricJson(out.rows_deleted)},
      {"numCopiedRows", dml::MetricJson(out.rows_copied)},
      {"numFilesScanned", dml::MetricJson(out.files_scanned)},
      {"numDeletionVectorsAdded", dml::MetricJson(out.deletion_vectors_added)}};
  INGOT_ASSIGN_OR_RAISE(out.version, dml::CommitRewrite(con, root, *snapshot, plan,
                                                        std::move(request), options.commit));
  return out;
}

}  // namespace ingot::delta
