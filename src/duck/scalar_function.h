#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"

namespace ingot::duck {

class Connection;

// A scalar SQL function over text: `arity` VARCHAR arguments (NULL arrives as nullopt) and a
// VARCHAR result. An error Status fails the query with its message. Called from DuckDB's worker
// threads: the callback must be thread-safe. With constant arguments DuckDB folds the call while
// binding, so the result can feed table functions such as query() or read_parquet().
using TextFunction =
    std::function<Result<std::string>(const std::vector<std::optional<std::string>>& args)>;

// Registers `name` in the database's catalog (visible to all its connections).
Status RegisterTextFunction(Connection* con, const std::string& name, size_t arity,
                            TextFunction function);

}  // namespace ingot::duck
