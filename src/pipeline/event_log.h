#pragma once

#include <string>

#include "common/result.h"
#include "pipeline/runner.h"

namespace ingot::duck {
class Connection;
}

namespace ingot::pipeline {

// Appends one 'run' event and one 'table' event per table of `report` to the warehouse's event
// log, the Delta table <warehouse>/_ingot/events (created on first use) with the columns
//   run_id, pipeline, kind ('run' | 'table'), table_name, status, started_at (TIMESTAMP, UTC),
//   seconds, rows_in, rows_written, rows_dropped, rows_quarantined, rows_warned, version,
//   message (the error or note), details (JSON: expectation counts, files read).
Status AppendRunEvents(duck::Connection* con, const std::string& warehouse,
                       const RunReport& report);

}  // namespace ingot::pipeline
