#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

#include "common/result.h"

namespace ingot::duck {
class Connection;
class Database;
}  // namespace ingot::duck

namespace ingot::delta {

class ScanReportLog;

// Makes Delta tables readable from any SQL run on `db`:
//   SELECT * FROM delta_scan('/path/to/table')
//   SELECT * FROM delta_scan('/path/to/table', version => 3)
//   SELECT * FROM delta_scan('/path/to/table', timestamp => '2026-11-21 10:00:00')
//   SELECT * FROM delta_scan('/path/to/table', filter => 'day >= DATE ''2026-11-01''')
// delta_scan is a table macro over query(ingot_delta_scan_sql(path, version, timestamp)): the
// text function loads the snapshot (reading checkpoints through its own connection of `db`) and
// returns ScanSql's query, which DuckDB folds in while binding. `con` runs the registration;
// `db` must outlive every use of the functions.
// `filter` is a SQL predicate over the table's columns: only its matching rows are returned, and
// files whose partition values and statistics rule out a match are not read (data_skipping.h).
// Each call's files scanned vs total go to `reports` when given.
// Also registers the change data feed (table_changes.h):
//   SELECT * FROM delta_changes('/path/to/table', 2)                     -- versions 2..latest
//   SELECT * FROM delta_changes('/path/to/table', 2, to_version => 5)   -- versions 2..5
Status RegisterDeltaFunctions(duck::Database* db, duck::Connection* con,
                              std::shared_ptr<ScanReportLog> reports = nullptr);

// Milliseconds since the epoch of an ISO-8601 date or timestamp in UTC ("2026-11-21",
// "2026-11-21 10:00:00", "2026-11-21T10:00:00.123Z"). kInvalidArgument otherwise.
Result<int64_t> ParseTimestampMillis(std::string_view text);

}  // namespace ingot::delta
