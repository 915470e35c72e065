#include "pipeline/table_state.h"

#include <cstdio>

#include <nlohmann/json.hpp>

namespace ingot::pipeline {

std::string EncodeSourceFiles(const SourceFilesState& state) {
  nlohmann::json files = nlohmann::json::array();
  for (const SourceFile& f : state.files) {
    files.push_back({{"path", f.path}, {"size", f.size}, {"mtime", f.mtime}});
  }
  return nlohmann::json{{"source", state.source}, {"files", files}}.dump();
}

Result<SourceFilesState> DecodeSourceFiles(const std::string& json) {
  auto doc = nlohmann::json::parse(json, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("files") ||
      !doc["files"].is_array()) {
    return Status::Corruption("domain ", kSourceFilesDomain, ": not the expected JSON");
  }
  SourceFilesState state;
  state.source = doc.value("source", "");
  for (const auto& f : doc["files"]) {
    if (!f.is_object()) continue;
    state.files.push_back(
        {f.value("path", ""), f.value("size", int64_t{0}), f.value("mtime", int64_t{0})});
  }
  return state;
}

std::string EncodeUpstream(const UpstreamState& state) {
  nlohmann::json versions = nlohmann::json::object();
  for (const auto& [id, v] : state.versions) versions[id] = v;
  return nlohmann::json{{"sql_hash", state.sql_hash}, {"upstream", versions}}.dump();
}

Result<UpstreamState> DecodeUpstream(const std::string& json) {
  auto doc = nlohmann::json::parse(json, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    return Status::Corruption("domain ", kUpstreamDomain, ": not the expected JSON");
  }
  UpstreamState state;
  state.sql_hash = doc.value("sql_hash", "");
  if (doc.contains("upstream") && doc["upstream"].is_object()) {
    for (const auto& [id, v] : doc["upstream"].items()) {
      if (v.is_number_integer()) state.versions[id] = v.get<int64_t>();
    }
  }
  return state;
}

std::string SqlHash(const std::string& sql) {
  uint64_t hash = 1469598103934665603ULL;
  for (unsigned char c : sql) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  char out[17];
  std::snprintf(out, sizeof(out), "%016llx", static_cast<unsigned long long>(hash));
  return out;
}

}  // namespace ingot::pipeline
