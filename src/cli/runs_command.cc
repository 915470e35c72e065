// ingot runs [--warehouse DIR] [--limit N] and ingot runs show <run id>: the pipeline event log.
#include <cstdio>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "cli/commands_internal.h"
#include "cli/output.h"
#include "common/macros.h"
#include "duck/connection.h"
#include "duck/database.h"
#include "pipeline/warehouse.h"

namespace ingot::cli {
namespace {

struct RunsArgs {
  std::string warehouse = ".";
  std::string run_id;
  int64_t limit = 20;
  std::string format = "table";
};

Status ShowRuns(const RunsArgs& args, const GlobalOptions& global, bool show) {
  INGOT_ASSIGN_OR_RAISE(OutputFormat format, ParseOutputFormat(args.format));
  std::string root = pipeline::EventLogPath(args.warehouse);
  if (!pipeline::DeltaTableExists(root)) {
    return Status::NotFound("no runs recorded in warehouse '", args.warehouse, "' (", root,
                            " does not exist)");
  }
  INGOT_ASSIGN_OR_RAISE(Session session, OpenSession(global));
  std::string events = "delta_scan(" + duck::QuoteLiteral(root) + ")";
  std::string sql;
  if (!show) {
    sql =
        "SELECT run_id, pipeline, status, started_at, round(seconds, 2) AS seconds, rows_in, "
        "rows_written, rows_dropped, rows_quarantined, message AS error FROM " +
        events + " WHERE kind = 'run' ORDER BY started_at DESC, run_id DESC LIMIT " +
        std::to_string(args.limit);
  } else {
    INGOT_ASSIGN_OR_RAISE(
        std::string count,
        session.con->QueryScalar("SELECT count(*) FROM " + events +
                                 " WHERE run_id = " + duck::QuoteLiteral(args.run_id)));
    if (count == "0") return Status::NotFound("no run '", args.run_id, "' in the event log");
    sql =
        "SELECT coalesce(table_name, '(run)') AS \"table\", status, rows_in, rows_written, "
        "rows_dropped, rows_quarantined, rows_warned, round(seconds, 2) AS seconds, version, "
        "message, details FROM " +
        events + " WHERE run_id = " + duck::QuoteLiteral(args.run_id) +
        " ORDER BY kind = 'run' DESC, table_name";
  }
  INGOT_ASSIGN_OR_RAISE(auto result, session.con->Query(sql));
  return PrintResult(result.get(), format, stdout, 0).status();
}

}  // namespace

void AddRunsCommand(CLI::App* app, const GlobalOptions* global, CommandOutcome* outcome) {
  auto args = std::make_shared<RunsArgs>();
  CLI::App* cmd =
      app->add_subcommand("runs", "List recent pipeline runs from the warehouse's event log");
  cmd->add_option("--warehouse", args->warehouse, "The warehouse directory (default: .)");
  cmd->add_option("--limit", args->limit, "How many runs (default 20)");
  cmd->add_option("--format", args->format, "table, csv or json")
      ->check(CLI::IsMember({"table", "csv", "json"}));
  CLI::App* show = cmd->add_subcommand("show", "Show one run's table events");
  show->add_option("run_id", args->run_id, "The run id (from 'ingot runs')")->required();
  show->add_option("--warehouse", args->warehouse, "The warehouse directory (default: .)");
  show->add_option("--format", args->format, "table, csv or json")
      ->check(CLI::IsMember({"table", "csv", "json"}));
  show->callback([args, global, outcome] { outcome->status = ShowRuns(*args, *global, true); });
  cmd->callback([cmd, args, global, outcome] {
    if (cmd->got_subcommand("show")) return;
    outcome->status = ShowRuns(*args, *global, false);
  });
}

}  // namespace ingot::cli
