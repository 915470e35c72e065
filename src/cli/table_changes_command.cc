// ingot table changes <path> --from V [--to V]: the table's change data feed.
#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "cli/commands_internal.h"
#include "cli/output.h"
#include "common/macros.h"
#include "delta/scan/table_changes.h"
#include "duck/connection.h"
#include "duck/database.h"
#include "storage/local_fs.h"

namespace ingot::cli {
namespace {

struct ChangesArgs {
  std::string path;
  int64_t from = 0;
  std::optional<int64_t> to;
  std::string format = "table";
  int64_t limit = 0;
};

Status RunChanges(const ChangesArgs& args, const GlobalOptions& global) {
  INGOT_ASSIGN_OR_RAISE(OutputFormat format, ParseOutputFormat(args.format));
  INGOT_ASSIGN_OR_RAISE(Session session, OpenSession(global));
  INGOT_ASSIGN_OR_RAISE(std::string sql,
                        delta::TableChangesSql(std::make_shared<storage::LocalFileSystem>(),
                                               args.path, session.con.get(),
                                               {.from_version = args.from, .to_version = args.to}));
  sql = "SELECT * FROM (" + sql + ") ORDER BY _commit_version, _change_type";
  if (args.limit > 0) sql += " LIMIT " + std::to_string(args.limit);
  INGOT_ASSIGN_OR_RAISE(auto result, session.con->Query(sql));
  return PrintResult(result.get(), format, stdout, 0).status();
}

}  // namespace

void AddTableChangesCommand(CLI::App* table, const GlobalOptions* global, CommandOutcome* outcome) {
  auto args = std::make_shared<ChangesArgs>();
  CLI::App* cmd = table->add_subcommand(
      "changes",
      "Rows inserted, deleted and updated by versions --from..--to (the change data feed), with "
      "_change_type, _commit_version and _commit_timestamp");
  cmd->add_option("path", args->path, "Table directory")->required();
  cmd->add_option("--from", args->from, "First version (inclusive)")->required();
  cmd->add_option("--to", args->to, "Last version (inclusive; default: the latest)");
  cmd->add_option("--format", args->format, "Output format: table, csv or json")
      ->check(CLI::IsMember({"table", "csv", "json"}));
  cmd->add_option("--limit", args->limit, "At most this many rows");
  cmd->callback([args, global, outcome] { outcome->status = RunChanges(*args, *global); });
}

}  // namespace ingot::cli
