#pragma once

#include <string>

#include "common/result.h"

namespace ingot::delta {

class Snapshot;

// ScanSql over every live file of `snapshot`, with its schema, partition columns, version (for
// deletion vector errors) and column mapping mode: the one way to read a snapshot's rows.
// The query needs the functions of RegisterDeltaFunctions (deletion vectors).
Result<std::string> SnapshotScanSql(const Snapshot& snapshot, const std::string& table_root);

}  // namespace ingot::delta
