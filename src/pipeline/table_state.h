#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "pipeline/file_source.h"

// What a pipeline remembers about each target table, kept in the table's own Delta log
// (domainMetadata, committed with the data) so a restart resumes from the table itself.
namespace ingot::pipeline {

// Domain "ingot.source.files": the input files already ingested into a table from a source.
inline constexpr const char* kSourceFilesDomain = "ingot.source.files";
// Domain "ingot.pipeline.upstream": the upstream table versions a model table last read and
// the hash of its SQL.
inline constexpr const char* kUpstreamDomain = "ingot.pipeline.upstream";

struct SourceFilesState {
  std::string source;
  std::vector<SourceFile> files;
};
std::string EncodeSourceFiles(const SourceFilesState& state);
Result<SourceFilesState> DecodeSourceFiles(const std::string& json);

struct UpstreamState {
  std::string sql_hash;
  // "layer.name" -> the version read (-1: the table did not exist).
  std::map<std::string, int64_t> versions;
};
std::string EncodeUpstream(const UpstreamState& state);
Result<UpstreamState> DecodeUpstream(const std::string& json);

// A stable hex hash of a model's SQL text (FNV-1a 64), to notice edited models.
std::string SqlHash(const std::string& sql);

}  // namespace ingot::pipeline
