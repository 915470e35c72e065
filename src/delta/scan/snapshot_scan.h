#pragma once

#include <string>
#include <string_view>

#include "common/result.h"
#include "delta/scan/scan_report.h"
#include "delta/scan/scan_sql.h"

namespace ingot::duck {
class Connection;
}

namespace ingot::delta {

class Snapshot;

// ScanSql over every live file of `snapshot`, with its schema, partition columns, version (for
// deletion vector errors) and column mapping mode: the one way to read a snapshot's rows.
// The query needs the functions of RegisterDeltaFunctions (deletion vectors).
// The ScanInput of every live file of `snapshot` (to filter its files before ScanSql).
Result<ScanInput> SnapshotScanInput(const Snapshot& snapshot, const std::string& table_root);

Result<std::string> SnapshotScanSql(const Snapshot& snapshot, const std::string& table_root);

// The rows of `snapshot` that satisfy `filter` (a SQL predicate over the table's columns; every
// row when empty), reading only the files data skipping keeps (data_skipping.h). `report`, when
// given, receives the files and bytes scanned vs the snapshot's total. kInvalidArgument when the
// filter does not parse.
Result<std::string> FilteredSnapshotScanSql(duck::Connection* con, const Snapshot& snapshot,
                                            const std::string& table_root, std::string_view filter,
                                            ScanReport* report);

}  // namespace ingot::delta
