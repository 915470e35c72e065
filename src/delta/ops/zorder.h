#pragma once

#include <string>
#include <vector>

#include "common/result.h"

// Z-order (Morton order) clustering for OPTIMIZE ZORDER BY: rows sorted by a key that
// interleaves the bits of several columns keep rows close in every one of those columns close in
// the file order, so per-file min/max statistics stay narrow on each column and a range predicate
// on any of them skips most files.
namespace ingot::delta {

// The most columns a Z-order key interleaves (each gets 64 / n bits of the 64-bit key).
inline constexpr size_t kMaxZOrderColumns = 16;

// A DuckDB query returning every column of `rows_sql` plus `key_column`, a UBIGINT Z-order key
// over `columns`:
//   1. each column is mapped to its dense rank among the rows (NULLs first), so any orderable
//      type works and skewed values spread evenly;
//   2. ranks are scaled to b = 64 / n bits (rank * (2^b - 1) / max rank; with at most 2^b
//      distinct values this keeps their order exactly);
//   3. bit j of column i goes to bit j * n + i of the key.
// Sorting by the key gives the Z-order. Columns are quoted identifiers of `rows_sql`.
// kInvalidArgument for no columns or more than kMaxZOrderColumns.
Result<std::string> ZOrderKeySql(const std::string& rows_sql,
                                 const std::vector<std::string>& columns,
                                 const std::string& key_column);

}  // namespace ingot::delta
