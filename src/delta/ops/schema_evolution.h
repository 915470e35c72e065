#pragma once

#include "common/result.h"
#include "delta/log/schema.h"

namespace ingot::delta {

// Checks that rows of `source` can be written into a table of schema `table`, and returns the
// schema the table must have afterwards: `table` itself, or with the source's extra columns
// appended (nullable) when `merge_schema` is set. Every problem is reported at once:
//   column 'amount': table has decimal(10,2), source has string; column 'x' is not in the table
//   (use --merge-schema to add it)
Result<DataType> ReconcileSchemas(const DataType& table, const DataType& source, bool merge_schema);

// Whether values of type `from` may be written into a column of type `to`, following Spark's ANSI
// store assignment: equal types, a narrower integer, an integer into a decimal with room for its
// digits, a decimal into a wider decimal, float/integer/decimal into double, date into
// timestamp_ntz; nested types field by field. Narrowing and text into numbers are refused.
bool FitsInto(const DataType& from, const DataType& to);

}  // namespace ingot::delta
