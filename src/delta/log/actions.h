#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "common/result.h"

// The actions of the Delta transaction log (PROTOCOL.md "Actions"), as plain structs. Field
// names follow the JSON keys; optional JSON fields are std::optional (or an empty container
// where absent and empty mean the same). See actions_codec.h for the JSON form.
namespace ingot::delta {

// partitionValues: column -> value as Delta serialises it (partition_values.h). nullopt is a null
// value; the codec reads both JSON null and "" as null (the spec says "", Spark writes null) and
// writes null.
using PartitionValues = std::map<std::string, std::optional<std::string>>;

// A JSON object kept in source order with each value as its exact JSON text: `"Append"` (quotes
// included), `false`, `["id"]`. Used where real logs hold arbitrary JSON (commitInfo).
using JsonFields = std::vector<std::pair<std::string, std::string>>;

// The JSON text of the first field named `key`, or nullptr.
const std::string* FindJsonField(const JsonFields& fields, std::string_view key);
// Replaces the value of `key` (keeping its position) or appends it. `json` must be valid JSON.
void SetJsonField(JsonFields* fields, std::string_view key, std::string json);
// The field as a string: a JSON string's decoded contents, any other value's JSON text.
std::optional<std::string> JsonFieldAsString(const JsonFields& fields, std::string_view key);

struct Protocol {
  int32_t min_reader_version = 1;
  int32_t min_writer_version = 2;
  // Present (possibly empty) only with reader version 3 / writer version 7.
  std::optional<std::set<std::string>> reader_features;
  std::optional<std::set<std::string>> writer_features;

  bool operator==(const Protocol& other) const = default;
};

struct Format {
  std::string provider = "parquet";
  std::map<std::string, std::string> options;

  bool operator==(const Format& other) const = default;
};

struct Metadata {
  std::string id;
  std::optional<std::string> name;
  std::optional<std::string> description;
  Format format;
  // The table schema as Spark JSON (schema.h parses it). Required by the spec; empty when a
  // (test) log omits it.
  std::string schema_string;
  std::vector<std::string> partition_columns;
  std::map<std::string, std::string> configuration;
  std::optional<int64_t> created_time;  // ms since the epoch

  bool operator==(const Metadata& other) const = default;
};

struct DeletionVectorDescriptor {
  std::string storage_type;  // "u" (relative UUID path), "i" (inline), "p" (absolute path)
  std::string path_or_inline_dv;
  std::optional<int32_t> offset;  // byte offset in the file; absent for inline DVs
  int32_t size_in_bytes = 0;
  int64_t cardinality = 0;               // number of deleted rows
  std::optional<int64_t> max_row_index;  // written by some writers into checkpoints

  // storageType + pathOrInlineDv [+ "@" + offset]: the DV half of a file's identity.
  std::string UniqueId() const;

  bool operator==(const DeletionVectorDescriptor& other) const = default;
};

// A logical file's identity during log replay: (path, DV unique id). `path` is the path exactly
// as written in the log (still percent-encoded); `dv_id` is empty without a DV.
struct FileKey {
  std::string path;
  std::string dv_id;

  bool operator==(const FileKey& other) const = default;
  auto operator<=>(const FileKey& other) const = default;
};

struct FileKeyHash {
  size_t operator()(const FileKey& key) const;
};

struct Remove;

struct Add {
  std::string path;  // a relative or absolute URI, percent-encoded as in the log
  PartitionValues partition_values;
  int64_t size = 0;
  int64_t modification_time = 0;  // ms since the epoch
  bool data_change = true;
  std::optional<std::string> stats;  // raw JSON (file_stats.h parses it)
  std::map<std::string, std::string> tags;
  std::optional<DeletionVectorDescriptor> deletion_vector;
  std::optional<int64_t> base_row_id;
  std::optional<int64_t> default_row_commit_version;
  std::optional<std::string> clustering_provider;

  // The path with percent escapes decoded once (spec: "URL-decode it once"). Errors
  // (kCorruption) on a malformed escape.
  Result<std::string> DecodedPath() const;
  FileKey Key() const;
  // Where the file is on local disk: a relative path joined to `table_root`, a file: URI
  // unwrapped. kNotImplemented for any other scheme, kCorruption for a malformed escape.
  Result<std::string> LocalPath(const std::string& table_root) const;
  // The remove action that logically deletes this file at `deletion_timestamp` (ms).
  Remove ToRemove(int64_t deletion_timestamp) const;

  bool operator==(const Add& other) const = default;
};

struct Remove {
  std::string path;
  std::optional<int64_t> deletion_timestamp;  // ms since the epoch
  bool data_change = true;
  std::optional<bool> extended_file_metadata;
  std::optional<PartitionValues> partition_values;
  std::optional<int64_t> size;
  std::optional<std::string> stats;
  std::map<std::string, std::string> tags;
  std::optional<DeletionVectorDescriptor> deletion_vector;
  std::optional<int64_t> base_row_id;
  std::optional<int64_t> default_row_commit_version;

  Result<std::string> DecodedPath() const;
  FileKey Key() const;

  bool operator==(const Remove& other) const = default;
};

// Key "txn": the last version an application committed (idempotent writers).
struct Txn {
  std::string app_id;
  int64_t version = 0;
  std::optional<int64_t> last_updated;  // ms since the epoch

  bool operator==(const Txn& other) const = default;
};

// Free-form provenance. The common fields are typed; every other key is kept, in order, as raw
// JSON in `other_fields` so that unknown content round-trips. A typed key whose value has an
// unexpected JSON type is also kept there instead of failing the parse.
struct CommitInfo {
  std::optional<int64_t> timestamp;            // ms since the epoch
  std::optional<int64_t> in_commit_timestamp;  // set when in-commit timestamps are enabled
  std::optional<std::string> operation;        // "WRITE", "DELETE", "MERGE", ...
  std::optional<JsonFields> operation_parameters;
  std::optional<int64_t> read_version;
  std::optional<std::string> isolation_level;
  std::optional<bool> is_blind_append;
  std::optional<JsonFields> operation_metrics;
  std::optional<std::string> user_metadata;
  std::optional<std::string> engine_info;
  std::optional<std::string> txn_id;
  JsonFields other_fields;

  // operationParameters[key] / operationMetrics[key] as a string (see JsonFieldAsString).
  std::optional<std::string> OperationParameter(std::string_view key) const;
  std::optional<std::string> OperationMetric(std::string_view key) const;

  bool operator==(const CommitInfo& other) const = default;
};

struct DomainMetadata {
  std::string domain;         // "delta.*" domains are reserved for the system
  std::string configuration;  // domain-specific, usually JSON text
  bool removed = false;       // a tombstone

  bool operator==(const DomainMetadata& other) const = default;
};

// Key "cdc": a change-data file under _change_data/.
struct AddCDCFile {
  std::string path;
  PartitionValues partition_values;
  int64_t size = 0;
  bool data_change = false;
  std::map<std::string, std::string> tags;

  bool operator==(const AddCDCFile& other) const = default;
};

// V2 checkpoints only: exactly one per checkpoint.
struct CheckpointMetadata {
  int64_t version = 0;
  std::map<std::string, std::string> tags;

  bool operator==(const CheckpointMetadata& other) const = default;
};

// V2 checkpoints only: a file of add/remove actions in _delta_log/_sidecars/.
struct Sidecar {
  std::string path;  // relative to _delta_log/_sidecars/, or absolute
  int64_t size_in_bytes = 0;
  int64_t modification_time = 0;
  std::map<std::string, std::string> tags;

  bool operator==(const Sidecar& other) const = default;
};

using Action = std::variant<Protocol, Metadata, Add, Remove, Txn, CommitInfo, DomainMetadata,
                            AddCDCFile, CheckpointMetadata, Sidecar>;

// One enumerator per Action alternative, in the same order.
enum class ActionKind {
  kProtocol,
  kMetadata,
  kAdd,
  kRemove,
  kTxn,
  kCommitInfo,
  kDomainMetadata,
  kCdc,
  kCheckpointMetadata,
  kSidecar,
};

ActionKind KindOf(const Action& action);

// The action's JSON key: "protocol", "metaData", "add", "remove", "txn", "commitInfo",
// "domainMetadata", "cdc", "checkpointMetadata", "sidecar".
std::string_view ActionKindName(ActionKind kind);
inline std::string_view ActionKindName(const Action& action) {
  return ActionKindName(KindOf(action));
}

// The ActionKind whose JSON key is `name`, or nullopt for an unknown action.
std::optional<ActionKind> ActionKindFromName(std::string_view name);

// Percent-encodes a relative data-file path for add/remove/cdc.path the way Spark's Hadoop Path
// URIs do: '/' and RFC 2396 path characters stay, '%', ' ', '#', '?' and other bytes become %XX.
// DecodeLogPath(EncodeLogPath(p)) == p.
std::string EncodeLogPath(std::string_view path);
// Decodes a log path once. kCorruption on a malformed escape.
Result<std::string> DecodeLogPath(std::string_view path);

}  // namespace ingot::delta
