#pragma once

// Shared by the runner's stage and commit steps (not a public header).
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "delta/ops/write_table.h"
#include "pipeline/file_source.h"
#include "pipeline/runner.h"
#include "pipeline/table_state.h"
#include "quality/expectations.h"

namespace ingot::duck {
class Connection;
class Database;
}  // namespace ingot::duck

namespace ingot::delta {
class Snapshot;
}

namespace ingot::pipeline::internal {

// One target table in one run: what was decided, staged and committed.
struct TableRun {
  // Removes data files written while staging that were not committed.
  ~TableRun();

  const TableSpec* spec = nullptr;
  std::string root;
  // The table before the run (nullptr: it does not exist yet).
  std::shared_ptr<const delta::Snapshot> before;
  int64_t version_before = -1;
  std::string app_id;
  int64_t txn_version = 0;  // the version this run commits for app_id

  bool skipped = false;
  bool staged = false;
  // An append table rewritten as a whole this run (full refresh, or an upstream that was not
  // append-only).
  bool overwrite = false;
  // A merge (with sequence_by) or scd2 table whose staged rows are the whole table: a new table,
  // or --full-refresh. Committed as an overwrite instead of a MERGE.
  bool replace = false;
  // Staged relations in the __ingot schema.
  std::string stage_in;
  std::string stage_out;      // the rows to write (a view over the checked rows)
  std::string stage_latest;   // merge with sequence_by: the batch, one row per key
  std::string stage_changes;  // scd2: the history rows to merge (Scd2Plan::changes)
  std::string stage_quarantine;
  int64_t quarantined_rows = 0;
  // A source table read in one pass writes its data files while staging (stage_in reads them);
  // CommitTable commits them.
  std::optional<delta::StagedTableFiles> written;
  bool written_committed = false;
  bool root_created = false;  // the table's directory did not exist before the files
  // Incremental state to commit.
  std::optional<SourceFilesState> files_state;
  std::optional<UpstreamState> upstream_state;
  TableReport report;
};

struct RunContext {
  // The run's database: more connections for work split within one table.
  duck::Database* db = nullptr;
  const PipelineSpec* spec = nullptr;
  const RunOptions* options = nullptr;
  std::string run_id;
  std::string started_at;
  std::set<std::string> layers;
  // Every table of the run by id (tables outside --select are absent).
  std::map<std::string, TableRun*> runs;
};

// "__ingot.<layer>__<name>_<suffix>".
std::string StageName(const TableSpec& table, const std::string& suffix);

// Decides whether the table has anything new and, unless it is skipped or this is a dry run,
// stages its rows: runs the model SQL (or reads the new files), checks expectations, reconciles
// and replaces the <layer>.<name> view with the table as it will be after the run.
Status StageTable(duck::Connection* con, const RunContext& ctx, TableRun* run);

// Commits a staged table: its rows in its mode, the incremental state and the txn in one commit
// (two on first creation: CREATE TABLE, then the data), then its quarantine rows.
Status CommitTable(duck::Connection* con, const RunContext& ctx, TableRun* run);

// One of `parts` hash partitions of a table's keys (parts <= 1: all rows).
struct KeyPartition {
  int64_t part = 0;
  int64_t parts = 1;
};
// merge with sequence_by: the row ids (column `row_id` of the table `source`) of the latest row
// of each key among `source`'s rows of `partition`; `columns` are all of `source`'s data
// columns.
std::string LatestRowIdsSql(const TableSpec& table, const std::string& source,
                            const std::vector<std::string>& columns, const std::string& row_id,
                            KeyPartition partition);
// merge: the batch rows (one per key: `latest`) that replace or add to the `existing` table.
std::string WinnersSql(const TableSpec& table, const std::string& existing,
                       const std::string& latest);
// merge: the table after the batch: existing rows no winner replaces, then the winners.
std::string MergedSql(const TableSpec& table, const std::string& existing,
                      const std::string& winners);
// The table after an scd2 batch is kept UNION ALL BY NAME changes.
struct Scd2Plan {
  // The rows the batch leaves alone: closed history, and keys the batch does not touch (empty
  // for a new table).
  std::string kept;
  // The history rows of the keys the batch touches, each key's current row included (with
  // _valid_to and _is_current as they become): what the commit merges on keys + _valid_from.
  std::string changes;
};
Scd2Plan Scd2Sql(const TableSpec& table, const std::string& existing, const std::string& source,
                 const std::vector<std::string>& columns);

}  // namespace ingot::pipeline::internal
