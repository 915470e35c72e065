#include "delta/ops/table_protocol.h"

#include <set>

namespace ingot::delta {
namespace {

Status Refuse(const std::string& table, const std::string& feature) {
  return Status::NotImplemented("table ", table, " uses ", feature,
                                ", which Ingot cannot honour on writes yet");
}

// The writer features a legacy writer version implies (PROTOCOL.md "Table Features").
std::set<std::string> LegacyWriterFeatures(int32_t writer_version) {
  std::set<std::string> features;
  if (writer_version >= 2) features.insert({"appendOnly", "invariants"});
  if (writer_version >= 3) features.insert("checkConstraints");
  if (writer_version >= 4) features.insert({"changeDataFeed", "generatedColumns"});
  if (writer_version >= 5) features.insert("columnMapping");
  if (writer_version >= 6) features.insert("identityColumns");
  return features;
}

// Features whose mere presence is harmless: what matters is whether the table uses them.
Status CheckUsage(const Snapshot& snapshot, const std::string& table,
                  const std::set<std::string>& features, bool column_mapping_ok) {
  const std::string& schema = snapshot.metadata().schema_string;
  // Column invariants are enforced with the other constraints (constraints.h).
  if (features.count("generatedColumns") &&
      schema.find("delta.generationExpression") != std::string::npos) {
    return Refuse(table, "generated columns");
  }
  if (features.count("identityColumns") && schema.find("delta.identity.") != std::string::npos) {
    return Refuse(table, "identity columns");
  }
  auto mode = snapshot.Config("delta.columnMapping.mode");
  if (mode && *mode != "none" && !column_mapping_ok) {
    return Status::NotImplemented("table ", table, " uses column mapping (mode ", *mode,
                                  "): Ingot writes such tables by append and overwrite only");
  }
  return Status::OK();
}

}  // namespace

Status CheckWritable(const Snapshot& snapshot, const std::string& table, bool column_mapping_ok) {
  const Protocol& protocol = snapshot.protocol();
  if (protocol.min_writer_version > 7) {
    return Status::NotImplemented("table ", table, " needs writer version ",
                                  protocol.min_writer_version, "; Ingot writes versions up to 7");
  }
  if (!protocol.writer_features) {
    return CheckUsage(snapshot, table, LegacyWriterFeatures(protocol.min_writer_version),
                      column_mapping_ok);
  }
  static const std::set<std::string> kSupported = {
      "appendOnly",      "invariants",          "checkConstraints", "generatedColumns",
      "identityColumns", "columnMapping",       "timestampNtz",     "inCommitTimestamp",
      "domainMetadata",  "vacuumProtocolCheck", "v2Checkpoint",     "changeDataFeed",
      "deletionVectors", "typeWidening"};
  for (const std::string& feature : *protocol.writer_features) {
    if (!kSupported.count(feature)) return Refuse(table, "the writer feature '" + feature + "'");
  }
  return CheckUsage(snapshot, table, *protocol.writer_features, column_mapping_ok);
}

std::optional<Protocol> WithWriterFeature(const Protocol& protocol, const std::string& feature) {
  if (protocol.writer_features && protocol.writer_features->count(feature)) return std::nullopt;
  Protocol upgraded = protocol;
  if (!upgraded.writer_features) {
    upgraded.writer_features = LegacyWriterFeatures(protocol.min_writer_version);
  }
  upgraded.min_writer_version = 7;
  upgraded.writer_features->insert(feature);
  return upgraded;
}

}  // namespace ingot::delta
