#pragma once

#include "common/result.h"
#include "delta/log/schema.h"

namespace ingot::delta {

// Checks that rows of `source` can be written into a table of schema `table`, and returns the
// schema the table must have afterwards: `table` itself, or with the source's extra columns
// appended (nullable) when `merge_schema` is set. With `merge_schema` and `type_widening` (the
// table has delta.enableTypeWidening=true), a top-level column whose source type is a widening
// Delta allows (CanWidenType) takes the wider type, and the change is recorded in the field's
// delta.typeChanges metadata. Every problem is reported at once:
//   column 'amount': table has decimal(10,2), source has string; column 'x' is not in the table
//   (use --merge-schema to add it)
Result<DataType> ReconcileSchemas(const DataType& table, const DataType& source, bool merge_schema,
                                  bool type_widening = false);

// Whether the Delta protocol's type widening allows changing a column of type `from` to `to`:
// byte -> short -> integer -> long, float -> double, byte/short/integer -> double,
// date -> timestamp_ntz, decimal(p, s) -> decimal(p + k1, s + k2) with k1 >= k2 >= 0, and
// byte/short/integer/long -> decimal with room for every digit.
bool CanWidenType(const DataType& from, const DataType& to);

// Whether values of type `from` may be written into a column of type `to`, following Spark's ANSI
// store assignment: equal types, a narrower integer, an integer into a decimal with room for its
// digits, a decimal into a wider decimal, float/integer/decimal into double, date into
// timestamp_ntz; nested types field by field. Narrowing and text into numbers are refused.
bool FitsInto(const DataType& from, const DataType& to);

}  // namespace ingot::delta
