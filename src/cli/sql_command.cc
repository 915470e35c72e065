// ingot sql "<SQL>" [--format table|csv|json] [--max-rows N]
#include <cstdio>
#include <iostream>
#include <iterator>

#include <CLI/CLI.hpp>

#include "cli/commands_internal.h"
#include "cli/output.h"
#include "common/macros.h"
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
};

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
  if (!args.warehouse.empty()) INGOT_RETURN_NOT_OK(pipeline::AttachWarehouse(con, args.warehouse));
  INGOT_ASSIGN_OR_RAISE(auto result, con->Query(sql));
  return PrintResult(result.get(), format, stdout, args.max_rows).status();
}

}  // namespace

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
  cmd->footer(
      "Examples:\n"
      "  ingot sql \"SELECT * FROM 'orders.parquet' LIMIT 5\"\n"
      "  ingot sql --format csv \"SELECT country, sum(amount) FROM 'sales/*.csv' GROUP BY 1\"\n"
      "  ingot sql --warehouse wh \"SELECT * FROM gold.daily_sales ORDER BY day\"");
  cmd->callback([args, global, outcome] {
    outcome->status = RunSql(*args, *global);
    if (!outcome->status.ok() && outcome->status.IsInvalidArgument()) {
      outcome->hint =
          "check the SQL; DuckDB's dialect is documented at https://duckdb.org/docs/sql";
    }
  });
}

}  // namespace ingot::cli
