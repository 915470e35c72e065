#pragma once

#include <map>
#include <memory>
#include <string>

#include "common/result.h"

namespace ingot::duck {

class Connection;

// How to open an embedded DuckDB database. Defaults suit a short-lived CLI process.
struct DatabaseOptions {
  // ":memory:" or a database file path.
  std::string path = ":memory:";
  // Worker threads; 0 lets DuckDB use every core.
  int threads = 0;
  // DuckDB memory limit, e.g. "1GB"; empty keeps DuckDB's default (80% of RAM).
  std::string memory_limit;
  // Where operators spill when memory_limit is reached; empty keeps DuckDB's default.
  std::string temp_directory;
  // Further DuckDB settings passed to duckdb_set_config as is (name -> value).
  std::map<std::string, std::string> settings;
};

// An open DuckDB database. Thread-safe: connections may be made from any thread.
// Outlives every Connection made from it only by contract of the caller; connections keep the
// underlying instance alive, so destroying the Database first is safe but unusual.
class Database {
 public:
  // Opens the database. Fails with InvalidArgument on a bad setting (naming it) and IOError when
  // the file cannot be opened.
  static Result<std::unique_ptr<Database>> Open(const DatabaseOptions& options = {});
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // A new connection, with its time zone set to UTC. Each connection is used by one thread at a
  // time.
  Result<std::unique_ptr<Connection>> Connect();

  struct Impl;
  Impl* impl() { return impl_.get(); }

 private:
  explicit Database(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The DuckDB library version, e.g. "v1.4.4".
std::string LibraryVersion();

}  // namespace ingot::duck
