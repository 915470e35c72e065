#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/result.h"
#include "duck/query_result.h"

namespace ingot::duck {

// A prepared statement with positional parameters (1-based, as in SQL's $1).
// Bindings persist across executions until rebound or Clear()ed. Not thread-safe.
class PreparedStatement {
 public:
  ~PreparedStatement();
  PreparedStatement(const PreparedStatement&) = delete;
  PreparedStatement& operator=(const PreparedStatement&) = delete;

  size_t parameter_count() const;
  Status BindNull(size_t index);
  Status BindBool(size_t index, bool value);
  Status BindInt64(size_t index, int64_t value);
  Status BindDouble(size_t index, double value);
  Status BindString(size_t index, std::string_view value);
  Status BindBlob(size_t index, std::string_view bytes);
  Status Clear();

  // Executes with the current bindings; the result is streamed.
  Result<std::unique_ptr<QueryResult>> Execute();
  // Executes and discards the result; returns rows changed for DML.
  Result<int64_t> ExecuteUpdate();

  struct Impl;
  explicit PreparedStatement(std::unique_ptr<Impl> impl);

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace ingot::duck
