#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
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

// A vectorised row filter: BOOLEAN name(key VARCHAR, value BIGINT). DuckDB passes rows a chunk
// at a time; the callback gets each run of consecutive rows sharing one key (a constant key is
// one run per chunk) and sets keep[i] for values[i]. A NULL value gives NULL (the row is
// dropped by WHERE); a NULL key and an error Status fail the query with the message. Called
// from DuckDB's worker threads: the callback must be thread-safe.
using Int64FilterFunction =
    std::function<Status(std::string_view key, const int64_t* values, size_t count, bool* keep)>;

// Registers `name` in the database's catalog (visible to all its connections).
Status RegisterInt64FilterFunction(Connection* con, const std::string& name,
                                   Int64FilterFunction function);

}  // namespace ingot::duck
