#pragma once

#include <optional>
#include <string>

#include "common/status.h"
#include "delta/snapshot/snapshot.h"

namespace ingot::delta {

// Whether Ingot may write to a table with this snapshot's protocol: writer versions up to 7 and
// only the writer features it honours (appendOnly, timestampNtz, inCommitTimestamp,
// domainMetadata, vacuumProtocolCheck, v2Checkpoint, changeDataFeed, deletionVectors for
// appends, checkConstraints: constraints.h enforces them, typeWidening). Features that oblige
// writers (invariants, generated and identity columns, column mapping), whether named or implied by
// a legacy writer version, are refused only when the table actually uses them. kNotImplemented
// names the feature and the table. Column mapping passes with `column_mapping_ok` (appends and
// overwrites honour it; MERGE, DELETE, UPDATE, OPTIMIZE and RESTORE do not yet).
Status CheckWritable(const Snapshot& snapshot, const std::string& table,
                     bool column_mapping_ok = false);

// The protocol with the writer feature `feature` enabled: writer version 7, legacy versions
// turned into the features they imply, reader version unchanged. nullopt when it is already on.
std::optional<Protocol> WithWriterFeature(const Protocol& protocol, const std::string& feature);

}  // namespace ingot::delta
