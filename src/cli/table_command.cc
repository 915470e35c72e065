// ingot table <create|...>: Delta tables on local disk.
#include <cstdio>
#include <map>
#include <set>
#include <sstream>

#include <CLI/CLI.hpp>

#include "cli/commands_internal.h"
#include "cli/output.h"
#include "common/clock.h"
#include "common/macros.h"
#include "connectors/files/convert.h"
#include "connectors/files/file_format.h"
#include "delta/log/json_writer.h"
#include "delta/ops/create_table.h"
#include "delta/ops/write_table.h"
#include "delta/scan/delta_functions.h"
#include "delta/scan/scan_sql.h"
#include "delta/scan/snapshot_scan.h"
#include "delta/snapshot/history.h"
#include "delta/snapshot/snapshot_loader.h"
#include "duck/connection.h"
#include "duck/database.h"
#include "storage/local_fs.h"

namespace ingot::cli {
namespace {

// Where the rows of a write come from: --file, --sql or (create only) --schema.
struct SourceArgs {
  std::string file;
  std::string format;
  std::string sql;
};

Result<std::string> SourceSql(const SourceArgs& source) {
  if (!source.file.empty() && !source.sql.empty()) {
    return Status::InvalidArgument("give either --file or --sql, not both");
  }
  if (!source.sql.empty()) return source.sql;
  if (source.file.empty()) return std::string();
  files::ReadOptions read;
  if (!source.format.empty()) {
    INGOT_ASSIGN_OR_RAISE(read.format, files::ParseFileFormat(source.format));
  } else {
    INGOT_ASSIGN_OR_RAISE(read.format, files::FormatFromPath(source.file));
  }
  return "SELECT * FROM " + files::ReadExpression(source.file, read);
}

Result<std::map<std::string, std::string>> ParseProperties(const std::vector<std::string>& items) {
  std::map<std::string, std::string> out;
  for (const std::string& item : items) {
    size_t eq = item.find('=');
    if (eq == std::string::npos || eq == 0) {
      return Status::InvalidArgument("table property '", item, "' is not key=value");
    }
    out[item.substr(0, eq)] = item.substr(eq + 1);
  }
  return out;
}

struct CreateArgs {
  std::string path;
  SourceArgs source;
  std::string schema;
  std::string partition_by;
  std::vector<std::string> properties;
  bool timestamp_ntz = false;
};

Status RunCreate(const CreateArgs& args, const GlobalOptions& global) {
  int given = !args.source.file.empty() + !args.source.sql.empty() + !args.schema.empty();
  if (given != 1) {
    return Status::InvalidArgument("give exactly one of --file, --sql or --schema");
  }
  INGOT_ASSIGN_OR_RAISE(Session session, OpenSession(global));
  duck::Connection* con = session.con.get();
  delta::CreateTableOptions options;
  options.table_root = args.path;
  options.timestamp_ntz = args.timestamp_ntz;
  options.partition_columns = SplitList(args.partition_by);
  INGOT_ASSIGN_OR_RAISE(options.properties, ParseProperties(args.properties));
  INGOT_ASSIGN_OR_RAISE(options.source_sql, SourceSql(args.source));
  if (!args.schema.empty()) {
    INGOT_ASSIGN_OR_RAISE(files::Schema columns, files::ParseSchema(con, args.schema));
    std::string select;
    for (const auto& [name, type] : columns) {
      if (!select.empty()) select += ", ";
      select += "CAST(NULL AS " + type + ") AS " + duck::QuoteIdentifier(name);
    }
    // A declared TIMESTAMP has no time zone: timestamp_ntz (TIMESTAMPTZ is a UTC timestamp).
    INGOT_ASSIGN_OR_RAISE(options.schema,
                          delta::SchemaOfQuery(con, "SELECT " + select, /*timestamp_ntz=*/true));
  }
  INGOT_ASSIGN_OR_RAISE(delta::CommitResult result, delta::CreateTable(con, options));
  std::printf("created table %s at version %lld\n", args.path.c_str(),
              static_cast<long long>(result.version));
  return Status::OK();
}

struct WriteArgs {
  std::string path;
  SourceArgs source;
  bool merge_schema = false;
  std::string replace_where;
};

Status RunWrite(const WriteArgs& args, delta::WriteMode mode, const GlobalOptions& global) {
  if (args.source.file.empty() == args.source.sql.empty()) {
    return Status::InvalidArgument("give exactly one of --file or --sql");
  }
  INGOT_ASSIGN_OR_RAISE(Session session, OpenSession(global));
  duck::Connection* con = session.con.get();
  delta::WriteTableOptions options{.table_root = args.path,
                                   .mode = mode,
                                   .replace_where = args.replace_where,
                                   .merge_schema = args.merge_schema};
  INGOT_ASSIGN_OR_RAISE(options.source_sql, SourceSql(args.source));
  INGOT_ASSIGN_OR_RAISE(delta::WriteTableResult result, delta::WriteTable(con, options));
  std::printf("%s %s: version %lld, %lld rows in %lld files added, %lld files removed\n",
              mode == delta::WriteMode::kAppend ? "appended to" : "overwrote", args.path.c_str(),
              static_cast<long long>(result.version), static_cast<long long>(result.rows_written),
              static_cast<long long>(result.files_added),
              static_cast<long long>(result.files_removed));
  return Status::OK();
}

struct InspectArgs {
  std::string path;
  std::string format = "table";
  int64_t version = -1;
  std::string timestamp;
  int64_t limit = 0;
  std::string where;   // scan: only rows satisfying this predicate
  bool stats = false;  // scan: print files scanned vs total
};

Result<std::shared_ptr<const delta::Snapshot>> LoadFor(const InspectArgs& args,
                                                       duck::Connection* con) {
  delta::SnapshotOptions options;
  if (args.version >= 0) options.version = args.version;
  if (!args.timestamp.empty()) {
    if (options.version) return Status::InvalidArgument("give --version or --timestamp, not both");
    INGOT_ASSIGN_OR_RAISE(options.timestamp_millis, delta::ParseTimestampMillis(args.timestamp));
  }
  return delta::LoadSnapshot(std::make_shared<storage::LocalFileSystem>(), args.path, con, options);
}

// Prints `sql`'s result in `format`.
Status PrintQuery(duck::Connection* con, const std::string& sql, const std::string& format,
                  int64_t max_rows = 0) {
  INGOT_ASSIGN_OR_RAISE(OutputFormat output, ParseOutputFormat(format));
  INGOT_ASSIGN_OR_RAISE(auto result, con->Query(sql));
  return PrintResult(result.get(), output, stdout, max_rows).status();
}

Status RunScan(const InspectArgs& args, const GlobalOptions& global) {
  INGOT_ASSIGN_OR_RAISE(Session session, OpenSession(global));
  duck::Connection* con = session.con.get();
  INGOT_ASSIGN_OR_RAISE(auto snapshot, LoadFor(args, con));
  delta::ScanReport report;
  INGOT_ASSIGN_OR_RAISE(std::string sql, delta::FilteredSnapshotScanSql(con, *snapshot, args.path,
                                                                        args.where, &report));
  if (args.limit > 0) sql = "SELECT * FROM (" + sql + ") LIMIT " + std::to_string(args.limit);
  Status printed = PrintQuery(con, sql, args.format);
  if (!printed.ok()) {
    printed = printed.WithContext("table '", args.path, "' version ", snapshot->version());
  }
  if (args.stats) std::fprintf(stderr, "%s\n", FormatScanReport(report).c_str());
  return printed;
}

std::string Literal(const std::string& text) { return duck::QuoteLiteral(text); }

Status RunDescribe(const InspectArgs& args, const GlobalOptions& global) {
  INGOT_ASSIGN_OR_RAISE(Session session, OpenSession(global));
  duck::Connection* con = session.con.get();
  INGOT_ASSIGN_OR_RAISE(auto snapshot, LoadFor(args, con));
  const delta::Protocol& protocol = snapshot->protocol();
  std::string features;
  if (protocol.reader_features || protocol.writer_features) {
    std::set<std::string> all;
    if (protocol.reader_features)
      all.insert(protocol.reader_features->begin(), protocol.reader_features->end());
    if (protocol.writer_features)
      all.insert(protocol.writer_features->begin(), protocol.writer_features->end());
    for (const auto& f : all) features += (features.empty() ? "" : ",") + f;
  }
  std::string partitions;
  for (const auto& p : snapshot->partition_columns())
    partitions += (partitions.empty() ? "" : ",") + p;
  std::string properties;
  for (const auto& [k, v] : snapshot->metadata().configuration) {
    properties += (properties.empty() ? "" : ", ") + k + "=" + v;
  }
  std::string rows = "SELECT * FROM (VALUES ";
  auto row = [&rows](const std::string& key, const std::string& value) {
    rows += (rows.back() == ' ' ? "" : ", ") + std::string("(") + Literal(key) + ", " +
            Literal(value) + ")";
  };
  row("path", args.path);
  row("version", std::to_string(snapshot->version()));
  row("timestamp", FormatIso8601Millis(snapshot->timestamp_millis()));
  row("id", snapshot->metadata().id);
  if (snapshot->metadata().name) row("name", *snapshot->metadata().name);
  row("schema", snapshot->schema().ToString());
  row("partition_columns", partitions);
  row("properties", properties);
  row("protocol", "reader " + std::to_string(protocol.min_reader_version) + ", writer " +
                      std::to_string(protocol.min_writer_version) +
                      (features.empty() ? "" : " (" + features + ")"));
  row("files", std::to_string(snapshot->files().size()));
  row("size_bytes", std::to_string(snapshot->total_size()));
  if (snapshot->checkpoint_version()) {
    row("checkpoint_version", std::to_string(*snapshot->checkpoint_version()));
  }
  rows += ") AS t(property, value)";
  return PrintQuery(con, rows, args.format);
}

Status RunHistory(const InspectArgs& args, const GlobalOptions& global) {
  delta::HistoryOptions options;
  if (args.limit > 0) options.limit = static_cast<size_t>(args.limit);
  INGOT_ASSIGN_OR_RAISE(auto history, delta::History(std::make_shared<storage::LocalFileSystem>(),
                                                     args.path, options));
  INGOT_ASSIGN_OR_RAISE(Session session, OpenSession(global));
  duck::Connection* con = session.con.get();
  auto fields = [](const delta::JsonFields& items) {
    std::string out = "{";
    for (const auto& [key, value] : items) {
      out += (out.size() > 1 ? "," : "") + delta::QuoteJsonString(key) + ":" + value;
    }
    return out + "}";
  };
  std::string sql = "SELECT version, timestamp, operation, parameters, metrics FROM (VALUES ";
  for (size_t i = 0; i < history.size(); ++i) {
    const delta::HistoryEntry& entry = history[i];
    sql += (i > 0 ? ", (" : "(") + std::to_string(entry.version) + ", " +
           Literal(FormatIso8601Millis(entry.timestamp_millis)) + ", " +
           Literal(entry.operation.value_or("")) + ", " +
           Literal(fields(entry.operation_parameters)) + "::JSON, " +
           Literal(fields(entry.operation_metrics)) + "::JSON)";
  }
  if (history.empty()) {
    sql +=
        "(0, '', '', '{}'::JSON, '{}'::JSON)) AS t(version, timestamp, operation, parameters, "
        "metrics) WHERE false";
  } else {
    sql += ") AS t(version, timestamp, operation, parameters, metrics)";
  }
  return PrintQuery(con, sql, args.format);
}

void AddInspectOptions(CLI::App* cmd, InspectArgs* args, bool time_travel) {
  cmd->add_option("path", args->path, "Table directory")->required();
  cmd->add_option("--format", args->format, "Output format: table, csv or json")
      ->check(CLI::IsMember({"table", "csv", "json"}));
  if (time_travel) {
    cmd->add_option("--version", args->version, "Read the table as of this version");
    cmd->add_option("--timestamp", args->timestamp,
                    "Read the table as of this time (ISO-8601, UTC)");
  }
}

void AddSourceOptions(CLI::App* cmd, SourceArgs* source) {
  cmd->add_option("--file", source->file, "Rows from a CSV, JSON or Parquet file (or glob)");
  cmd->add_option("--format", source->format, "Format of --file when its extension does not tell");
  cmd->add_option("--sql", source->sql, "Rows from a DuckDB query");
}

}  // namespace

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    size_t b = item.find_first_not_of(' ');
    size_t e = item.find_last_not_of(' ');
    if (b != std::string::npos) out.push_back(item.substr(b, e - b + 1));
  }
  return out;
}

void AddTableCommand(CLI::App* app, const GlobalOptions* global, CommandOutcome* outcome) {
  CLI::App* table = app->add_subcommand("table", "Create, write and inspect Delta tables");
  table->require_subcommand(1);

  auto create = std::make_shared<CreateArgs>();
  CLI::App* cmd = table->add_subcommand("create", "Create a Delta table (version 0)");
  cmd->add_option("path", create->path, "Table directory")->required();
  AddSourceOptions(cmd, &create->source);
  cmd->add_option("--schema", create->schema,
                  "An empty table with these columns: \"id BIGINT, name VARCHAR\"");
  cmd->add_option("--partition-by", create->partition_by, "Partition columns: c1,c2");
  cmd->add_option("--property", create->properties, "Table property key=value (repeatable)");
  cmd->add_flag("--timestamp-ntz", create->timestamp_ntz,
                "Store TIMESTAMP columns as timestamp_ntz instead of UTC timestamps");
  cmd->callback([create, global, outcome] { outcome->status = RunCreate(*create, *global); });

  for (delta::WriteMode mode : {delta::WriteMode::kAppend, delta::WriteMode::kOverwrite}) {
    bool append = mode == delta::WriteMode::kAppend;
    auto write = std::make_shared<WriteArgs>();
    CLI::App* w = table->add_subcommand(
        append ? "append" : "overwrite",
        append ? "Append rows (a new version)" : "Replace the table's rows (a new version)");
    w->add_option("path", write->path, "Table directory")->required();
    AddSourceOptions(w, &write->source);
    w->add_flag("--merge-schema", write->merge_schema, "Add columns the table lacks");
    if (!append) {
      w->add_option("--replace-where", write->replace_where,
                    "Replace only partitions matching this predicate on partition columns");
    }
    w->callback(
        [write, mode, global, outcome] { outcome->status = RunWrite(*write, mode, *global); });
  }

  auto scan = std::make_shared<InspectArgs>();
  CLI::App* s =
      table->add_subcommand("scan", "Print the table's rows (optionally as of a version)");
  AddInspectOptions(s, scan.get(), true);
  s->add_option("--limit", scan->limit, "At most this many rows");
  s->add_option("--where", scan->where,
                "Only rows satisfying this SQL predicate; files whose statistics rule it out are "
                "not read");
  s->add_flag("--stats", scan->stats, "Print the files read vs the table's total (stderr)");
  s->callback([scan, global, outcome] { outcome->status = RunScan(*scan, *global); });

  auto describe = std::make_shared<InspectArgs>();
  CLI::App* d = table->add_subcommand("describe",
                                      "Schema, partitioning, properties, protocol, files and size");
  AddInspectOptions(d, describe.get(), true);
  d->callback([describe, global, outcome] { outcome->status = RunDescribe(*describe, *global); });

  auto history = std::make_shared<InspectArgs>();
  CLI::App* h = table->add_subcommand("history", "Commits, newest first");
  AddInspectOptions(h, history.get(), false);
  h->add_option("--limit", history->limit, "At most this many commits");
  h->callback([history, global, outcome] { outcome->status = RunHistory(*history, *global); });
  AddTableChangesCommand(table, global, outcome);
  AddTableDmlCommands(table, global, outcome);
  AddTableMaintenanceCommands(table, global, outcome);
}

}  // namespace ingot::cli
