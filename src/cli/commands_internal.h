#pragma once

// Shared by the subcommand files of the ingot binary (not a library header).
#include <memory>
#include <string>
#include <vector>

#include "common/result.h"

namespace CLI {
class App;
}

namespace ingot::duck {
class Connection;
class Database;
}  // namespace ingot::duck

namespace ingot::delta {
class ScanReportLog;
struct ScanReport;
}  // namespace ingot::delta

namespace ingot::cli {

// Options every command accepts (given before or after the subcommand).
struct GlobalOptions {
  int threads = 0;           // DuckDB worker threads; 0 = all cores
  std::string memory_limit;  // e.g. "2GB"; empty = DuckDB's default
  std::string temp_dir;      // where DuckDB spills
  bool verbose = false;      // full error details
};

// What a command's callback hands back to main: the status and, for errors, a specific hint.
struct CommandOutcome {
  Status status;
  std::string hint;
};

// An embedded DuckDB opened with the global options, and a connection to it on which Ingot's SQL
// functions (delta_scan, ...) are registered.
struct Session {
  std::unique_ptr<duck::Database> db;
  std::unique_ptr<duck::Connection> con;  // declared after db: destroyed first
  // What each delta_scan call of the session read (files scanned vs total).
  std::shared_ptr<delta::ScanReportLog> scan_reports;
};
Result<Session> OpenSession(const GlobalOptions& options);

// "scan of <table> v3: 2 of 40 files (1.2 MiB of 24.0 MiB), filter: <filter>" for --stats.
std::string FormatScanReport(const delta::ScanReport& report);

// "a, b,c" -> {"a", "b", "c"}: a comma-separated option value, items trimmed, empty ones dropped.
std::vector<std::string> SplitList(const std::string& text);

void AddSqlCommand(CLI::App* app, const GlobalOptions* global, CommandOutcome* outcome);
void AddConvertCommand(CLI::App* app, const GlobalOptions* global, CommandOutcome* outcome);
void AddTableCommand(CLI::App* app, const GlobalOptions* global, CommandOutcome* outcome);
// ingot table changes (table_changes_command.cc), added by AddTableCommand.
void AddTableChangesCommand(CLI::App* table, const GlobalOptions* global, CommandOutcome* outcome);
// ingot table merge|delete|update (table_dml_command.cc), added by AddTableCommand.
void AddTableDmlCommands(CLI::App* table, const GlobalOptions* global, CommandOutcome* outcome);
// ingot table optimize|vacuum|restore (table_maintenance_command.cc), added by AddTableCommand.
void AddTableMaintenanceCommands(CLI::App* table, const GlobalOptions* global,
                                 CommandOutcome* outcome);
// validate + run (run_command.cc) and runs (runs_command.cc): declarative pipelines.
void AddRunCommand(CLI::App* app, const GlobalOptions* global, CommandOutcome* outcome);
void AddRunsCommand(CLI::App* app, const GlobalOptions* global, CommandOutcome* outcome);
void AddGenerateCommand(CLI::App* app, const GlobalOptions* global, CommandOutcome* outcome);

}  // namespace ingot::cli
