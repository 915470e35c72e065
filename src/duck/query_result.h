#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "duck/types.h"

namespace ingot::duck {

// One batch of rows (up to 2048) of a query result, with typed access by (column, row).
// Views returned by GetString stay valid while the chunk lives.
class DataChunk {
 public:
  ~DataChunk();
  DataChunk(const DataChunk&) = delete;
  DataChunk& operator=(const DataChunk&) = delete;

  size_t size() const;
  size_t column_count() const;

  bool IsNull(size_t col, size_t row) const;
  // Integer-like columns (all integer widths up to 64 bits, boolean, date as days since epoch,
  // timestamps in their own unit, time in micros). Undefined for other types: check the type.
  int64_t GetInt64(size_t col, size_t row) const;
  // Floating point, integer and decimal columns.
  double GetDouble(size_t col, size_t row) const;
  bool GetBool(size_t col, size_t row) const;
  // VARCHAR and BLOB columns.
  std::string_view GetString(size_t col, size_t row) const;
  // Any type, formatted the way DuckDB prints it ("2024-01-31", "[1, 2]", "{'a': 1}"); "NULL" for
  // null.
  std::string ToString(size_t col, size_t row) const;
  // Appends the value as JSON (numbers bare, nested types as arrays/objects, null as null).
  void AppendJson(size_t col, size_t row, std::string* out) const;

  struct Impl;
  explicit DataChunk(std::unique_ptr<Impl> impl);

 private:
  std::unique_ptr<Impl> impl_;
};

// The result of a query: column metadata, then chunks in order. Not thread-safe.
class QueryResult {
 public:
  ~QueryResult();
  QueryResult(const QueryResult&) = delete;
  QueryResult& operator=(const QueryResult&) = delete;

  size_t column_count() const;
  const std::string& ColumnName(size_t col) const;
  const ColumnType& GetColumnType(size_t col) const;
  // Rows inserted/updated/deleted by a DML statement (0 otherwise).
  int64_t rows_changed() const;

  // The next chunk, or nullptr after the last one. An error while executing (streamed results
  // fail late, e.g. on a malformed row in a CSV) comes back here.
  Result<std::unique_ptr<DataChunk>> Next();

  struct Impl;
  explicit QueryResult(std::unique_ptr<Impl> impl);

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace ingot::duck
