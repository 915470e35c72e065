#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "common/result.h"
#include "duck/query_result.h"

namespace ingot::duck {

class Appender;
class PreparedStatement;

// One DuckDB connection (a session: settings, temp tables, transaction state).
// Not thread-safe: use one connection per thread, except Interrupt(), which any thread may call.
class Connection {
 public:
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one or more ';'-separated statements and discards their results.
  Status Execute(std::string_view sql);

  // Runs `sql` (one or more statements) and returns the last statement's result, streamed chunk by
  // chunk so that large results are never held in memory at once. Earlier statements run fully.
  Result<std::unique_ptr<QueryResult>> Query(std::string_view sql);

  // Runs `sql` and returns the first column of the first row as text; NotFound when no row.
  Result<std::string> QueryScalar(std::string_view sql);

  // Prepares one statement with `?` or `$1` parameters.
  Result<std::unique_ptr<PreparedStatement>> Prepare(std::string_view sql);

  // Appends rows to an existing table (fastest row-wise bulk insert).
  Result<std::unique_ptr<Appender>> MakeAppender(const std::string& table,
                                                 const std::string& schema = "");

  // Asks the running query to stop; it then fails with Cancelled.
  void Interrupt();

  struct Impl;
  Impl* impl() { return impl_.get(); }
  explicit Connection(std::unique_ptr<Impl> impl);

 private:
  std::unique_ptr<Impl> impl_;
};

// The connection's DuckDB memory_limit in bytes (DuckDB reports it rounded, e.g. "1.8 GiB").
Result<int64_t> MemoryLimitBytes(Connection* con);

// Quotes an identifier for SQL: my "col" -> "my ""col""".
std::string QuoteIdentifier(std::string_view name);
// Quotes a string literal for SQL: it's -> 'it''s'.
std::string QuoteLiteral(std::string_view value);
// Quotes one exact file path for DuckDB's file readers (read_parquet, ...), which expand '*', '?'
// and '[' as glob patterns: they are bracketed ('x[1]' -> 'x[[]1]'), then quoted as a literal.
std::string QuoteFilePath(std::string_view path);

}  // namespace ingot::duck
