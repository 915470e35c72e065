#pragma once

// Change data feed writes (PROTOCOL.md "Change Data Files") for the row-level operations.
// Internal to src/delta/ops.
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "delta/log/actions.h"
#include "delta/log/schema.h"
#include "delta/snapshot/snapshot.h"

namespace ingot::duck {
class Connection;
}

namespace ingot::delta::dml {

// The column of a change data file saying what happened to the row: insert, delete,
// update_preimage or update_postimage.
inline constexpr char kChangeTypeColumn[] = "_change_type";

// The directory (under the table root) of the change data files.
inline constexpr char kChangeDataDir[] = "_change_data";

// Whether row-level operations on the table write change data files
// (delta.enableChangeDataFeed=true).
bool WritesChangeData(const Snapshot& snapshot);

// `rows_sql` with a _change_type column of the literal `change_type` added.
std::string WithChangeType(const std::string& rows_sql, const std::string& change_type);

// Writes the rows of `rows_sql` (the columns of `schema` by name plus kChangeTypeColumn) as
// Parquet files under <root>/_change_data/, partitioned like the table, and returns their cdc
// actions (paths relative to the root, dataChange=false). No rows give no files.
Result<std::vector<AddCDCFile>> WriteChangeData(duck::Connection* con, const std::string& root,
                                                const DataType& schema,
                                                const std::vector<std::string>& partition_columns,
                                                const std::string& rows_sql, Clock* clock);

}  // namespace ingot::delta::dml
