#pragma once

#include <cstdint>
#include <string>
#include <string_view>

// Names of the files in a table's _delta_log/ directory (PROTOCOL.md "Delta Log Entries",
// "Checkpoints", "Log Compaction Files", "Version Checksum File").
namespace ingot::delta {

inline constexpr std::string_view kDeltaLogDirName = "_delta_log";
inline constexpr std::string_view kLastCheckpointFileName = "_last_checkpoint";
inline constexpr std::string_view kSidecarDirName = "_sidecars";

// "00000000000000000005.json"
std::string CommitFileName(int64_t version);
// "00000000000000000005.crc"
std::string ChecksumFileName(int64_t version);
// Classic single-file checkpoint: "00000000000000000010.checkpoint.parquet".
std::string CheckpointFileName(int64_t version);
// Multi-part checkpoint, part `part` (1-based) of `num_parts`:
// "00000000000000000010.checkpoint.0000000001.0000000003.parquet".
std::string MultiPartCheckpointFileName(int64_t version, int32_t part, int32_t num_parts);

enum class CheckpointFormat { kJson, kParquet };
// UUID-named V2 checkpoint: "00000000000000000002.checkpoint.<uuid>.json" / ".parquet".
std::string V2CheckpointFileName(int64_t version, std::string_view uuid, CheckpointFormat format);
// Log compaction of commits [start, end]:
// "00000000000000000004.00000000000000000006.compacted.json".
std::string CompactionFileName(int64_t start_version, int64_t end_version);

enum class LogFileKind {
  kCommit,               // N.json
  kCheckpoint,           // N.checkpoint.parquet (classic; V1 or V2 content)
  kMultiPartCheckpoint,  // N.checkpoint.P.T.parquet
  kV2Checkpoint,         // N.checkpoint.<uuid>.json|parquet
  kCompaction,           // X.Y.compacted.json
  kChecksum,             // N.crc
  kLastCheckpoint,       // _last_checkpoint
  kOther,                // anything else: temp files, Hadoop ".N.json.crc", directories, ...
};

// "commit", "checkpoint", "multi-part checkpoint", ...
std::string_view LogFileKindName(LogFileKind kind);

// What a file name in _delta_log/ denotes.
struct LogFileName {
  LogFileKind kind = LogFileKind::kOther;
  int64_t version = -1;      // the version, or a compaction's start; -1 for kLastCheckpoint/kOther
  int64_t end_version = -1;  // kCompaction only
  int32_t part = 0;          // kMultiPartCheckpoint only: 1-based part
  int32_t num_parts = 0;     // kMultiPartCheckpoint only
  std::string uuid;          // kV2Checkpoint only
  CheckpointFormat format = CheckpointFormat::kParquet;  // checkpoint kinds only

  bool is_checkpoint() const {
    return kind == LogFileKind::kCheckpoint || kind == LogFileKind::kMultiPartCheckpoint ||
           kind == LogFileKind::kV2Checkpoint;
  }
  bool operator==(const LogFileName& other) const = default;
};

// Classifies a file name (a path's last segment is used). Versions are any run of decimal
// digits that fits in int64 (Spark matches `\d+`), so unpadded names are accepted too; part
// numbers must satisfy 1 <= part <= num_parts. Never fails: unrecognised names are kOther.
LogFileName ParseLogFileName(std::string_view name);

}  // namespace ingot::delta
