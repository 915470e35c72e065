#include "delta/snapshot/protocol_support.h"

#include <map>

#include "common/status.h"
#include "delta/snapshot/table_config.h"

namespace ingot::delta {
namespace {

// Why a known but unimplemented reader feature matters.
const std::map<std::string, std::string, std::less<>>& KnownUnsupported() {
  static const auto* reasons = new std::map<std::string, std::string, std::less<>>{
      {"variantType", "columns of type variant"},
      {"variantType-preview", "columns of type variant"},
      {"variantShredding", "shredded variant columns"},
      {"variantShredding-preview", "shredded variant columns"},
      {"catalogManaged", "commits are managed by a catalog"},
      {"collations", "string columns with collations"},
      {"collations-preview", "string columns with collations"},
      {"geospatial", "geometry and geography columns"},
  };
  return *reasons;
}

std::string SupportedList() {
  std::string list;
  for (const std::string& feature : SupportedReaderFeatures()) {
    if (!list.empty()) list += ", ";
    list += feature;
  }
  return list;
}

Status Refuse(std::string_view table_name, std::string_view feature) {
  const auto& known = KnownUnsupported();
  auto it = known.find(feature);
  if (it != known.end()) {
    return Status::NotImplemented("table '", table_name, "' requires the reader feature '", feature,
                                  "' (", it->second, "), which Ingot does not support yet");
  }
  return Status::NotImplemented("table '", table_name, "' requires the reader feature '", feature,
                                "', which Ingot does not know (supported: ", SupportedList(), ")");
}

}  // namespace

const std::set<std::string>& SupportedReaderFeatures() {
  static const auto* features = new std::set<std::string>{
      "columnMapping",        "deletionVectors", "timestampNtz",       "typeWidening",
      "typeWidening-preview", "v2Checkpoint",    "vacuumProtocolCheck"};
  return *features;
}

Status CheckReadSupported(const Protocol& protocol, const Metadata& metadata,
                          std::string_view table_name) {
  int32_t reader = protocol.min_reader_version;
  if (reader < 1) {
    return Status::Corruption("table '", table_name, "' has an invalid protocol: minReaderVersion ",
                              reader);
  }
  if (reader > kMaxSupportedReaderVersion) {
    return Status::NotImplemented("table '", table_name, "' requires Delta reader version ", reader,
                                  "; Ingot supports reader versions 1 to ",
                                  kMaxSupportedReaderVersion);
  }
  // Column mapping (legacy reader version 2 or the columnMapping feature): name and id modes.
  auto mode = metadata.configuration.find(std::string(kColumnMappingModeKey));
  if (mode != metadata.configuration.end() && mode->second != "none" && mode->second != "name" &&
      mode->second != "id") {
    return Status::NotImplemented("table '", table_name, "' uses the column mapping mode '",
                                  mode->second, "' (", kColumnMappingModeKey,
                                  "), which Ingot does not know (it reads none, name and id)");
  }
  if (reader == 2) return Status::OK();
  if (reader == 3 && protocol.reader_features.has_value()) {
    for (const std::string& feature : *protocol.reader_features) {
      if (SupportedReaderFeatures().count(feature) == 0) return Refuse(table_name, feature);
    }
  }
  return Status::OK();
}

}  // namespace ingot::delta
