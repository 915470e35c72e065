#include "delta/log/log_file_names.h"

#include <charconv>
#include <cstdint>
#include <cstdio>

namespace ingot::delta {
namespace {

std::string Padded(int64_t value, int width) {
  char buffer[32];
  int length =
      std::snprintf(buffer, sizeof(buffer), "%0*lld", width, static_cast<long long>(value));
  return std::string(buffer, static_cast<size_t>(length));
}

std::string VersionPrefix(int64_t version) { return Padded(version, 20); }

// Parses a non-empty all-digit string into a non-negative int64.
bool ParseDigits(std::string_view text, int64_t* out) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && ptr == text.data() + text.size();
}

bool ConsumeSuffix(std::string_view* text, std::string_view suffix) {
  if (text->size() < suffix.size() || text->substr(text->size() - suffix.size()) != suffix) {
    return false;
  }
  text->remove_suffix(suffix.size());
  return true;
}

// `rest` is what follows "<version>.checkpoint.", minus the ".json"/".parquet" suffix.
LogFileName ParseCheckpointRest(int64_t version, std::string_view rest, CheckpointFormat format) {
  LogFileName result;
  result.version = version;
  result.format = format;
  size_t dot = rest.find('.');
  if (dot == std::string_view::npos) {
    if (rest.empty()) return LogFileName();
    result.kind = LogFileKind::kV2Checkpoint;
    result.uuid = std::string(rest);
    return result;
  }
  int64_t part = 0;
  int64_t num_parts = 0;
  if (format != CheckpointFormat::kParquet || !ParseDigits(rest.substr(0, dot), &part) ||
      !ParseDigits(rest.substr(dot + 1), &num_parts) || part < 1 || part > num_parts ||
      num_parts > INT32_MAX) {
    return LogFileName();
  }
  result.kind = LogFileKind::kMultiPartCheckpoint;
  result.part = static_cast<int32_t>(part);
  result.num_parts = static_cast<int32_t>(num_parts);
  return result;
}

}  // namespace

std::string CommitFileName(int64_t version) { return VersionPrefix(version) + ".json"; }

std::string ChecksumFileName(int64_t version) { return VersionPrefix(version) + ".crc"; }

std::string CheckpointFileName(int64_t version) {
  return VersionPrefix(version) + ".checkpoint.parquet";
}

std::string MultiPartCheckpointFileName(int64_t version, int32_t part, int32_t num_parts) {
  return VersionPrefix(version) + ".checkpoint." + Padded(part, 10) + "." + Padded(num_parts, 10) +
         ".parquet";
}

std::string V2CheckpointFileName(int64_t version, std::string_view uuid, CheckpointFormat format) {
  return VersionPrefix(version) + ".checkpoint." + std::string(uuid) +
         (format == CheckpointFormat::kJson ? ".json" : ".parquet");
}

std::string CompactionFileName(int64_t start_version, int64_t end_version) {
  return VersionPrefix(start_version) + "." + VersionPrefix(end_version) + ".compacted.json";
}

std::string_view LogFileKindName(LogFileKind kind) {
  switch (kind) {
    case LogFileKind::kCommit:
      return "commit";
    case LogFileKind::kCheckpoint:
      return "checkpoint";
    case LogFileKind::kMultiPartCheckpoint:
      return "multi-part checkpoint";
    case LogFileKind::kV2Checkpoint:
      return "v2 checkpoint";
    case LogFileKind::kCompaction:
      return "compaction";
    case LogFileKind::kChecksum:
      return "checksum";
    case LogFileKind::kLastCheckpoint:
      return "last checkpoint";
    case LogFileKind::kOther:
      return "other";
  }
  return "other";
}

LogFileName ParseLogFileName(std::string_view name) {
  size_t slash = name.rfind('/');
  if (slash != std::string_view::npos) name.remove_prefix(slash + 1);
  LogFileName result;
  if (name == kLastCheckpointFileName) {
    result.kind = LogFileKind::kLastCheckpoint;
    return result;
  }
  size_t dot = name.find('.');
  int64_t version = 0;
  if (dot == std::string_view::npos || !ParseDigits(name.substr(0, dot), &version)) return result;
  std::string_view rest = name.substr(dot + 1);
  if (rest == "json" || rest == "crc") {
    result.kind = rest == "json" ? LogFileKind::kCommit : LogFileKind::kChecksum;
    result.version = version;
    return result;
  }
  if (rest == "checkpoint.parquet") {
    result.kind = LogFileKind::kCheckpoint;
    result.version = version;
    return result;
  }
  constexpr std::string_view kCheckpointInfix = "checkpoint.";
  if (rest.substr(0, kCheckpointInfix.size()) == kCheckpointInfix) {
    rest.remove_prefix(kCheckpointInfix.size());
    if (ConsumeSuffix(&rest, ".parquet")) {
      return ParseCheckpointRest(version, rest, CheckpointFormat::kParquet);
    }
    if (ConsumeSuffix(&rest, ".json")) {
      return ParseCheckpointRest(version, rest, CheckpointFormat::kJson);
    }
    return result;
  }
  int64_t end_version = 0;
  if (ConsumeSuffix(&rest, ".compacted.json") && ParseDigits(rest, &end_version) &&
      end_version >= version) {
    result.kind = LogFileKind::kCompaction;
    result.version = version;
    result.end_version = end_version;
  }
  return result;
}

}  // namespace ingot::delta
