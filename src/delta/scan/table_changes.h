#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "common/result.h"
#include "storage/type_fwd.h"

namespace ingot::duck {
class Connection;
}

// The change data feed of a Delta table (PROTOCOL.md "Change Data Files"): the rows each commit
// inserted, deleted or updated, with the table's columns plus
//   _change_type      VARCHAR      insert | delete | update_preimage | update_postimage
//   _commit_version   BIGINT
//   _commit_timestamp TIMESTAMPTZ  commitInfo.inCommitTimestamp, else commitInfo.timestamp, else
//                                  the commit file's modification time (as delta-rs)
// A commit with cdc actions yields the rows of its change files (their _change_type column); any
// other commit yields the rows of the files it added (insert) and removed (delete) with
// dataChange=true, except that a file removed and re-added with another deletion vector yields
// only the rows the new DV deletes (delete) or no longer deletes (insert); so commits that only
// reorganise files (OPTIMIZE, dataChange=false) yield nothing. Rows are read with the schema and
// column mapping of the snapshot at `to_version`.
namespace ingot::delta {

struct TableChangesOptions {
  int64_t from_version = 0;
  // Inclusive; nullopt: the latest version.
  std::optional<int64_t> to_version;
};

// A DuckDB query returning the changes of versions [from, to] of the table at `table_root`, which
// needs the functions of RegisterDeltaFunctions (deletion vectors). Errors: kInvalidArgument when
// from > to or from < 0; kNotFound for a version whose commit file is gone (log cleanup) or after
// the latest; snapshot and protocol errors as LoadSnapshot.
Result<std::string> TableChangesSql(std::shared_ptr<storage::FileSystem> fs,
                                    const std::string& table_root, duck::Connection* con,
                                    const TableChangesOptions& options);

}  // namespace ingot::delta
