#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"

namespace ingot::duck {
class Connection;
}

namespace ingot::delta {

// Maps a schema-qualified table name (as in "gold.daily_sales") to the root of the Delta table it
// stands for, or nullopt when it is not one.
using DeltaTableResolver =
    std::function<std::optional<std::string>(const std::string& schema, const std::string& table)>;

struct PushdownResult {
  std::string sql;  // the statement to run (the input when nothing was pushed)
  int scans_filtered = 0;
};

// DuckDB gives table macros no predicates, so data skipping needs the predicate as delta_scan's
// `filter` argument. This rewrite moves it there: in every SELECT whose FROM is a delta_scan(...)
// call (or a table `resolve` maps to one, or an inner join of such), the WHERE conjuncts that
// read only that scan's columns, with no subquery, parameter or volatile function, become its
// filter (ANDed with any filter it has). The WHERE clause is kept as it is, so the result is the
// same; only files whose statistics rule out a match are no longer read.
// The statement is parsed and printed back by DuckDB (json_serialize_sql /
// json_deserialize_sql). Anything it cannot rewrite (not a SELECT, several statements, a parse
// error) comes back unchanged: the caller runs it and reports DuckDB's own errors.
PushdownResult PushFiltersIntoDeltaScans(duck::Connection* con, std::string_view sql,
                                         const DeltaTableResolver& resolve = nullptr);

}  // namespace ingot::delta
