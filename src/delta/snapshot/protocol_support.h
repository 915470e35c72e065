#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "common/status.h"
#include "delta/log/actions.h"

// Which tables Ingot can read (PROTOCOL.md "Protocol Evolution", "Table Features").
namespace ingot::delta {

// The highest minReaderVersion Ingot reads.
inline constexpr int32_t kMaxSupportedReaderVersion = 3;

// The reader features Ingot implements: the ones that need nothing from a reader beyond plain
// log replay and Parquet reads (timestampNtz is a column type, vacuumProtocolCheck concerns
// VACUUM only) and v2Checkpoint (read by the checkpoint reader).
const std::set<std::string>& SupportedReaderFeatures();

// OK when a reader that replays the log and reads the data files of a table with `protocol` and
// `metadata` gets correct results. Otherwise kNotImplemented naming the table (`table_name`), the
// feature or version and why, e.g.
//   "table '/t' requires the reader feature 'deletionVectors' (deleted rows are marked in
//    deletion vector files), which Ingot does not support yet"
// Refused: minReaderVersion > 3; reader version 2 with delta.columnMapping.mode name or id;
// reader features deletionVectors, columnMapping and every other name not in
// SupportedReaderFeatures(). A protocol with minReaderVersion < 1 is kCorruption.
Status CheckReadSupported(const Protocol& protocol, const Metadata& metadata,
                          std::string_view table_name);

}  // namespace ingot::delta
