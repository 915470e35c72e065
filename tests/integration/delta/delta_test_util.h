#pragma once

// Helpers for the Delta integration tests: start the ingot binary as a separate process (so that
// several run at once, or one can be killed), and read a table's files the way a user would look
// at them (_delta_log entries, data files, leftovers), independently of the code under test.

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include <sys/types.h>

#include "../../cli/cli_runner.h"

namespace ingot::testing {

// An ingot process started by StartIngot. Its stdout and stderr go to files (no pipes: nothing
// blocks when the test kills it or several run at once).
struct IngotProcess {
  pid_t pid = -1;
  std::string out_path;
  std::string err_path;
};

// Starts the ingot binary with `args`; stdout/stderr go to `<io_prefix>.out` / `.err`. Safe to
// call from several threads at once: every descriptor the child does not need is close-on-exec,
// so one child never holds another's output open.
IngotProcess StartIngot(const std::vector<std::string>& args, const std::string& io_prefix);

// Waits for `process` and returns what it did; exit_code is 128 + signal when it was killed.
// Removes the output files.
CliRun WaitIngot(const IngotProcess& process);

// StartIngot + WaitIngot.
CliRun RunIngotProcess(const std::vector<std::string>& args, const std::string& io_prefix);

// Versions of the commit files (`_delta_log/<20 digits>.json`) of `table`, ascending.
std::vector<int64_t> CommitFileVersions(const std::string& table);

// True when `versions` is exactly 0, 1, ..., n-1.
bool IsContiguousFromZero(const std::vector<int64_t>& versions);

// The versions listed by `ingot table history T --format csv`, in the order printed (newest
// first). Fails the test when the command fails.
std::vector<int64_t> HistoryVersions(const std::string& table);

// `path`'s content.
std::string ReadFileText(const std::string& path);

// The data file paths (relative to the table root, as written in the log) of every add action in
// any commit file of `table`.
std::set<std::string> PathsEverAdded(const std::string& table);

// Parquet files under `table` (relative paths, skipping _delta_log and hidden directories).
std::set<std::string> ParquetFilesOnDisk(const std::string& table);

// Entries a killed writer may leave behind: hidden staging directories in the table root
// (".ingot-staging-...") and hidden temporary files in _delta_log (a commit or _last_checkpoint
// being written, ".<name>.<unique>.ingot-tmp"; a checkpoint, ".<name>.<uuid>.tmp").
struct Leftovers {
  int staging_dirs = 0;
  int log_temp_files = 0;
};
Leftovers CountLeftovers(const std::string& table);

// Runs `ingot sql --format csv QUERY` and returns its stdout without the header line. Fails the
// test when the command fails.
std::string SqlCsv(const std::string& query);

// "'path'" as a SQL string literal.
std::string SqlLiteral(const std::string& text);

}  // namespace ingot::testing
