// Step 1 of a run: decide what is new for one table and stage its rows (see runner_internal.h).
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <variant>

#include "common/ascii.h"
#include "common/logging.h"
#include "common/macros.h"
#include "common/step_timer.h"
#include "delta/ops/write_table.h"
#include "delta/scan/scan_sql.h"
#include "delta/scan/snapshot_scan.h"
#include "delta/snapshot/snapshot_loader.h"
#include "delta/txn/log_store.h"
#include "duck/connection.h"
#include "duck/database.h"
#include "duck/query_result.h"
#include "pipeline/runner_internal.h"
#include "pipeline/sql_refs.h"
#include "pipeline/warehouse.h"
#include "storage/local_fs.h"

namespace ingot::pipeline::internal {

std::string StageName(const TableSpec& table, const std::string& suffix) {
  return "__ingot." + table.layer + "__" + table.name + "_" + suffix;
}

namespace {

std::string View(const std::string& id) {
  size_t dot = id.find('.');
  return duck::QuoteIdentifier(id.substr(0, dot)) + "." + duck::QuoteIdentifier(id.substr(dot + 1));
}

// A DuckDB error in a model, as "<file>:<line>: table 'x': <DuckDB's first line>".
Status ModelError(const Status& status, const TableSpec& table) {
  const std::string& message = status.message();
  std::string where = table.sql_file;
  size_t pos = message.find("LINE ");
  if (pos != std::string::npos) {
    int line = std::atoi(message.c_str() + pos + 5);
    if (line > 0) where += ":" + std::to_string(table.sql_first_line + line - 1);
  } else if (table.sql_first_line > 1) {
    where += ":" + std::to_string(table.sql_first_line);
  }
  return Status(status.code(),
                where + ": table '" + table.id + "': " + message.substr(0, message.find('\n')));
}

Result<std::shared_ptr<const delta::Snapshot>> LoadIfExists(duck::Connection* con,
                                                            const std::string& root) {
  if (!DeltaTableExists(root)) return std::shared_ptr<const delta::Snapshot>();
  return delta::LoadSnapshot(std::make_shared<storage::LocalFileSystem>(), root, con, {});
}

bool Changed(const RunContext& ctx, const std::string& id) {
  auto it = ctx.runs.find(id);
  return it != ctx.runs.end() && !it->second->skipped;
}

Result<int64_t> CurrentVersion(duck::Connection* con, const RunContext& ctx,
                               const std::string& id) {
  auto it = ctx.runs.find(id);
  if (it != ctx.runs.end()) return it->second->version_before;
  size_t dot = id.find('.');
  INGOT_ASSIGN_OR_RAISE(
      auto snapshot,
      LoadIfExists(con, TablePath(ctx.spec->warehouse, id.substr(0, dot), id.substr(dot + 1))));
  return snapshot ? snapshot->version() : -1;
}

// The rows `id` gained since version `since`, as a relation, or nullopt when it changed other
// than by appends (then the consumer recomputes).
Result<std::optional<std::string>> Increment(duck::Connection* con, const RunContext& ctx,
                                             const std::string& id, int64_t since) {
  size_t dot = id.find('.');
  std::string root = TablePath(ctx.spec->warehouse, id.substr(0, dot), id.substr(dot + 1));
  auto it = ctx.runs.find(id);
  const TableRun* dep = it != ctx.runs.end() ? it->second : nullptr;
  std::string staged;
  if (dep != nullptr && !dep->skipped) {
    if (dep->spec->mode != TableMode::kAppend || dep->overwrite) return std::nullopt;
    staged = "SELECT * FROM " + dep->stage_out;
  }
  INGOT_ASSIGN_OR_RAISE(auto now, LoadIfExists(con, root));
  std::string committed;
  if (now != nullptr && now->version() != since) {
    // As a Delta streaming source reads a table: the files the commits after `since` added
    // with dataChange=true; commits that only reorganise files (OPTIMIZE, zorder_by: dataChange
    // false) add no rows, and a removal with dataChange=true (delete, update, overwrite) means
    // rows changed, not only appended.
    delta::LogStore store(std::make_shared<storage::LocalFileSystem>(), root);
    // The snapshot's own scan (column mapping, deletion vectors), over the new files only.
    INGOT_ASSIGN_OR_RAISE(delta::ScanInput input, delta::SnapshotScanInput(*now, root));
    input.files.clear();
    for (int64_t version = since + 1; version <= now->version(); ++version) {
      auto actions = store.ReadCommitActions(version);
      if (!actions.ok()) return std::nullopt;  // e.g. log cleanup: recompute
      for (const delta::Action& action : *actions) {
        if (const auto* add = std::get_if<delta::Add>(&action)) {
          if (add->data_change) input.files.push_back(*add);
        } else if (const auto* remove = std::get_if<delta::Remove>(&action)) {
          if (remove->data_change) return std::nullopt;
        }
      }
    }
    if (!input.files.empty()) {
      INGOT_ASSIGN_OR_RAISE(std::string scan, delta::ScanSql(input));
      committed = "SELECT * FROM (" + scan + ")";
    }
  }
  if (committed.empty() && staged.empty()) return "SELECT * FROM " + View(id) + " LIMIT 0";
  if (committed.empty()) return staged;
  if (staged.empty()) return committed;
  return committed + " UNION ALL BY NAME " + staged;
}

std::string TrimSql(std::string sql) {
  while (!sql.empty() &&
         (std::isspace(static_cast<unsigned char>(sql.back())) || sql.back() == ';')) {
    sql.pop_back();
  }
  return sql;
}

// Whether a source table's data files can be written before its commit (WriteTableFiles): an
// append or overwrite table without partitions or column mapping.
bool WritesAhead(const TableSpec& table) {
  if (table.from.empty() || !table.partition_by.empty()) return false;
  if (table.mode != TableMode::kAppend && table.mode != TableMode::kOverwrite) return false;
  auto mapping = table.properties.find("delta.columnMapping.mode");
  return mapping == table.properties.end() || mapping->second == "none";
}

// Runs `write` (data files written ahead of the commit: WriteTableFiles) with the table's
// directory in place and keeps its files in run->written for CommitTable. False, with nothing
// left behind, when the table needs its files written with the commit (an existing table with
// column mapping or partitions: kNotImplemented).
Result<bool> WriteAhead(TableRun* run,
                        const std::function<Result<delta::StagedTableFiles>()>& write) {
  std::error_code ec;
  run->root_created = !std::filesystem::exists(run->root, ec);
  std::filesystem::create_directories(run->root, ec);
  auto written = write();
  if (written.ok()) {
    run->written = std::move(*written);
    return true;
  }
  if (run->root_created) std::filesystem::remove(run->root, ec);  // only when empty
  run->root_created = false;
  if (written.status().code() == StatusCode::kNotImplemented) return false;
  return written.status();
}

// Writes the checked rows of a staged source table (stage_out) as its data files now, so that
// the writing overlaps with the staging of the other tables instead of following it.
Status WriteStagedRows(duck::Connection* con, TableRun* run) {
  delta::WriteTableOptions options;
  options.table_root = run->root;
  options.source_sql = "SELECT * FROM " + run->stage_out;
  options.merge_schema = true;
  auto written = WriteAhead(run, [&] { return delta::WriteTableFiles(con, options); });
  if (!written.ok()) {
    return written.status().WithContext("writing table '", run->spec->id, "'");
  }
  return Status::OK();
}

// Whether a source table writes its data files while reading its files: when every row read is
// written as it is (no schema rejects, no expectations) into an append or overwrite table
// without partitions or column mapping. The files are read one branch each (file_source.h):
// a source of very many files is staged instead.
bool WritesWhileReading(const TableSpec& table, const SourceSpec& source, size_t files) {
  if (source.schema.empty() || MayRejectRows(source) || !table.expectations.empty()) return false;
  return files <= 256 && WritesAhead(table);
}

// DuckDB runs on one thread per connection (threads = 1) while this lives: no background worker
// threads. A split write (WriteSourceFiles) runs one single-threaded pipeline per connection,
// which its own caller thread can run; with background workers, one of them takes a pipeline
// and leaves its caller polling for tasks in a busy loop on a core the writes need (about a
// third more CPU on two cores). Counted per database: the last one restores the setting.
class OneThreadPerConnection {
 public:
  OneThreadPerConnection(duck::Database* db, duck::Connection* con) : db_(db), con_(con) {
    std::lock_guard<std::mutex> lock(mu_);
    Saved& saved = active_[db_];
    if (saved.count++ > 0) return;
    saved.threads = CurrentThreads(con_);
    if (saved.threads > 1 && !con_->Execute("SET threads = 1").ok()) saved.threads = 0;
  }
  ~OneThreadPerConnection() {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = active_.find(db_);
    if (--it->second.count > 0) return;
    if (it->second.threads > 1) {
      (void)con_->Execute("SET threads = " + std::to_string(it->second.threads));
    }
    active_.erase(it);
  }
  OneThreadPerConnection(const OneThreadPerConnection&) = delete;
  OneThreadPerConnection& operator=(const OneThreadPerConnection&) = delete;

  // The database's threads as configured: as before the first live OneThreadPerConnection.
  static int Threads(duck::Database* db, duck::Connection* con) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = active_.find(db);
    return it != active_.end() && it->second.threads > 0 ? it->second.threads : CurrentThreads(con);
  }

 private:
  struct Saved {
    int count = 0;
    int threads = 0;  // to restore when > 1; 0 when unknown
  };
  static int CurrentThreads(duck::Connection* con) {
    auto threads = con->QueryScalar("SELECT current_setting('threads')");
    return threads.ok() ? std::atoi(threads->c_str()) : 0;
  }
  static inline std::mutex mu_;
  static inline std::map<duck::Database*, Saved> active_;
  duck::Database* db_;
  duck::Connection* con_;
};

// Writes the numbered rows of `files` as data files of the run's table (WriteTableFiles). Each
// file is numbered by a streaming window, which runs on one thread: the files are split between
// as many connections as DuckDB has threads (at most one per file), written at once with one
// thread each (OneThreadPerConnection), so every core works.
Result<delta::StagedTableFiles> WriteSourceFiles(duck::Connection* con, const RunContext& ctx,
                                                 const TableRun& run, const SourceSpec& source,
                                                 const std::vector<SourceFile>& files,
                                                 const std::string& dialect) {
  size_t groups = 1;
  if (ctx.db != nullptr && files.size() > 1) {
    groups = std::clamp<size_t>(OneThreadPerConnection::Threads(ctx.db, con), 1, files.size());
  }
  std::vector<std::unique_ptr<duck::Connection>> others;
  for (size_t g = 1; g < groups; ++g) {
    INGOT_ASSIGN_OR_RAISE(auto other, ctx.db->Connect());
    others.push_back(std::move(other));
  }
  std::vector<std::vector<SourceFile>> split(groups);
  for (size_t i = 0; i < files.size(); ++i) split[i % groups].push_back(files[i]);
  std::vector<Result<delta::StagedTableFiles>> results(
      groups, Status::Internal("source files not written"));
  auto write = [&](size_t g, duck::Connection* c) {
    delta::WriteTableOptions options;
    options.table_root = run.root;
    options.source_sql = NumberedTypedSql(source, split[g], ctx.run_id, ctx.started_at, dialect);
    options.merge_schema = true;
    results[g] = delta::WriteTableFiles(c, options);
  };
  if (groups == 1) {
    write(0, con);
  } else {
    OneThreadPerConnection own_threads(ctx.db, con);
    std::vector<std::thread> threads;
    for (size_t g = 1; g < groups; ++g) threads.emplace_back(write, g, others[g - 1].get());
    write(0, con);
    for (std::thread& t : threads) t.join();
  }
  delta::StagedTableFiles out;
  Status failure;
  for (auto& result : results) {
    if (!result.ok()) {
      if (failure.ok()) failure = result.status();
      continue;
    }
    out.schema = result->schema;
    out.rows += result->rows;
    for (delta::Add& add : result->adds) out.adds.push_back(std::move(add));
  }
  if (!failure.ok()) {
    delta::RemoveTableFiles(run.root, out.adds);
    return failure;
  }
  return out;
}

// Chooses the rows of a file-sourced table: the new files (incremental) or all of them.
Status PlanSourceTable(duck::Connection* con, const RunContext& ctx, TableRun* run) {
  const TableSpec& table = *run->spec;
  const SourceSpec& source = ctx.spec->sources.at(table.from);
  INGOT_ASSIGN_OR_RAISE(auto files, ListSourceFiles(con, source));
  std::optional<SourceFilesState> previous;
  if (run->before != nullptr) {
    if (auto json = run->before->DomainConfiguration(kSourceFilesDomain)) {
      INGOT_ASSIGN_OR_RAISE(previous, DecodeSourceFiles(*json));
    }
  }
  bool incremental = table.IsIncremental() && table.mode == TableMode::kAppend &&
                     !ctx.options->full_refresh && previous.has_value();
  std::vector<SourceFile> to_read;
  SourceFilesState state{source.name, {}};
  if (incremental) {
    std::set<std::string> seen;
    for (const SourceFile& f : previous->files) seen.insert(f.path);
    state.files = previous->files;
    for (const SourceFile& f : files) {
      if (seen.count(f.path) > 0) continue;
      to_read.push_back(f);
      state.files.push_back(f);
    }
    if (to_read.empty()) {
      run->skipped = true;
      run->report.note = "no new files";
      return Status::OK();
    }
  } else {
    if (previous.has_value() && !ctx.options->full_refresh && previous->files == files) {
      run->skipped = true;
      run->report.note = "input files unchanged";
      return Status::OK();
    }
    to_read = files;
    state.files = files;
    run->overwrite = run->before != nullptr && table.mode == TableMode::kAppend;
  }
  run->files_state = std::move(state);
  run->report.files_read = static_cast<int64_t>(to_read.size());
  run->report.note = std::to_string(to_read.size()) + (to_read.size() == 1 ? " file" : " files");
  if (ctx.options->dry_run) return Status::OK();
  if (WritesWhileReading(table, source, to_read.size())) {
    // Every row is written: read, numbered and written as the table's data files in one pass,
    // committed later by CommitTable.
    INGOT_ASSIGN_OR_RAISE(std::string dialect, CsvDialect(con, source, to_read.front()));
    auto written =
        WriteAhead(run, [&] { return WriteSourceFiles(con, ctx, *run, source, to_read, dialect); });
    if (!written.ok()) return written.status().WithContext("source '", source.name, "'");
    if (*written) {
      INGOT_ASSIGN_OR_RAISE(std::string scan, delta::ScanSql({.table_root = run->root,
                                                              .schema = run->written->schema,
                                                              .partition_columns = {},
                                                              .files = run->written->adds}));
      return con->Execute("CREATE OR REPLACE VIEW " + run->stage_in + " AS " + scan);
    }
    // A table with column mapping or partitions takes the path below.
  }
  // Read and converted in one parallel pass into a table, then numbered, counted, checked and
  // written from it.
  std::string read = StageName(table, "read");
  Status status =
      con->Execute("CREATE OR REPLACE TABLE " + read + " AS " +
                   TypedSql(source, RawSql(source, to_read), ctx.run_id, ctx.started_at));
  INGOT_RETURN_NOT_OK(status.WithContext("source '", source.name, "'"));
  INGOT_ASSIGN_OR_RAISE(std::string numbered, NumberRowsSql(con, read));
  return con->Execute("CREATE OR REPLACE VIEW " + run->stage_in + " AS " + numbered);
}

// Chooses the upstream rows of a model table and runs its SQL.
Status PlanModelTable(duck::Connection* con, const RunContext& ctx, TableRun* run) {
  const TableSpec& table = *run->spec;
  std::optional<UpstreamState> recorded;
  if (run->before != nullptr) {
    if (auto json = run->before->DomainConfiguration(kUpstreamDomain)) {
      INGOT_ASSIGN_OR_RAISE(recorded, DecodeUpstream(*json));
    }
  }
  UpstreamState state;
  state.sql_hash = SqlHash(table.sql);
  bool unchanged = recorded.has_value() && recorded->sql_hash == state.sql_hash &&
                   !ctx.options->full_refresh &&
                   recorded->versions.size() == table.depends_on.size();
  for (const std::string& dep : table.depends_on) {
    INGOT_ASSIGN_OR_RAISE(int64_t version, CurrentVersion(con, ctx, dep));
    if (version < 0 && !Changed(ctx, dep)) {
      return Status::NotFound("table '", table.id, "' reads '", dep,
                              "', which has no data yet: run it first (or add it to --select)");
    }
    state.versions[dep] = version;  // replaced by the version committed this run, if any
    if (!unchanged) continue;
    auto it = recorded->versions.find(dep);
    if (Changed(ctx, dep) || it == recorded->versions.end() || it->second != version) {
      unchanged = false;
    }
  }
  if (unchanged) {
    run->skipped = true;
    run->report.note = "upstream unchanged";
    return Status::OK();
  }
  run->upstream_state = state;
  // Incremental: read only what each changed upstream gained since the recorded version.
  std::vector<TableRef> refs = FindTableRefs(table.sql, ctx.layers);
  std::vector<std::string> replacements;
  bool incremental = table.IsIncremental() && run->before != nullptr && recorded.has_value() &&
                     recorded->sql_hash == state.sql_hash && !ctx.options->full_refresh &&
                     (table.mode == TableMode::kAppend || table.mode == TableMode::kMerge);
  std::string views_sql;
  std::vector<std::string> notes;
  for (const TableRef& ref : refs) {
    std::string full = View(ref.id());
    if (!incremental) {
      replacements.push_back(full);
      continue;
    }
    auto it = recorded->versions.find(ref.id());
    bool dep_changed = Changed(ctx, ref.id()) || it == recorded->versions.end() ||
                       it->second != state.versions[ref.id()];
    if (!dep_changed) {
      replacements.push_back(full);
      continue;
    }
    int64_t since = it == recorded->versions.end() ? -1 : it->second;
    INGOT_ASSIGN_OR_RAISE(auto increment, Increment(con, ctx, ref.id(), since));
    if (!increment) {
      incremental = false;
      replacements.clear();
      views_sql.clear();
      notes.push_back("recomputed: " + ref.id() + " changed other than by appends");
      break;
    }
    std::string view = StageName(table, "inc_" + ref.layer + "__" + ref.name);
    views_sql += "CREATE OR REPLACE VIEW " + view + " AS " + *increment + ";\n";
    replacements.push_back(view);
    notes.push_back("new rows of " + ref.id());
  }
  if (replacements.size() != refs.size()) {
    replacements.clear();
    for (const TableRef& ref : refs) replacements.push_back(View(ref.id()));
  }
  run->overwrite = !incremental && run->before != nullptr && table.mode == TableMode::kAppend;
  for (const std::string& n : notes) run->report.note += (run->report.note.empty() ? "" : "; ") + n;
  if (ctx.options->dry_run) return Status::OK();
  if (!views_sql.empty()) INGOT_RETURN_NOT_OK(con->Execute(views_sql));
  std::string sql = RewriteTableRefs(table.sql, refs, replacements);
  Status status =
      con->Execute("CREATE OR REPLACE TABLE " + run->stage_in + " AS " + TrimSql(sql) + "\n");
  if (!status.ok()) return ModelError(status, table);
  return Status::OK();
}

Result<int64_t> Count(duck::Connection* con, const std::string& relation) {
  INGOT_ASSIGN_OR_RAISE(std::string text, con->QueryScalar("SELECT count(*) FROM " + relation));
  return std::strtoll(text.c_str(), nullptr, 10);
}

quality::Action ToAction(ExpectAction action) {
  switch (action) {
    case ExpectAction::kWarn:
      return quality::Action::kWarn;
    case ExpectAction::kDrop:
      return quality::Action::kDrop;
    case ExpectAction::kQuarantine:
      return quality::Action::kQuarantine;
    case ExpectAction::kFail:
      return quality::Action::kFail;
  }
  return quality::Action::kWarn;
}

// Deduplicates the batch (run->stage_out) into run->stage_latest, one row per key. DuckDB 1.4
// holds a window's partition in memory while it evaluates it, so a window over 10M wide rows
// fails under a 2 GB memory_limit. The batch is materialised once; the window picks the winners'
// rowids from narrow rows (keys, sequence, a row hash), in hash partitions of the keys when even
// those exceed a quarter of the limit; the winners are then selected by rowid.
Status StageLatest(duck::Connection* con, const TableSpec& table,
                   const std::vector<std::string>& columns, TableRun* run) {
  INGOT_ASSIGN_OR_RAISE(int64_t limit, duck::MemoryLimitBytes(con));
  // About 128 bytes per window row (keys, sequence, hash, rowid and DuckDB's sort and hash
  // overhead), in a quarter of the limit: the batch table and the rowid join need memory too.
  int64_t row_bytes = 128 + 16 * static_cast<int64_t>(table.keys.size());
  int64_t per_part = std::max<int64_t>(limit / 4 / row_bytes, 10000);
  int64_t parts = std::clamp<int64_t>((run->report.rows_written + per_part - 1) / per_part, 1, 256);
  const std::string batch = StageName(table, "batch");
  const std::string ids = StageName(table, "latest_ids");
  run->stage_latest = StageName(table, "latest");
  // A data column named rowid hides DuckDB's: the rows are then numbered instead.
  bool has_rowid = std::any_of(columns.begin(), columns.end(),
                               [](const std::string& c) { return EqualsIgnoreCase(c, "rowid"); });
  const std::string row_id = has_rowid ? "__ingot_rowid" : "rowid";
  std::string sql = "CREATE OR REPLACE TABLE " + batch + " AS SELECT *" +
                    (has_rowid ? ", row_number() OVER () AS __ingot_rowid" : "") + " FROM " +
                    run->stage_out;
  for (int64_t p = 0; p < parts; ++p) {
    sql += (p == 0 ? ";\nCREATE OR REPLACE TABLE " + ids + " AS " : ";\nINSERT INTO " + ids + " ") +
           LatestRowIdsSql(table, batch, columns, row_id, {.part = p, .parts = parts});
  }
  sql += ";\nCREATE OR REPLACE TABLE " + run->stage_latest + " AS SELECT *" +
         (has_rowid ? " EXCLUDE (__ingot_rowid)" : "") + " FROM " + batch + " WHERE " + row_id +
         " IN (SELECT __ingot_rowid FROM " + ids + ");\nDROP TABLE " + ids + ";\nDROP TABLE " +
         batch;
  Status status = con->Execute(sql);
  if (!status.ok()) return status.WithContext("table '", table.id, "' (merge: latest row per key)");
  if (parts > 1) {
    run->report.note += (run->report.note.empty() ? "" : "; ") + std::string("deduplicated in ") +
                        std::to_string(parts) + " key partitions";
  }
  return Status::OK();
}

}  // namespace

TableRun::~TableRun() {
  if (!written.has_value() || written_committed) return;
  delta::RemoveTableFiles(root, written->adds);
  std::error_code ignored;
  if (root_created) std::filesystem::remove(root, ignored);  // only when empty
}

Status StageTable(duck::Connection* con, const RunContext& ctx, TableRun* run) {
  const TableSpec& table = *run->spec;
  StepTimer timer("pipeline step", table.id);
  run->stage_in = StageName(table, "in");
  run->stage_out = StageName(table, "out");
  INGOT_ASSIGN_OR_RAISE(run->before, LoadIfExists(con, run->root));
  if (run->before != nullptr) {
    run->version_before = run->before->version();
    run->txn_version = run->before->TxnVersion(run->app_id).value_or(0) + 1;
    run->report.version = run->version_before;
  } else {
    run->txn_version = 1;
  }
  if (!table.from.empty()) {
    INGOT_RETURN_NOT_OK(PlanSourceTable(con, ctx, run));
  } else {
    INGOT_RETURN_NOT_OK(PlanModelTable(con, ctx, run));
  }
  timer.Done("read");
  if (run->skipped || ctx.options->dry_run) return Status::OK();

  std::vector<quality::Expectation> expectations;
  for (const ExpectationSpec& e : table.expectations) {
    expectations.push_back({e.name, e.expr, ToAction(e.action)});
  }
  if (table.mode == TableMode::kScd2) {
    // A history row needs its start: rows without one go to quarantine, not into the chain.
    expectations.push_back({"sequence_by_not_null",
                            duck::QuoteIdentifier(table.sequence_by) + " IS NOT NULL",
                            quality::Action::kQuarantine});
  }
  INGOT_ASSIGN_OR_RAISE(
      quality::CheckResult check,
      quality::CheckExpectations(con, {.input = run->stage_in,
                                       .expectations = expectations,
                                       .checked_view = StageName(table, "checked")}));
  timer.Done("check");
  run->report.rows_in = check.rows_in;
  run->report.rows_dropped = check.rows_dropped;
  run->report.rows_warned = check.rows_warned;
  for (const quality::ExpectationCount& c : check.counts) {
    run->report.expectations.push_back(
        {c.name, std::string(ExpectActionName(static_cast<ExpectAction>(c.action))),
         c.failed_rows});
  }
  if (const quality::ExpectationCount* failed = check.FirstFailure()) {
    std::string expr;
    for (const auto& e : table.expectations) {
      if (e.name == failed->name) expr = e.expr;
    }
    return Status::InvalidArgument("table '", table.id, "': expectation '", failed->name, "' (",
                                   expr, ") failed on ", failed->failed_rows, " of ", check.rows_in,
                                   " rows (action: fail)");
  }
  INGOT_RETURN_NOT_OK(
      con->Execute("CREATE OR REPLACE VIEW " + run->stage_out + " AS " + check.written_sql));
  INGOT_ASSIGN_OR_RAISE(run->report.rows_written, Count(con, run->stage_out));
  timer.Done("count");
  if (check.rows_quarantined > 0) {
    run->stage_quarantine = StageName(table, "quarantine");
    INGOT_RETURN_NOT_OK(con->Execute("CREATE OR REPLACE TABLE " + run->stage_quarantine + " AS " +
                                     check.QuarantineSql(ctx.run_id, ctx.started_at)));
    INGOT_ASSIGN_OR_RAISE(run->quarantined_rows, Count(con, run->stage_quarantine));
    timer.Done("quarantine");
  }
  run->report.rows_quarantined = run->quarantined_rows;
  const TableReport& r = run->report;
  if (r.rows_in != r.rows_written + r.rows_dropped + r.rows_quarantined) {
    return Status::Internal("table '", table.id, "': rows do not reconcile: ", r.rows_in,
                            " in != ", r.rows_written, " written + ", r.rows_dropped, " dropped + ",
                            r.rows_quarantined, " quarantined");
  }
  if (!run->written.has_value() && WritesAhead(table)) {
    INGOT_RETURN_NOT_OK(WriteStagedRows(con, run));
    timer.Done("write");
  }

  // What downstream tables read: the table as it will be after this run.
  run->replace =
      (table.mode == TableMode::kScd2 ||
       (table.mode == TableMode::kMerge && !table.sequence_by.empty())) &&
      (run->before == nullptr || run->before->files().empty() || ctx.options->full_refresh);
  std::string existing = run->before != nullptr && !run->overwrite && !run->replace
                             ? "delta_scan(" + duck::QuoteLiteral(run->root) + ")"
                             : "";
  std::string after;
  if (table.mode == TableMode::kMerge) {
    std::string latest = run->stage_out;
    if (!table.sequence_by.empty()) {
      INGOT_RETURN_NOT_OK(StageLatest(con, table, check.columns, run));
      latest = run->stage_latest;
      timer.Done("latest");
    }
    after = "SELECT * FROM " + latest;
    if (!existing.empty()) {
      // Batch-sized: the rows that replace or add to the table; the table after the run reads
      // the existing rows once around them (no window over the whole table).
      std::string winners = StageName(table, "winners");
      Status status = con->Execute("CREATE OR REPLACE TABLE " + winners + " AS " +
                                   WinnersSql(table, existing, latest));
      if (!status.ok()) return status.WithContext("table '", table.id, "' (merge)");
      after = MergedSql(table, existing, winners);
    }
  } else if (table.mode == TableMode::kScd2) {
    // The changed history rows are computed once: the commit merges them, and the view of the
    // table after the run reads them.
    Scd2Plan plan = Scd2Sql(table, existing, run->stage_out, check.columns);
    run->stage_changes = StageName(table, "changes");
    Status status =
        con->Execute("CREATE OR REPLACE TABLE " + run->stage_changes + " AS " + plan.changes);
    if (!status.ok()) return status.WithContext("table '", table.id, "' (scd2)");
    after = "SELECT * FROM " + run->stage_changes;
    if (!plan.kept.empty()) after = plan.kept + " UNION ALL BY NAME " + after;
  } else if (!existing.empty()) {
    after = "SELECT * FROM " + existing + " UNION ALL BY NAME SELECT * FROM " + run->stage_out;
  } else {
    after = "SELECT * FROM " + run->stage_out;
  }
  INGOT_RETURN_NOT_OK(con->Execute("CREATE OR REPLACE VIEW " + View(table.id) + " AS " + after));
  timer.Done("final");
  run->staged = true;
  return Status::OK();
}

}  // namespace ingot::pipeline::internal
