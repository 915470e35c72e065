#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "delta/log/actions.h"
#include "delta/log/schema.h"

namespace ingot::duck {
class Connection;
}

// Table constraints every write must honour (PROTOCOL.md "Column Invariants", "CHECK
// Constraints"): CHECK constraints, stored as table properties delta.constraints.<name> = <SQL
// boolean>; NOT NULL, a schema field with nullable=false (a nested struct field only where its
// parent is not NULL); and column invariants, a field's metadata "delta.invariants" =
// {"expression": {"expression": "<SQL boolean>"}} (as Spark writes them for NOT NULL-like
// checks of old tables).
namespace ingot::delta {

inline constexpr char kConstraintPropertyPrefix[] = "delta.constraints.";

struct Constraint {
  std::string name;        // as stored: lower case
  std::string expression;  // SQL over the table's columns
};

// The CHECK constraints of a table, by name.
std::vector<Constraint> CheckConstraints(const Metadata& metadata);

// Whether a write to the table must check constraints: CHECK constraints, NOT NULL fields or
// column invariants.
bool HasConstraints(const Metadata& metadata, const DataType& schema);

// kInvalidArgument for the first row of `rows_sql` (a query returning the table's columns) that
// violates a constraint: a NULL in a NOT NULL field of `schema`, or a CHECK constraint of
// `metadata` or a column invariant that is false or NULL (as Delta does: a check must be true),
// e.g.
//   table /t: CHECK constraint positive_amount (amount > 0) violated by row id=3, amount=-5
//   table /t: NOT NULL column 'id' is NULL in row id=NULL, amount=5
//   table /t: NOT NULL column 'address.city' is NULL in row id=1, address={'city': NULL}
//   table /t: invariant of column 'x' (x > 3) violated by row x=1
// One pass over the rows checks every rule. A constraint DuckDB cannot evaluate is
// kInvalidArgument quoting it; a malformed invariant is kCorruption naming the column. OK
// without constraints (no query runs).
Status CheckRowsSatisfyConstraints(duck::Connection* con, const std::string& table,
                                   const Metadata& metadata, const DataType& schema,
                                   const std::string& rows_sql);

// The same over data files written but not committed yet (`adds`, relative to `root`, in the
// table's `partition_columns`). On a violation the files are deleted before the error returns.
Status CheckWrittenFilesSatisfyConstraints(duck::Connection* con, const std::string& root,
                                           const Metadata& metadata, const DataType& schema,
                                           const std::vector<Add>& adds);

}  // namespace ingot::delta
