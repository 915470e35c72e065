// The ingot command line: thin parsing over the libraries, one file per subcommand.
#include <cstdio>
#include <string>

#include <CLI/CLI.hpp>

#include "cli/commands_internal.h"
#include "cli/errors.h"
#include "common/logging.h"
#include "common/macros.h"
#include "delta/scan/delta_functions.h"
#include "delta/scan/scan_report.h"
#include "duck/connection.h"
#include "duck/database.h"

namespace ingot::cli {

Result<Session> OpenSession(const GlobalOptions& options) {
  Session session;
  INGOT_ASSIGN_OR_RAISE(session.db, duck::Database::Open({.threads = options.threads,
                                                          .memory_limit = options.memory_limit,
                                                          .temp_directory = options.temp_dir}));
  INGOT_ASSIGN_OR_RAISE(session.con, session.db->Connect());
  session.scan_reports = std::make_shared<delta::ScanReportLog>();
  INGOT_RETURN_NOT_OK(
      delta::RegisterDeltaFunctions(session.db.get(), session.con.get(), session.scan_reports));
  return session;
}

namespace {

int Run(int argc, char** argv) {
  Logger::ConfigureFromEnvironment();
  CLI::App app{"Ingot: ingest, store and refine data as Delta Lake tables, in one fast binary."};
  app.name("ingot");
  app.set_version_flag("-V,--version", std::string("ingot ") + INGOT_VERSION + " (DuckDB " +
                                           duck::LibraryVersion() + ")");
  app.require_subcommand(1);
  app.fallthrough();

  GlobalOptions global;
  CommandOutcome outcome;
  app.add_option("--threads", global.threads, "DuckDB worker threads (default: all cores)")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--memory-limit", global.memory_limit, "DuckDB memory limit, e.g. 2GB");
  app.add_option("--temp-dir", global.temp_dir, "Where DuckDB spills when over the memory limit");
  app.add_flag("-v,--verbose", global.verbose, "Print full error details");
  std::string log_level;
  app.add_option("--log-level", log_level, "debug, info, warn (default), error, off")
      ->check(CLI::IsMember({"debug", "info", "warn", "error", "off"}));
  app.add_flag_callback(
      "--log-json", [] { Logger::SetFormat(LogFormat::kJson); }, "Log lines as JSON objects");
  app.parse_complete_callback([&log_level] {
    LogLevel level;
    if (!log_level.empty() && ParseLogLevel(log_level, &level)) Logger::SetLevel(level);
  });

  AddSqlCommand(&app, &global, &outcome);
  AddConvertCommand(&app, &global, &outcome);
  AddTableCommand(&app, &global, &outcome);
  AddRunCommand(&app, &global, &outcome);
  AddRunsCommand(&app, &global, &outcome);
  AddGenerateCommand(&app, &global, &outcome);

  std::string known;
  bool is_known = false;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    known += (known.empty() ? "" : ", ") + sub->get_name();
    is_known = is_known || (argc > 1 && sub->get_name() == argv[1]);
  }
  if (argc > 1 && argv[1][0] != '-' && !is_known) {
    std::fprintf(stderr,
                 "error: unknown command '%s' (expected one of: %s)\nhint: run 'ingot --help'\n",
                 argv[1], known.c_str());
    return kExitUsage;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::string where = "ingot";
    for (const CLI::App* sub : app.get_subcommands()) where += " " + sub->get_name();
    std::fprintf(stderr, "error: %s\nhint: run '%s --help' for usage\n", e.what(), where.c_str());
    return kExitUsage;
  }
  if (!outcome.status.ok()) {
    PrintError(outcome.status, outcome.hint, global.verbose);
    return ExitCodeFor(outcome.status);
  }
  return 0;
}

}  // namespace
}  // namespace ingot::cli

int main(int argc, char** argv) { return ingot::cli::Run(argc, argv); }
