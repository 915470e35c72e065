#include "delta/ops/table_protocol.h"

#include <set>

namespace ingot::delta {
namespace {

Status Refuse(const std::string& table, const std::string& feature) {
  return Status::NotImplemented("table ", table, " uses ", feature,
                                ", which Ingot cannot honour on writes yet");
}

}  // namespace

Status CheckWritable(const Snapshot& snapshot, const std::string& table) {
  const Protocol& protocol = snapshot.protocol();
  if (protocol.min_writer_version > 7) {
    return Status::NotImplemented("table ", table, " needs writer version ",
                                  protocol.min_writer_version, "; Ingot writes versions up to 7");
  }
  static const std::set<std::string> kSupported = {
      "appendOnly",          "timestampNtz", "inCommitTimestamp", "domainMetadata",
      "vacuumProtocolCheck", "v2Checkpoint", "changeDataFeed",    "deletionVectors"};
  if (protocol.writer_features) {
    for (const std::string& feature : *protocol.writer_features) {
      if (!kSupported.count(feature)) return Refuse(table, "the writer feature '" + feature + "'");
    }
  }
  const std::string& schema = snapshot.metadata().schema_string;
  int version = protocol.min_writer_version;
  bool legacy = !protocol.writer_features.has_value();
  if (legacy && version >= 3) {
    for (const auto& [key, value] : snapshot.metadata().configuration) {
      if (key.starts_with("delta.constraints.")) return Refuse(table, "CHECK constraints");
    }
    if (schema.find("delta.invariants") != std::string::npos) {
      return Refuse(table, "column invariants");
    }
  }
  if (legacy && version >= 4 && schema.find("delta.generationExpression") != std::string::npos) {
    return Refuse(table, "generated columns");
  }
  auto mode = snapshot.Config("delta.columnMapping.mode");
  if (mode && *mode != "none") return Refuse(table, "column mapping (mode " + *mode + ")");
  if (legacy && version >= 6 && schema.find("delta.identity.") != std::string::npos) {
    return Refuse(table, "identity columns");
  }
  return Status::OK();
}

}  // namespace ingot::delta
