#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"

namespace ingot::duck {

class Connection;

// A table function of `arity` VARCHAR arguments (NULL arrives as nullopt) returning one BIGINT
// column. The callback runs once per call site while DuckDB binds the query; an error Status
// fails the query with its message. Called from any thread: the callback must be thread-safe.
using Int64RowsFunction = std::function<Result<std::vector<int64_t>>(
    const std::vector<std::optional<std::string>>& args)>;

// Registers `name` in the database's catalog (visible to all its connections); its single
// result column is called `column`.
Status RegisterInt64RowsFunction(Connection* con, const std::string& name, size_t arity,
                                 const std::string& column, Int64RowsFunction function);

}  // namespace ingot::duck
