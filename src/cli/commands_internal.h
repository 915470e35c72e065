#pragma once

// Shared by the subcommand files of the ingot binary (not a library header).
#include <memory>
#include <string>

#include "common/result.h"

namespace CLI {
class App;
}

namespace ingot::duck {
class Database;
}

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

// Opens the embedded DuckDB with the global options.
Result<std::unique_ptr<duck::Database>> OpenDatabase(const GlobalOptions& options);

void AddSqlCommand(CLI::App* app, const GlobalOptions* global, CommandOutcome* outcome);
void AddConvertCommand(CLI::App* app, const GlobalOptions* global, CommandOutcome* outcome);

}  // namespace ingot::cli
