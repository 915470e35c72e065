#include "duck/connection.h"

#include <cmath>
#include <cstdlib>

#include "common/macros.h"
#include "duck/appender.h"
#include "duck/duck_internal.h"
#include "duck/prepared_statement.h"

namespace ingot::duck {
namespace {

// Owns the statements split out of a multi-statement SQL string.
class ExtractedStatements {
 public:
  ~ExtractedStatements() {
    if (stmts_ != nullptr) duckdb_destroy_extracted(&stmts_);
  }
  Result<size_t> Extract(duckdb_connection con, const std::string& sql) {
    idx_t count = duckdb_extract_statements(con, sql.c_str(), &stmts_);
    if (count == 0) {
      const char* error = duckdb_extract_statements_error(stmts_);
      if (error == nullptr) return Status::InvalidArgument("no SQL statement given");
      return internal::StatusFromDuckMessage(error);
    }
    return static_cast<size_t>(count);
  }
  duckdb_extracted_statements get() const { return stmts_; }

 private:
  duckdb_extracted_statements stmts_ = nullptr;
};

}  // namespace

Connection::Connection(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Connection::~Connection() = default;

Status Connection::Execute(std::string_view sql) {
  duckdb_result result;
  std::string text(sql);
  duckdb_state state = duckdb_query(impl_->con, text.c_str(), &result);
  Status status;
  if (state == DuckDBError) {
    status = internal::StatusFromDuckError(duckdb_result_error_type(&result),
                                           duckdb_result_error(&result));
  }
  duckdb_destroy_result(&result);
  return status;
}

Result<std::unique_ptr<QueryResult>> Connection::Query(std::string_view sql) {
  std::string text(sql);
  ExtractedStatements stmts;
  INGOT_ASSIGN_OR_RAISE(size_t count, stmts.Extract(impl_->con, text));
  for (size_t i = 0; i < count; ++i) {
    PreparedStatement::Impl prepared;
    if (duckdb_prepare_extracted_statement(impl_->con, stmts.get(), i, &prepared.stmt) ==
        DuckDBError) {
      return internal::StatusFromDuckMessage(duckdb_prepare_error(prepared.stmt));
    }
    duckdb_result result;
    bool last = i + 1 == count;
    duckdb_state state = last ? duckdb_execute_prepared_streaming(prepared.stmt, &result)
                              : duckdb_execute_prepared(prepared.stmt, &result);
    INGOT_ASSIGN_OR_RAISE(auto query_result, internal::MakeQueryResult(&result, state));
    if (last) return query_result;
  }
  return Status::Internal("unreachable: no statement executed");
}

Result<std::string> Connection::QueryScalar(std::string_view sql) {
  INGOT_ASSIGN_OR_RAISE(auto result, Query(sql));
  if (result->column_count() == 0) return Status::NotFound("query returned no columns");
  while (true) {
    INGOT_ASSIGN_OR_RAISE(auto chunk, result->Next());
    if (chunk == nullptr) return Status::NotFound("query returned no rows");
    if (chunk->size() > 0) return chunk->ToString(0, 0);
  }
}

Result<std::unique_ptr<PreparedStatement>> Connection::Prepare(std::string_view sql) {
  auto impl = std::make_unique<PreparedStatement::Impl>();
  std::string text(sql);
  if (duckdb_prepare(impl_->con, text.c_str(), &impl->stmt) == DuckDBError) {
    return internal::StatusFromDuckMessage(duckdb_prepare_error(impl->stmt));
  }
  return std::make_unique<PreparedStatement>(std::move(impl));
}

Result<std::unique_ptr<Appender>> Connection::MakeAppender(const std::string& table,
                                                           const std::string& schema) {
  auto impl = std::make_unique<Appender::Impl>();
  impl->table = table;
  if (duckdb_appender_create(impl_->con, schema.empty() ? nullptr : schema.c_str(), table.c_str(),
                             &impl->appender) == DuckDBError) {
    const char* error = duckdb_appender_error(impl->appender);
    return Status::InvalidArgument("cannot append to table '", table,
                                   "': ", error != nullptr ? error : "unknown error");
  }
  return std::make_unique<Appender>(std::move(impl));
}

void Connection::Interrupt() { duckdb_interrupt(impl_->con); }

Result<int64_t> MemoryLimitBytes(Connection* con) {
  INGOT_ASSIGN_OR_RAISE(std::string text,
                        con->QueryScalar("SELECT current_setting('memory_limit')"));
  char* end = nullptr;
  double amount = std::strtod(text.c_str(), &end);
  std::string_view unit(end);
  while (!unit.empty() && unit.front() == ' ') unit.remove_prefix(1);
  struct Unit {
    std::string_view name;
    double bytes;
  };
  static constexpr Unit kUnits[] = {
      {"bytes", 1},
      {"KiB", 1024.0},
      {"MiB", 1024.0 * 1024},
      {"GiB", 1024.0 * 1024 * 1024},
      {"TiB", 1024.0 * 1024 * 1024 * 1024},
      {"KB", 1e3},
      {"MB", 1e6},
      {"GB", 1e9},
      {"TB", 1e12},
  };
  for (const Unit& u : kUnits) {
    if (unit == u.name && end != text.c_str() && amount >= 0) {
      return static_cast<int64_t>(std::llround(amount * u.bytes));
    }
  }
  return Status::Internal("cannot read DuckDB's memory_limit '", text, "'");
}

std::string QuoteIdentifier(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string QuoteLiteral(std::string_view value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

std::string QuoteFilePath(std::string_view path) {
  std::string escaped;
  escaped.reserve(path.size());
  for (char c : path) {
    if (c == '*' || c == '?' || c == '[') {
      escaped += '[';
      escaped += c;
      escaped += ']';
    } else {
      escaped += c;
    }
  }
  return QuoteLiteral(escaped);
}

}  // namespace ingot::duck
