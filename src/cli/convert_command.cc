// ingot convert <in> <out> [--from F] [--to F] [--schema S] [--compression C]
#include <chrono>
#include <cstdio>

#include <CLI/CLI.hpp>

#include "cli/commands_internal.h"
#include "common/macros.h"
#include "connectors/files/convert.h"
#include "duck/connection.h"
#include "duck/database.h"

namespace ingot::cli {
namespace {

struct ConvertArgs {
  files::ConvertOptions options;
  std::string from;
  std::string to;
  bool quiet = false;
};

Status RunConvert(ConvertArgs* args, const GlobalOptions& global) {
  if (!args->from.empty()) {
    INGOT_ASSIGN_OR_RAISE(args->options.input_format, files::ParseFileFormat(args->from));
  }
  if (!args->to.empty()) {
    INGOT_ASSIGN_OR_RAISE(args->options.output_format, files::ParseFileFormat(args->to));
  }
  INGOT_ASSIGN_OR_RAISE(Session session, OpenSession(global));
  duck::Connection* con = session.con.get();
  auto start = std::chrono::steady_clock::now();
  INGOT_ASSIGN_OR_RAISE(files::ConvertStats stats, files::Convert(con, args->options));
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!args->quiet) {
    std::printf("converted %lld rows: %s (%s) -> %s (%s, %lld bytes) in %.2f s\n",
                static_cast<long long>(stats.rows), args->options.input.c_str(),
                std::string(files::FileFormatName(stats.input_format)).c_str(),
                args->options.output.c_str(),
                std::string(files::FileFormatName(stats.output_format)).c_str(),
                static_cast<long long>(stats.output_bytes), seconds);
  }
  return Status::OK();
}

}  // namespace

void AddConvertCommand(CLI::App* app, const GlobalOptions* global, CommandOutcome* outcome) {
  auto args = std::make_shared<ConvertArgs>();
  CLI::App* cmd = app->add_subcommand(
      "convert", "Convert between CSV, JSON (newline-delimited) and Parquet, inferring the schema");
  cmd->add_option("input", args->options.input, "Input file or glob (e.g. 'data/*.csv')")
      ->required();
  cmd->add_option("output", args->options.output, "Output file (written atomically)")->required();
  cmd->add_option("--from", args->from,
                  "Input format when the extension does not tell: csv, tsv, json, parquet");
  cmd->add_option("--to", args->to,
                  "Output format when the extension does not tell: csv, json, parquet");
  cmd->add_option("--schema", args->options.schema,
                  "Declared input columns instead of inference: \"id BIGINT, name VARCHAR\"");
  cmd->add_option(
      "--compression", args->options.compression,
      "parquet: snappy (default), zstd, gzip, lz4, brotli, none; csv/json: gzip, zstd, none");
  cmd->add_option("--header", args->options.csv_header,
                  "CSV input has a header line: true, false, auto")
      ->check(CLI::IsMember({"true", "false", "auto"}));
  cmd->add_option("--delimiter", args->options.csv_delimiter,
                  "CSV input delimiter (default: detect)");
  cmd->add_flag("-q,--quiet", args->quiet, "Print nothing on success");
  cmd->footer(
      "Examples:\n"
      "  ingot convert orders.csv orders.parquet --compression zstd\n"
      "  ingot convert events.json events.csv\n"
      "  ingot convert raw.csv typed.parquet --schema \"id BIGINT, ts TIMESTAMP, amount "
      "DECIMAL(12,2)\"");
  cmd->callback([args, global, outcome] {
    outcome->status = RunConvert(args.get(), *global);
    if (outcome->status.IsInvalidArgument() &&
        outcome->status.message().find("CSV Error") != std::string::npos) {
      outcome->hint = "fix the row, or declare the columns with --schema to read them as text";
    }
  });
}

}  // namespace ingot::cli
