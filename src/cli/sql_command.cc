// ingot sql "<SQL>" [--format table|csv|json] [--max-rows N] [--warehouse DIR] [--stats]
#include <cstdio>
#include <iostream>
#include <iterator>

#include <CLI/CLI.hpp>

#include "cli/commands_internal.h"
#include "cli/output.h"
#include "common/macros.h"
#include "delta/scan/filter_pushdown.h"
#include "delta/scan/scan_report.h"
#include "duck/connection.h"
#include "duck/database.h"
#include "pipeline/warehouse.h"

namespace ingot::cli {
namespace {

struct SqlArgs {
  std::string sql;
  std::string file;
  std::string format = "table";
  int64_t max_rows = 1000;
  std::string warehouse;  // resolve layer.table names to this warehouse's Delta tables
  bool stats = false;     // print what each delta_scan read
};

std::string Bytes(int64_t bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double value = static_cast<double>(bytes);
  size_t unit = 0;
  while (value >= 1024 && unit + 1 < std::size(units)) {
    value /= 1024;
    ++unit;
  }
  char buf[32];
  std::snprintf(buf, sizeof(buf), unit == 0 ? "%.0f %s" : "%.1f %s", value, units[unit]);
  return buf;
}

Status RunSql(const SqlArgs& args, const GlobalOptions& global) {
  INGOT_ASSIGN_OR_RAISE(OutputFormat format, ParseOutputFormat(args.format));
  std::string sql = args.sql;
  if (!args.file.empty() && !sql.empty()) {
    return Status::InvalidArgument("give the SQL either as an argument or with --file, not both");
  }
  if (!args.file.empty()) {
    std::FILE* f = std::fopen(args.file.c_str(), "rb");
    if (f == nullptr) return Status::NotFound("cannot open SQL file '", args.file, "'");
    char buf[65536];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof(buf), f)) > 0) sql.append(buf, n);
    std::fclose(f);
  } else if (sql.empty() || sql == "-") {
    sql.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  }
  INGOT_ASSIGN_OR_RAISE(Session session, OpenSession(global));
  duck::Connection* con = session.con.get();
  delta::DeltaTableResolver resolve;
  if (!args.warehouse.empty()) {
    INGOT_RETURN_NOT_OK(pipeline::AttachWarehouse(con, args.warehouse));
    resolve = [warehouse = args.warehouse](const std::string& layer,
                                           const std::string& name) -> std::optional<std::string> {
      std::string path = pipeline::TablePath(warehouse, layer, name);
      if (layer.empty() || !pipeline::DeltaTableExists(path)) return std::nullopt;
      return path;
    };
  }
  // Data skipping: WHERE conjuncts over a delta_scan become its filter argument.
  delta::PushdownResult pushed = delta::PushFiltersIntoDeltaScans(con, sql, resolve);
  session.scan_reports->Take();  // the rewrite's own lookups of the scans' columns
  Result<std::unique_ptr<duck::QueryResult>> result = con->Query(pushed.sql);
  if (!result.ok() && pushed.scans_filtered > 0) {
    session.scan_reports->Take();
    result = con->Query(sql);  // DuckDB's error then quotes the user's SQL
  }
  INGOT_RETURN_NOT_OK(result.status());
  Status printed = PrintResult(result->get(), format, stdout, args.max_rows).status();
  if (args.stats) {
    for (const delta::ScanReport& report : session.scan_reports->Take()) {
      std::fprintf(stderr, "%s\n", FormatScanReport(report).c_str());
    }
  }
  return printed;
}

}  // namespace

std::string FormatScanReport(const delta::ScanReport& report) {
  std::string out = "scan of " + report.table + " v" + std::to_string(report.version) + ": " +
                    std::to_string(report.files_scanned) + " of " +
                    std::to_string(report.files_total) + " files (" + Bytes(report.bytes_scanned) +
                    " of " + Bytes(report.bytes_total) + ")";
  if (!report.filter.empty()) out += ", filter: " + report.filter;
  return out;
}

void AddSqlCommand(CLI::App* app, const GlobalOptions* global, CommandOutcome* outcome) {
  auto args = std::make_shared<SqlArgs>();
  CLI::App* cmd = app->add_subcommand(
      "sql", "Run DuckDB SQL (any number of ';'-separated statements) and print the last result");
  cmd->add_option("query", args->sql, "The SQL; '-' or nothing reads it from stdin");
  cmd->add_option("-f,--file", args->file, "Read the SQL from a file");
  cmd->add_option("--format", args->format,
                  "Output format: table, csv or json (one object per line)")
      ->check(CLI::IsMember({"table", "csv", "json"}));
  cmd->add_option("--max-rows", args->max_rows, "Rows shown in table format (0 = all)");
  cmd->add_option("--warehouse", args->warehouse,
                  "Make layer.table names read this warehouse's Delta tables");
  cmd->add_flag("--stats", args->stats,
                "Print the files each Delta table scan read vs the table's total (stderr)");
  cmd->footer(
      "Examples:\n"
      "  ingot sql \"SELECT * FROM 'orders.parquet' LIMIT 5\"\n"
      "  ingot sql --format csv \"SELECT country, sum(amount) FROM 'sales/*.csv' GROUP BY 1\"\n"
      "  ingot sql --warehouse wh \"SELECT * FROM gold.daily_sales ORDER BY day\"\n"
      "  ingot sql --stats \"SELECT count(*) FROM delta_scan('t') WHERE id BETWEEN 10 AND 20\"");
  cmd->callback([args, global, outcome] {
    outcome->status = RunSql(*args, *global);
    if (!outcome->status.ok() && outcome->status.IsInvalidArgument()) {
      outcome->hint =
          "check the SQL; DuckDB's dialect is documented at https://duckdb.org/docs/sql";
    }
  });
}

}  // namespace ingot::cli
