// Step 2 of a run: commit one staged table (see runner_internal.h).
#include <memory>
#include <variant>

#include "common/macros.h"
#include "common/step_timer.h"
#include "delta/ops/create_table.h"
#include "delta/ops/merge_table.h"
#include "delta/ops/optimize_table.h"
#include "delta/ops/write_table.h"
#include "delta/txn/log_store.h"
#include "duck/connection.h"
#include "pipeline/runner_internal.h"
#include "pipeline/warehouse.h"
#include "storage/local_fs.h"

namespace ingot::pipeline::internal {
namespace {

// Creates the table (version 0, no rows) with the columns of `source` when it does not exist.
Status EnsureTable(duck::Connection* con, const std::string& root, const std::string& source,
                   const TableSpec* table, const std::string& name) {
  if (DeltaTableExists(root)) return Status::OK();
  INGOT_ASSIGN_OR_RAISE(auto schema, delta::SchemaOfQuery(con, "SELECT * FROM " + source, false));
  delta::CreateTableOptions options;
  options.table_root = root;
  options.schema = schema;
  options.name = name;
  if (table != nullptr) {
    options.partition_columns = table->partition_by;
    options.properties = table->properties;
    if (!table->description.empty()) options.description = table->description;
  }
  return delta::CreateTable(con, options).status();
}

// merge: upserts the batch by key. With sequence_by, a matched row is replaced only by a row at
// least as new, so a late or replayed update never overwrites newer data.
// scd2: merges the changed history rows on keys + _valid_from: a current row that the batch
// closes is updated (only then: its file is rewritten or gets a deletion vector), new versions
// are inserted, and closed history and untouched keys are not rewritten.
Result<delta::MergeTableResult> Merge(duck::Connection* con, const TableSpec& table,
                                      const std::string& root,
                                      const delta::WriteTableOptions& write) {
  delta::MergeTableOptions options;
  options.table_root = root;
  options.source_sql = write.source_sql;
  options.keys = table.keys;
  if (table.mode == TableMode::kScd2) {
    options.keys.push_back("_valid_from");
    options.matched_condition =
        "target._valid_to IS DISTINCT FROM source._valid_to OR target._is_current IS DISTINCT "
        "FROM source._is_current";
  } else if (!table.sequence_by.empty()) {
    // The source (stage_latest) has one row per key already: no sequence_by dedup in MERGE.
    std::string seq = duck::QuoteIdentifier(table.sequence_by);
    options.matched_condition = "target." + seq + " IS NULL OR source." + seq + " >= target." + seq;
  }
  options.merge_schema = true;
  options.txn = write.txn;
  options.domains = write.domains;
  auto merged = delta::MergeTable(con, options);
  if (!merged.ok()) return merged.status().WithContext("merging into table '", table.id, "'");
  return merged;
}

// Clusters the files the commit at run->report.version added by the Z-order of zorder_by
// (OPTIMIZE ZORDER BY over those files only, a commit of its own without data change): each
// run's new rows are clustered without rewriting the rest of the table every time
// (`ingot table optimize --zorder-by` re-clusters everything).
Status ZOrder(duck::Connection* con, const TableSpec& table, TableRun* run) {
  delta::OptimizeTableOptions options;
  options.table_root = run->root;
  options.zorder_by = table.zorder_by;
  delta::LogStore store(std::make_shared<storage::LocalFileSystem>(), run->root);
  auto actions = store.ReadCommitActions(run->report.version);
  if (!actions.ok()) {
    return actions.status().WithContext("table '", table.id, "': zorder_by");
  }
  options.only_files.emplace();
  for (const delta::Action& action : *actions) {
    if (const auto* add = std::get_if<delta::Add>(&action)) {
      options.only_files->push_back(add->path);
    }
  }
  if (options.only_files->empty()) return Status::OK();
  auto optimized = delta::OptimizeTable(con, options);
  if (!optimized.ok()) {
    return optimized.status().WithContext("table '", table.id, "': zorder_by");
  }
  if (optimized->committed) {
    run->report.version = optimized->version;
    run->report.note += (run->report.note.empty() ? "" : "; ") + std::string("z-ordered: ") +
                        std::to_string(optimized->files_removed) + " files into " +
                        std::to_string(optimized->files_added);
  }
  return Status::OK();
}

}  // namespace

Status CommitTable(duck::Connection* con, const RunContext& ctx, TableRun* run) {
  const TableSpec& table = *run->spec;
  StepTimer timer("pipeline step", table.id);
  delta::WriteTableOptions options;
  options.table_root = run->root;
  options.merge_schema = true;
  options.txn = delta::Txn{run->app_id, run->txn_version, std::nullopt};
  if (run->files_state) {
    options.domains.push_back({kSourceFilesDomain, EncodeSourceFiles(*run->files_state), false});
  }
  if (run->upstream_state) {
    UpstreamState state = *run->upstream_state;
    for (auto& [id, version] : state.versions) {
      auto it = ctx.runs.find(id);
      if (it != ctx.runs.end() && it->second->staged) version = it->second->report.version;
    }
    options.domains.push_back({kUpstreamDomain, EncodeUpstream(state), false});
  }
  std::string source = run->stage_out;
  options.mode = delta::WriteMode::kAppend;
  if (run->overwrite || table.mode == TableMode::kOverwrite) {
    options.mode = delta::WriteMode::kOverwrite;
  }
  if (table.mode == TableMode::kScd2) source = run->stage_changes;
  if (!run->stage_latest.empty()) source = run->stage_latest;
  if (run->replace) {
    // The staged rows (stage_latest, stage_changes) are the whole table: no MERGE needed.
    options.mode = delta::WriteMode::kOverwrite;
  }
  options.source_sql = "SELECT * FROM " + source;
  INGOT_RETURN_NOT_OK_CTX(EnsureTable(con, run->root, source, &table, table.id), "creating table '",
                          table.id, "'");
  timer.Done("create");
  bool skipped = false;
  if ((table.mode == TableMode::kMerge || table.mode == TableMode::kScd2) && !run->replace) {
    INGOT_ASSIGN_OR_RAISE(auto merged, Merge(con, table, run->root, options));
    run->report.version = merged.version;
    skipped = merged.skipped;
    if (table.mode == TableMode::kScd2) {
      run->report.note += (run->report.note.empty() ? "" : "; ") + std::string("scd2: ") +
                          std::to_string(merged.rows_inserted) + " new versions, " +
                          std::to_string(merged.rows_updated) + " closed";
    } else {
      run->report.note += (run->report.note.empty() ? "" : "; ") + std::string("merge: ") +
                          std::to_string(merged.rows_inserted) + " inserted, " +
                          std::to_string(merged.rows_updated) + " updated";
    }
  } else {
    // A source table read in one pass wrote its data files while staging: only the commit is
    // left (CommitTableFiles removes the files when they are not committed).
    auto written = run->written ? delta::CommitTableFiles(con, options, *run->written)
                                : delta::WriteTable(con, options);
    run->written_committed = run->written.has_value();
    if (!written.ok()) return written.status().WithContext("writing table '", table.id, "'");
    run->report.version = written->version;
    skipped = written->skipped;
  }
  timer.Done("write");
  if (skipped) {
    run->report.note +=
        (run->report.note.empty() ? "" : "; ") + std::string("already committed (txn)");
  } else if (!table.zorder_by.empty()) {
    INGOT_RETURN_NOT_OK(ZOrder(con, table, run));
    timer.Done("zorder");
  }

  if (!run->stage_quarantine.empty()) {
    std::string root = run->root + "__quarantine";
    INGOT_RETURN_NOT_OK_CTX(
        EnsureTable(con, root, run->stage_quarantine, nullptr, table.id + "__quarantine"),
        "creating quarantine table of '", table.id, "'");
    delta::WriteTableOptions q;
    q.table_root = root;
    q.merge_schema = true;
    q.source_sql = "SELECT * FROM " + run->stage_quarantine;
    q.txn = delta::Txn{run->app_id + ".quarantine", run->txn_version, std::nullopt};
    auto result = delta::WriteTable(con, q);
    if (!result.ok()) {
      return result.status().WithContext("writing quarantine table of '", table.id, "'");
    }
    timer.Done("write quarantine");
  }
  return Status::OK();
}

}  // namespace ingot::pipeline::internal
