#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.h"
#include "pipeline/spec.h"

namespace ingot::duck {
class Database;
}

namespace ingot::pipeline {

// What a run reports while it goes. Calls come from the runner's threads, one at a time.
class RunObserver {
 public:
  virtual ~RunObserver() = default;
  // One human-readable line: a table staged, committed or failed, a warning.
  virtual void Line(const std::string& line) = 0;
  // A table started a step ("staging", "committing") / finished it.
  virtual void TableStarted(const std::string& /*table*/, const std::string& /*step*/) {}
  virtual void TableFinished(const std::string& /*table*/) {}
};

struct RunOptions {
  // --select expressions (see SelectTables); empty runs every table.
  std::vector<std::string> select;
  // Ignore the incremental state: re-read every file and upstream row, overwrite the targets.
  bool full_refresh = false;
  // Decide what would run (files and upstream versions are read) but stage and write nothing.
  bool dry_run = false;
  // Tables staged at once (each on its own DuckDB connection).
  int parallelism = 2;
  // Receives the run's progress; nullptr: none.
  RunObserver* observer = nullptr;
};

struct ExpectationReport {
  std::string name;
  std::string action;
  int64_t failed_rows = 0;
};

struct TableReport {
  std::string id;
  std::string mode;
  // "written", "skipped" (nothing new), "failed", "not run" (the run failed first), "not
  // written" (staged, but the run failed before committing it), "planned" (dry run: would run).
  std::string status = "not run";
  std::string note;  // why skipped, what failed, which files were read
  int64_t rows_in = 0;
  int64_t rows_written = 0;
  int64_t rows_dropped = 0;
  int64_t rows_quarantined = 0;
  int64_t rows_warned = 0;
  int64_t files_read = 0;
  double seconds = 0;
  // The table's version after the run (-1: none).
  int64_t version = -1;
  std::vector<ExpectationReport> expectations;
};

struct RunReport {
  std::string run_id;
  std::string pipeline;
  std::string started_at;  // UTC, "YYYY-MM-DD HH:MM:SS"
  double seconds = 0;
  // OK, or why the run failed (then no table of the run has been written, unless the failure
  // happened while committing: see docs/pipeline.md).
  Status status;
  bool dry_run = false;
  std::vector<TableReport> tables;  // in run order
};

// Runs the pipeline once against spec.warehouse:
//  1. stages every selected table in dependency order (independent tables in parallel): reads new
//     files or upstream rows, runs the model SQL, checks expectations and reconciles the counts
//     (rows in = written + dropped + quarantined); a model reads its upstream tables as they will
//     be after this run;
//  2. only when every table staged without error, commits each table (and its quarantine table)
//     with its incremental state (domainMetadata) and an exactly-once txn in the same commit;
//  3. appends the run's events to <warehouse>/_ingot/events.
// `db` must have the Delta SQL functions registered (delta::RegisterDeltaFunctions).
RunReport RunPipeline(duck::Database* db, const PipelineSpec& spec, const RunOptions& options);

}  // namespace ingot::pipeline
