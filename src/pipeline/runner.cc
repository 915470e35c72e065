#include "pipeline/runner.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "common/logging.h"
#include "common/macros.h"
#include "duck/connection.h"
#include "duck/database.h"
#include "pipeline/dag.h"
#include "pipeline/event_log.h"
#include "pipeline/runner_internal.h"
#include "pipeline/warehouse.h"

namespace ingot::pipeline {

using internal::RunContext;
using internal::TableRun;

namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string UtcNow(const char* format) {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[64];
  std::strftime(buf, sizeof(buf), format, &tm);
  return buf;
}

std::string NewRunId() {
  std::random_device rd;
  char suffix[8];
  std::snprintf(suffix, sizeof(suffix), "%04x", static_cast<unsigned>(rd() & 0xffff));
  return UtcNow("%Y%m%dT%H%M%SZ-") + suffix;
}

std::string Describe(const TableReport& r) {
  if (r.status == "skipped") return "skipped (" + r.note + ")";
  if (r.status == "planned") return "would run (" + (r.note.empty() ? r.mode : r.note) + ")";
  char buf[256];
  std::snprintf(buf, sizeof(buf), "%lld in, %lld written, %lld dropped, %lld quarantined (%.2fs)",
                static_cast<long long>(r.rows_in), static_cast<long long>(r.rows_written),
                static_cast<long long>(r.rows_dropped), static_cast<long long>(r.rows_quarantined),
                r.seconds);
  return buf;
}

// DuckDB's worker threads for staging the next table, when the database has `threads`, the run
// `workers` workers and `models` model tables are ready or running (`others`: source tables).
// Each worker's own thread also runs its query, so while there are more model tables to go than
// workers the background threads are split between the workers: one query per core wastes less
// time partitioning and combining hash tables than every query spread over every core (about 20%
// less CPU for the e-commerce gold tables). A file source (a big CSV read runs its scan with the
// threads there are when it starts) and the last tables get every thread.
int StageThreads(int threads, int workers, size_t models, size_t others) {
  if (workers <= 1 || threads <= 1 || others > 0 || models <= static_cast<size_t>(workers)) {
    return threads;
  }
  return std::max(1, threads / workers);
}

enum class Phase { kStage, kCommit };

// Stages (or commits) the tables of `order` with up to `parallelism` workers, each table once all
// tables it reads are staged (committed: a commit records the versions of the tables it read).
// Commits only the staged tables. Stops scheduling at the first failure and returns it. `threads`
// is the database's DuckDB thread count (0 = unknown: left alone); see StageThreads.
Status RunPhase(duck::Database* db, const RunContext& ctx, const std::vector<TableRun*>& order,
                int parallelism, int threads, Phase phase) {
  std::mutex mu;
  std::condition_variable cv;
  std::vector<int> state(order.size(), 0);  // 0 pending, 1 running, 2 done
  size_t finished = 0;
  const bool commit = phase == Phase::kCommit;
  if (commit) {
    for (size_t i = 0; i < order.size(); ++i) {
      if (!order[i]->staged) {
        state[i] = 2;
        ++finished;
      }
    }
  }
  Status failure;
  size_t total = order.size();
  RunObserver* observer = ctx.options->observer;
  auto progress = [&](const std::string& line) {
    if (observer != nullptr) observer->Line(line);
  };
  auto ready = [&](size_t i) {
    for (const std::string& dep : order[i]->spec->depends_on) {
      for (size_t j = 0; j < order.size(); ++j) {
        if (order[j]->spec->id == dep && state[j] != 2) return false;
      }
    }
    return true;
  };
  int n = std::max(1, std::min<int>(parallelism, static_cast<int>(order.size())));
  int current_threads = threads;
  // Called with `mu` held, before a worker starts a table.
  auto set_threads = [&](duck::Connection* con) {
    if (threads <= 0 || con == nullptr) return;
    size_t models = 0, others = 0;
    for (size_t i = 0; i < order.size(); ++i) {
      if (state[i] == 1 || (state[i] == 0 && ready(i)))
        ++(order[i]->spec->from.empty() ? models : others);
    }
    int wanted = StageThreads(threads, n, models, others);
    if (wanted == current_threads) return;
    if (con->Execute("SET threads = " + std::to_string(wanted)).ok()) current_threads = wanted;
  };
  auto worker = [&]() {
    auto con_result = db->Connect();
    std::unique_ptr<duck::Connection> con;
    if (con_result.ok()) con = std::move(*con_result);
    std::unique_lock<std::mutex> lock(mu);
    while (true) {
      size_t pick = order.size();
      cv.wait(lock, [&] {
        if (!failure.ok() || finished == total) return true;
        for (size_t i = 0; i < order.size(); ++i) {
          if (state[i] == 0 && ready(i)) {
            pick = i;
            return true;
          }
        }
        return false;
      });
      if (!failure.ok() || finished == total || pick == order.size()) break;
      set_threads(con.get());
      state[pick] = 1;
      TableRun* run = order[pick];
      if (observer != nullptr) {
        observer->TableStarted(run->spec->id, commit ? "committing" : "staging");
      }
      lock.unlock();
      auto start = Clock::now();
      Status status = con == nullptr ? con_result.status()
                      : commit       ? internal::CommitTable(con.get(), ctx, run)
                                     : internal::StageTable(con.get(), ctx, run);
      // Staging sets the seconds, committing adds to them.
      run->report.seconds = (commit ? run->report.seconds : 0) + SecondsSince(start);
      lock.lock();
      if (observer != nullptr) observer->TableFinished(run->spec->id);
      state[pick] = 2;
      ++finished;
      if (!status.ok()) {
        run->report.status = "failed";
        run->report.note = status.message();
        if (failure.ok()) failure = status;
        if (!commit) progress("failed  " + run->spec->id + ": " + status.message());
      } else if (commit) {
        run->report.status = "written";
        progress("committed " + run->spec->id + " at version " +
                 std::to_string(run->report.version));
      } else {
        run->report.status = run->skipped ? "skipped" : ctx.options->dry_run ? "planned" : "staged";
        progress("[" + std::to_string(finished) + "/" + std::to_string(total) + "] " +
                 run->spec->id + ": " + Describe(run->report));
      }
      cv.notify_all();
    }
    cv.notify_all();
  };
  std::vector<std::thread> workers;
  for (int i = 0; i < n; ++i) workers.emplace_back(worker);
  for (std::thread& t : workers) t.join();
  if (current_threads != threads) {
    auto con = db->Connect();
    if (con.ok()) (void)(*con)->Execute("SET threads = " + std::to_string(threads));
  }
  return failure;
}

}  // namespace

RunReport RunPipeline(duck::Database* db, const PipelineSpec& spec, const RunOptions& options) {
  auto start = Clock::now();
  RunReport report;
  report.run_id = NewRunId();
  report.pipeline = spec.name;
  report.started_at = UtcNow("%Y-%m-%d %H:%M:%S");
  report.dry_run = options.dry_run;
  auto progress = [&](const std::string& line) {
    if (options.observer != nullptr) options.observer->Line(line);
  };

  std::vector<std::unique_ptr<TableRun>> runs;
  RunContext ctx;
  ctx.db = db;
  ctx.spec = &spec;
  ctx.options = &options;
  ctx.run_id = report.run_id;
  ctx.started_at = report.started_at;
  std::unique_ptr<duck::Connection> con;
  report.status = [&]() -> Status {
    if (spec.warehouse.empty()) {
      return Status::InvalidArgument(
          "no warehouse: set 'warehouse' in the pipeline or pass --warehouse");
    }
    INGOT_ASSIGN_OR_RAISE(auto order, TopologicalOrder(spec));
    std::set<std::string> selected;
    for (const std::string& s : options.select) {
      INGOT_ASSIGN_OR_RAISE(auto names, SelectTables(spec, s));
      selected.insert(names.begin(), names.end());
    }
    for (size_t i : order) {
      const TableSpec& table = spec.tables[i];
      ctx.layers.insert(table.layer);
      if (!selected.empty() && selected.count(table.id) == 0) continue;
      auto run = std::make_unique<TableRun>();
      run->spec = &table;
      run->root = TablePath(spec.warehouse, table.layer, table.name);
      run->app_id = spec.name + "." + table.id;
      run->report.id = table.id;
      run->report.mode = std::string(TableModeName(table.mode));
      ctx.runs[table.id] = run.get();
      runs.push_back(std::move(run));
    }
    INGOT_ASSIGN_OR_RAISE(con, db->Connect());
    // Staged rows live for one run only: storing them uncompressed makes staging a table about
    // twice as cheap (DuckDB compresses in-memory tables), for more memory (which spills).
    std::string setup =
        "SET force_compression = 'uncompressed';\nCREATE SCHEMA IF NOT EXISTS __ingot;\n";
    for (const std::string& layer : ctx.layers) {
      setup += "CREATE SCHEMA IF NOT EXISTS " + duck::QuoteIdentifier(layer) + ";\n";
    }
    INGOT_RETURN_NOT_OK(con->Execute(setup));
    std::error_code ec;
    if (std::filesystem::is_directory(spec.warehouse, ec)) {
      // Only the tables the selected models read (the run's own get views when staged).
      std::set<std::string> read;
      for (const auto& r : runs)
        read.insert(r->spec->depends_on.begin(), r->spec->depends_on.end());
      INGOT_RETURN_NOT_OK(AttachWarehouse(con.get(), spec.warehouse, &read));
    }
    progress("run " + report.run_id + " of pipeline '" + spec.name +
             "': " + std::to_string(runs.size()) + " tables, warehouse " + spec.warehouse);
    std::vector<TableRun*> ordered;
    for (auto& r : runs) ordered.push_back(r.get());
    int threads = 0;
    if (auto text = con->QueryScalar("SELECT current_setting('threads')"); text.ok()) {
      threads = std::atoi(text->c_str());
    }
    INGOT_RETURN_NOT_OK(RunPhase(db, ctx, ordered, options.parallelism, threads, Phase::kStage));
    if (options.dry_run) return Status::OK();
    // Every table staged: commit them, each after the tables it reads (independent tables in
    // parallel: writing a table's files is mostly its own work).
    return RunPhase(db, ctx, ordered, options.parallelism, threads, Phase::kCommit);
  }();
  for (auto& run : runs) {
    // Staged, but the run failed before committing it.
    if (run->report.status == "staged") run->report.status = "not written";
    report.tables.push_back(run->report);
  }
  report.seconds = SecondsSince(start);
  if (!options.dry_run && con != nullptr) {
    Status logged = AppendRunEvents(con.get(), spec.warehouse, report);
    if (!logged.ok()) progress("warning: could not write the event log: " + logged.message());
  }
  if (con != nullptr) {
    // Free the staged rows (the database may outlive the run).
    Status dropped = con->Execute("DROP SCHEMA IF EXISTS __ingot CASCADE");
    (void)dropped;
  }
  return report;
}

}  // namespace ingot::pipeline
