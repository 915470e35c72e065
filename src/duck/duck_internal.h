#pragma once

// Shared by the duck/ implementation files only: the one place that includes duckdb.h.
#include <memory>
#include <string>
#include <vector>

#include <duckdb.h>

#include "common/result.h"
#include "common/status.h"
#include "duck/appender.h"
#include "duck/connection.h"
#include "duck/database.h"
#include "duck/prepared_statement.h"
#include "duck/query_result.h"
#include "duck/types.h"

namespace ingot::duck::internal {

// Maps a DuckDB error type and message to a Status with the matching code. An error our own SQL
// function callback raised reaches DuckDB as text only: FunctionErrorText tags it with the status
// code, and the tag (wherever DuckDB's wrapping put it) gives the query's error that code back
// (a corrupt table stays kCorruption, a missing one kNotFound) instead of DuckDB's generic
// invalid input; the tag is removed from the message.
Status StatusFromDuckError(duckdb_error_type type, const char* message);

// The text a function callback hands to DuckDB for a failed `status`: "[ingot:<code>] <message>".
std::string FunctionErrorText(const Status& status);

// Maps an error message whose type is not reported separately (prepare errors) by its
// "<Kind> Error:" prefix.
Status StatusFromDuckMessage(const char* message);

// Builds our ColumnType from a DuckDB logical type (which stays owned by the caller).
ColumnType ToColumnType(duckdb_logical_type type);

// RAII for a duckdb_logical_type returned by the C API.
class LogicalType {
 public:
  explicit LogicalType(duckdb_logical_type type) : type_(type) {}
  ~LogicalType() {
    if (type_ != nullptr) duckdb_destroy_logical_type(&type_);
  }
  LogicalType(const LogicalType&) = delete;
  LogicalType& operator=(const LogicalType&) = delete;
  duckdb_logical_type get() const { return type_; }

 private:
  duckdb_logical_type type_;
};

// Takes a string the C API allocated and frees it with duckdb_free.
std::string TakeDuckString(char* text);

// Wraps a duckdb_result that executed (successfully or not) into a QueryResult, or its error.
// Takes ownership of `result` in both cases.
Result<std::unique_ptr<QueryResult>> MakeQueryResult(duckdb_result* result, duckdb_state state);

}  // namespace ingot::duck::internal

namespace ingot::duck {

struct Database::Impl {
  duckdb_database db = nullptr;
  ~Impl() {
    if (db != nullptr) duckdb_close(&db);
  }
};

struct Connection::Impl {
  duckdb_connection con = nullptr;
  ~Impl() {
    if (con != nullptr) duckdb_disconnect(&con);
  }
};

struct QueryResult::Impl {
  duckdb_result result;
  std::vector<std::string> names;
  std::shared_ptr<const std::vector<ColumnType>> types;
  int64_t rows_changed = 0;
  bool done = false;
  ~Impl() { duckdb_destroy_result(&result); }
};

struct PreparedStatement::Impl {
  duckdb_prepared_statement stmt = nullptr;
  ~Impl() {
    if (stmt != nullptr) duckdb_destroy_prepare(&stmt);
  }
};

struct Appender::Impl {
  duckdb_appender appender = nullptr;
  std::string table;
  ~Impl() {
    if (appender != nullptr) duckdb_appender_destroy(&appender);
  }
};

}  // namespace ingot::duck
