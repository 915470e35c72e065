#include <string>
#include <string_view>

#include "common/macros.h"
#include "delta/log/actions_json_internal.h"
#include "delta/log/json_object_reader.h"

namespace ingot::delta::log_internal {
namespace {

Status ReadProtocol(JsonObjectReader& reader, Protocol* out) {
  INGOT_RETURN_NOT_OK(reader.ReadInt32("minReaderVersion", &out->min_reader_version));
  INGOT_RETURN_NOT_OK(reader.ReadInt32("minWriterVersion", &out->min_writer_version));
  INGOT_RETURN_NOT_OK(reader.ReadOptionalStringSet("readerFeatures", &out->reader_features));
  return reader.ReadOptionalStringSet("writerFeatures", &out->writer_features);
}

Status ReadMetadata(JsonObjectReader& reader, Metadata* out, int64_t* unknown_fields) {
  INGOT_RETURN_NOT_OK(reader.ReadString("id", &out->id));
  INGOT_RETURN_NOT_OK(reader.ReadOptionalString("name", &out->name));
  INGOT_RETURN_NOT_OK(reader.ReadOptionalString("description", &out->description));
  if (const JsonValue* format = reader.Get("format"); format != nullptr && !format->is_null()) {
    INGOT_ASSIGN_OR_RAISE(JsonObjectReader format_reader,
                          JsonObjectReader::Make(*format, "metaData.format"));
    INGOT_RETURN_NOT_OK(format_reader.ReadString("provider", &out->format.provider));
    INGOT_RETURN_NOT_OK(format_reader.ReadStringMap("options", &out->format.options));
    *unknown_fields += format_reader.CountUnknown();
  }
  std::optional<std::string> schema;
  INGOT_RETURN_NOT_OK(reader.ReadOptionalString("schemaString", &schema));
  out->schema_string = schema.value_or("");
  INGOT_RETURN_NOT_OK(reader.ReadStringArray("partitionColumns", &out->partition_columns));
  INGOT_RETURN_NOT_OK(reader.ReadStringMap("configuration", &out->configuration));
  return reader.ReadOptionalInt64("createdTime", &out->created_time);
}

Status ReadTxn(JsonObjectReader& reader, Txn* out) {
  INGOT_RETURN_NOT_OK(reader.ReadString("appId", &out->app_id));
  INGOT_RETURN_NOT_OK(reader.ReadInt64("version", &out->version));
  return reader.ReadOptionalInt64("lastUpdated", &out->last_updated);
}

Status ReadDomainMetadata(JsonObjectReader& reader, DomainMetadata* out) {
  INGOT_RETURN_NOT_OK(reader.ReadString("domain", &out->domain));
  INGOT_RETURN_NOT_OK(reader.ReadString("configuration", &out->configuration));
  return reader.ReadBool("removed", &out->removed);
}

Status ReadCheckpointMetadata(JsonObjectReader& reader, CheckpointMetadata* out) {
  INGOT_RETURN_NOT_OK(reader.ReadInt64("version", &out->version));
  return reader.ReadStringMap("tags", &out->tags);
}

Status ReadSidecar(JsonObjectReader& reader, Sidecar* out) {
  INGOT_RETURN_NOT_OK(reader.ReadString("path", &out->path));
  INGOT_RETURN_NOT_OK(reader.ReadInt64("sizeInBytes", &out->size_in_bytes));
  INGOT_RETURN_NOT_OK(reader.ReadInt64("modificationTime", &out->modification_time));
  return reader.ReadStringMap("tags", &out->tags);
}

JsonFields ToJsonFields(const JsonValue& object) {
  JsonFields fields;
  fields.reserve(object.members.size());
  for (const JsonMember& member : object.members) {
    fields.emplace_back(member.key, member.value.ToJson());
  }
  return fields;
}

// Sets a typed commitInfo field when `value` has the expected JSON type (null leaves it unset).
// Returns false otherwise, and the caller keeps the member verbatim in other_fields.
bool TypedInt64(const JsonValue& value, std::optional<int64_t>* out) {
  if (value.is_null()) return true;
  Result<int64_t> number = value.ToInt64();
  if (!number.ok()) return false;
  *out = *number;
  return true;
}

bool TypedString(const JsonValue& value, std::optional<std::string>* out) {
  if (value.is_null()) return true;
  if (value.type != JsonType::kString) return false;
  *out = value.text;
  return true;
}

bool TypedBool(const JsonValue& value, std::optional<bool>* out) {
  if (value.is_null()) return true;
  if (value.type != JsonType::kBool) return false;
  *out = value.bool_value;
  return true;
}

bool TypedFields(const JsonValue& value, std::optional<JsonFields>* out) {
  if (value.is_null()) return true;
  if (value.type != JsonType::kObject) return false;
  *out = ToJsonFields(value);
  return true;
}

bool ReadTypedCommitInfoField(const JsonMember& member, CommitInfo* out) {
  const std::string& key = member.key;
  const JsonValue& value = member.value;
  if (key == "timestamp") return TypedInt64(value, &out->timestamp);
  if (key == "inCommitTimestamp") return TypedInt64(value, &out->in_commit_timestamp);
  if (key == "operation") return TypedString(value, &out->operation);
  if (key == "operationParameters") return TypedFields(value, &out->operation_parameters);
  if (key == "readVersion") return TypedInt64(value, &out->read_version);
  if (key == "isolationLevel") return TypedString(value, &out->isolation_level);
  if (key == "isBlindAppend") return TypedBool(value, &out->is_blind_append);
  if (key == "operationMetrics") return TypedFields(value, &out->operation_metrics);
  if (key == "userMetadata") return TypedString(value, &out->user_metadata);
  if (key == "engineInfo") return TypedString(value, &out->engine_info);
  if (key == "txnId") return TypedString(value, &out->txn_id);
  return false;
}

// commitInfo is free-form: it never fails on content, it only sorts members into typed fields
// and other_fields.
Status ReadCommitInfo(const JsonValue& value, CommitInfo* out) {
  if (value.type != JsonType::kObject) {
    return Status::Corruption("commitInfo: expected an object, got ", JsonTypeName(value.type));
  }
  for (const JsonMember& member : value.members) {
    if (!ReadTypedCommitInfoField(member, out)) {
      out->other_fields.emplace_back(member.key, member.value.ToJson());
    }
  }
  return Status::OK();
}

}  // namespace

Status ActionFromJson(ActionKind kind, const JsonValue& value, Action* out,
                      int64_t* unknown_fields) {
  if (kind == ActionKind::kCommitInfo) return ReadCommitInfo(value, &out->emplace<CommitInfo>());
  INGOT_ASSIGN_OR_RAISE(JsonObjectReader reader,
                        JsonObjectReader::Make(value, std::string(ActionKindName(kind))));
  Status status;
  switch (kind) {
    case ActionKind::kProtocol:
      status = ReadProtocol(reader, &out->emplace<Protocol>());
      break;
    case ActionKind::kMetadata:
      status = ReadMetadata(reader, &out->emplace<Metadata>(), unknown_fields);
      break;
    case ActionKind::kTxn:
      status = ReadTxn(reader, &out->emplace<Txn>());
      break;
    case ActionKind::kDomainMetadata:
      status = ReadDomainMetadata(reader, &out->emplace<DomainMetadata>());
      break;
    case ActionKind::kCheckpointMetadata:
      status = ReadCheckpointMetadata(reader, &out->emplace<CheckpointMetadata>());
      break;
    case ActionKind::kSidecar:
      status = ReadSidecar(reader, &out->emplace<Sidecar>());
      break;
    default:
      return Status::Internal("ActionFromJson does not handle '", ActionKindName(kind), "'");
  }
  INGOT_RETURN_NOT_OK(status);
  *unknown_fields += reader.CountUnknown();
  return Status::OK();
}

}  // namespace ingot::delta::log_internal
