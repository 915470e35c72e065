#pragma once

#include <cstdint>
#include <string>

#include "common/result.h"
#include "delta/txn/commit.h"

namespace ingot::duck {
class Connection;
}

namespace ingot::delta {

struct AddConstraintOptions {
  // The table's root directory on local disk.
  std::string table_root;
  // The constraint's name (letters, digits, '_'; stored in lower case, as Spark does).
  std::string name;
  // A SQL boolean over the table's columns that every row must make true.
  std::string expression;
  CommitOptions commit;
};

// ALTER TABLE ADD CONSTRAINT name CHECK (expression): checks every current row first, then
// commits the table property delta.constraints.<name> (operation "ADD CONSTRAINT") with the
// checkConstraints writer feature (writer version 3, or the feature in a version 7 protocol).
// Later writes are checked (constraints.h). A concurrent data change conflicts (kConflict).
// Errors: kInvalidArgument for a bad name, an expression DuckDB cannot evaluate on the table,
// or an existing row that violates it (the row is shown); kAlreadyExists when the name is taken.
// Returns the version committed.
Result<int64_t> AddConstraint(duck::Connection* con, const AddConstraintOptions& options);

// ALTER TABLE DROP CONSTRAINT name: one commit "DROP CONSTRAINT" without the property.
// kNotFound (listing the table's constraints) when there is no such constraint. Returns the
// version committed.
Result<int64_t> DropConstraint(duck::Connection* con, const std::string& table_root,
                               const std::string& name, const CommitOptions& commit = {});

}  // namespace ingot::delta
