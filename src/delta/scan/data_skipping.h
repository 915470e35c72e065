#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "delta/scan/scan_sql.h"

namespace ingot::duck {
class Connection;
}

namespace ingot::delta {

// Data skipping: which files of a scan may hold a row satisfying a predicate, judged from the
// partition values and the per-file statistics in the log (numRecords, minValues, maxValues,
// nullCount) without opening any file.
//
// The predicate is DuckDB SQL over the table's columns, parsed by DuckDB itself. Its conjuncts,
// disjuncts and negations are followed; the leaves that can skip files are a top-level column
// compared with an expression of constants (=, <>, <, <=, >, >=, either side), BETWEEN,
// IN (...), IS [NOT] NULL. Every other leaf (functions of columns, LIKE, nested fields, ...)
// keeps the file. Each leaf becomes a test of the file's bounds evaluated by DuckDB with the
// same implicit casts as the real query, so "d = '2024-01-31'" compares dates as the query does.
//
// Skipping is conservative wherever the log's numbers are not exact bounds: a file without stats
// or without a column's min/max is kept; timestamp maxima are widened by 1 ms (Spark truncates
// them to milliseconds); the maxima of float and double columns are not used (NaN sorts above
// every number in DuckDB but is left out of Parquet and Delta statistics).
struct SkippingResult {
  // One flag per input file: true when the file may hold a matching row.
  std::vector<bool> may_match;
  int64_t files_kept = 0;
};

// kInvalidArgument when `predicate` does not parse as a SQL expression. A predicate DuckDB parses
// but cannot evaluate against the statistics (a type mismatch the real query would report)
// keeps every file.
Result<SkippingResult> SkipFiles(duck::Connection* con, const ScanInput& input,
                                 std::string_view predicate);

}  // namespace ingot::delta
