// SerializeAction / SerializeCommit: actions -> JSON in the field order Spark's Jackson writes.

#include <type_traits>

#include "delta/log/actions_codec.h"
#include "delta/log/json_writer.h"

namespace ingot::delta {
namespace {

void WritePartitionValues(JsonWriter* w, const PartitionValues& values) {
  w->Key("partitionValues");
  w->BeginObject();
  for (const auto& [column, value] : values) {
    w->Key(column);
    if (value) {
      w->String(*value);
    } else {
      w->Null();
    }
  }
  w->EndObject();
}

void WriteTags(JsonWriter* w, const std::map<std::string, std::string>& tags) {
  if (!tags.empty()) w->StringMapField("tags", tags);
}

void WriteOptionalString(JsonWriter* w, std::string_view key,
                         const std::optional<std::string>& value) {
  if (value) w->StringField(key, *value);
}

void WriteOptionalInt64(JsonWriter* w, std::string_view key, const std::optional<int64_t>& value) {
  if (value) w->Int64Field(key, *value);
}

void WriteOptionalBool(JsonWriter* w, std::string_view key, const std::optional<bool>& value) {
  if (value) w->BoolField(key, *value);
}

void WriteJsonFields(JsonWriter* w, const JsonFields& fields) {
  for (const auto& [key, json] : fields) w->RawField(key, json);
}

void WriteDeletionVector(JsonWriter* w, const std::optional<DeletionVectorDescriptor>& dv) {
  if (!dv) return;
  w->Key("deletionVector");
  w->BeginObject();
  w->StringField("storageType", dv->storage_type);
  w->StringField("pathOrInlineDv", dv->path_or_inline_dv);
  if (dv->offset) w->Int64Field("offset", *dv->offset);
  w->Int64Field("sizeInBytes", dv->size_in_bytes);
  w->Int64Field("cardinality", dv->cardinality);
  WriteOptionalInt64(w, "maxRowIndex", dv->max_row_index);
  w->EndObject();
}

void WriteBody(JsonWriter* w, const Protocol& p) {
  w->Int64Field("minReaderVersion", p.min_reader_version);
  w->Int64Field("minWriterVersion", p.min_writer_version);
  auto write_features = [w](std::string_view key, const std::optional<std::set<std::string>>& set) {
    if (!set) return;
    w->Key(key);
    w->BeginArray();
    for (const std::string& feature : *set) w->String(feature);
    w->EndArray();
  };
  write_features("readerFeatures", p.reader_features);
  write_features("writerFeatures", p.writer_features);
}

void WriteBody(JsonWriter* w, const Metadata& m) {
  w->StringField("id", m.id);
  WriteOptionalString(w, "name", m.name);
  WriteOptionalString(w, "description", m.description);
  w->Key("format");
  w->BeginObject();
  w->StringField("provider", m.format.provider);
  w->StringMapField("options", m.format.options);
  w->EndObject();
  if (!m.schema_string.empty()) w->StringField("schemaString", m.schema_string);
  w->StringArrayField("partitionColumns", m.partition_columns);
  w->StringMapField("configuration", m.configuration);
  WriteOptionalInt64(w, "createdTime", m.created_time);
}

void WriteBody(JsonWriter* w, const Add& a) {
  w->StringField("path", a.path);
  WritePartitionValues(w, a.partition_values);
  w->Int64Field("size", a.size);
  w->Int64Field("modificationTime", a.modification_time);
  w->BoolField("dataChange", a.data_change);
  WriteOptionalString(w, "stats", a.stats);
  WriteTags(w, a.tags);
  WriteDeletionVector(w, a.deletion_vector);
  WriteOptionalInt64(w, "baseRowId", a.base_row_id);
  WriteOptionalInt64(w, "defaultRowCommitVersion", a.default_row_commit_version);
  WriteOptionalString(w, "clusteringProvider", a.clustering_provider);
}

void WriteBody(JsonWriter* w, const Remove& r) {
  w->StringField("path", r.path);
  WriteOptionalInt64(w, "deletionTimestamp", r.deletion_timestamp);
  w->BoolField("dataChange", r.data_change);
  WriteOptionalBool(w, "extendedFileMetadata", r.extended_file_metadata);
  if (r.partition_values) WritePartitionValues(w, *r.partition_values);
  WriteOptionalInt64(w, "size", r.size);
  WriteTags(w, r.tags);
  WriteDeletionVector(w, r.deletion_vector);
  WriteOptionalInt64(w, "baseRowId", r.base_row_id);
  WriteOptionalInt64(w, "defaultRowCommitVersion", r.default_row_commit_version);
  WriteOptionalString(w, "stats", r.stats);
}

void WriteBody(JsonWriter* w, const Txn& t) {
  w->StringField("appId", t.app_id);
  w->Int64Field("version", t.version);
  WriteOptionalInt64(w, "lastUpdated", t.last_updated);
}

void WriteBody(JsonWriter* w, const CommitInfo& c) {
  WriteOptionalInt64(w, "inCommitTimestamp", c.in_commit_timestamp);
  WriteOptionalInt64(w, "timestamp", c.timestamp);
  WriteOptionalString(w, "operation", c.operation);
  if (c.operation_parameters) {
    w->Key("operationParameters");
    w->BeginObject();
    WriteJsonFields(w, *c.operation_parameters);
    w->EndObject();
  }
  WriteOptionalInt64(w, "readVersion", c.read_version);
  WriteOptionalString(w, "isolationLevel", c.isolation_level);
  WriteOptionalBool(w, "isBlindAppend", c.is_blind_append);
  if (c.operation_metrics) {
    w->Key("operationMetrics");
    w->BeginObject();
    WriteJsonFields(w, *c.operation_metrics);
    w->EndObject();
  }
  WriteOptionalString(w, "userMetadata", c.user_metadata);
  WriteOptionalString(w, "engineInfo", c.engine_info);
  WriteOptionalString(w, "txnId", c.txn_id);
  WriteJsonFields(w, c.other_fields);
}

void WriteBody(JsonWriter* w, const DomainMetadata& d) {
  w->StringField("domain", d.domain);
  w->StringField("configuration", d.configuration);
  w->BoolField("removed", d.removed);
}

void WriteBody(JsonWriter* w, const AddCDCFile& c) {
  w->StringField("path", c.path);
  WritePartitionValues(w, c.partition_values);
  w->Int64Field("size", c.size);
  WriteTags(w, c.tags);
  w->BoolField("dataChange", c.data_change);
}

void WriteBody(JsonWriter* w, const CheckpointMetadata& c) {
  w->Int64Field("version", c.version);
  WriteTags(w, c.tags);
}

void WriteBody(JsonWriter* w, const Sidecar& s) {
  w->StringField("path", s.path);
  w->Int64Field("sizeInBytes", s.size_in_bytes);
  w->Int64Field("modificationTime", s.modification_time);
  WriteTags(w, s.tags);
}

// Position of an action kind in a commit file: commitInfo, protocol, metaData, then the rest.
int CommitRank(const Action& action) {
  switch (KindOf(action)) {
    case ActionKind::kCommitInfo:
      return 0;
    case ActionKind::kProtocol:
      return 1;
    case ActionKind::kMetadata:
      return 2;
    default:
      return 3;
  }
}

void WriteAction(JsonWriter* w, const Action& action) {
  w->BeginObject();
  w->Key(ActionKindName(action));
  w->BeginObject();
  std::visit([w](const auto& body) { WriteBody(w, body); }, action);
  w->EndObject();
  w->EndObject();
}

}  // namespace

std::string SerializeAction(const Action& action) {
  JsonWriter writer;
  WriteAction(&writer, action);
  return writer.Release();
}

std::string SerializeCommit(const std::vector<Action>& actions) {
  std::string out;
  JsonWriter writer;
  for (int rank = 0; rank <= 3; ++rank) {
    for (const Action& action : actions) {
      if (CommitRank(action) != rank) continue;
      writer.Clear();
      WriteAction(&writer, action);
      out += writer.str();
      out += '\n';
    }
  }
  return out;
}

}  // namespace ingot::delta
