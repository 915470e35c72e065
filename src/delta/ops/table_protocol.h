#pragma once

#include <string>

#include "common/status.h"
#include "delta/snapshot/snapshot.h"

namespace ingot::delta {

// Whether Ingot may write to a table with this snapshot's protocol: writer versions up to 7 and
// only the writer features it honours (appendOnly, timestampNtz, inCommitTimestamp,
// domainMetadata, vacuumProtocolCheck, v2Checkpoint, changeDataFeed, deletionVectors for
// appends). Legacy versions 3 to 6 are checked for what they would oblige (CHECK constraints,
// invariants, generated and identity columns, column mapping). kNotImplemented names the feature
// and the table.
Status CheckWritable(const Snapshot& snapshot, const std::string& table);

}  // namespace ingot::delta
