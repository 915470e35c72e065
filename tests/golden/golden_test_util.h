#pragma once

// Helpers shared by the tests in tests/golden: the golden Delta tables (INGOT_DELTA_GOLDEN_DIR),
// a DuckDB session with delta_scan registered, and running a child process (node).

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/result.h"
#include "duck/connection.h"
#include "duck/database.h"

namespace ingot::golden {

// <INGOT_DELTA_GOLDEN_DIR>/<table>.
std::string GoldenTablePath(const std::string& table);

// Copies a golden table (read-only source, byte for byte, Hadoop .crc sidecars included) into
// `dest_dir`/<table> with writable permissions and returns the copy's path. A missing table or a
// failed copy is a test failure (returns "").
std::string CopyGoldenTable(const std::string& table, const std::string& dest_dir);

// Sets a local file's modification time (a test failure when utimes fails).
void SetMtimeMillis(const std::string& path, int64_t millis);

// Rows of a query result, each value as DuckDB prints it ("NULL" for null).
using Rows = std::vector<std::vector<std::string>>;

// An in-memory DuckDB database and one connection to it (UTC session time zone), with
// delta_scan registered.
class DuckSession {
 public:
  // A test failure when DuckDB cannot be opened or the functions cannot be registered.
  DuckSession();
  duck::Connection* con() { return con_.get(); }
  duck::Database* db() { return db_.get(); }

  Result<Rows> Query(const std::string& sql);
  // The first column of the first row.
  Result<std::string> Scalar(const std::string& sql);
  // Each row as one JSON object line ({"col": value, ...}), in result order.
  Result<std::vector<std::string>> JsonRows(const std::string& sql);
  // "name TYPE, name TYPE, ..." of a query's result columns (DESCRIBE).
  Result<std::string> Columns(const std::string& sql);

 private:
  std::unique_ptr<duck::Database> db_;
  std::unique_ptr<duck::Connection> con_;
};

// The result of running a child process.
struct ProcessResult {
  int exit_code = -1;  // -1 when it did not exit normally
  std::string out;
  std::string err;
};

// Runs `argv` (argv[0] is an absolute path or looked up in PATH) with stdin from /dev/null and
// captures stdout and stderr. kIOError when the process cannot be started at all.
Result<ProcessResult> RunProcess(const std::vector<std::string>& argv);

// SQL string literal of a path.
std::string Lit(const std::string& text);

}  // namespace ingot::golden
