// ParseCommit: newline-delimited JSON -> actions, with simdjson's On-Demand API. simdjson types
// stay in this file; every error becomes a kCorruption Status naming the field.

#include <array>
#include <initializer_list>
#include <limits>
#include <utility>

#include <simdjson.h>

#include "common/macros.h"
#include "delta/log/actions_codec.h"
#include "delta/log/actions_json_internal.h"
#include "delta/log/json_value.h"

namespace ingot::delta {
namespace {

namespace od = simdjson::ondemand;

std::string_view TypeName(od::value& value) {
  od::json_type type;
  if (value.type().get(type)) return "invalid JSON";
  switch (type) {
    case od::json_type::array:
      return "array";
    case od::json_type::object:
      return "object";
    case od::json_type::number:
      return "number";
    case od::json_type::string:
      return "string";
    case od::json_type::boolean:
      return "boolean";
    case od::json_type::null:
      return "null";
  }
  return "unknown";
}

// "<scope>.<key>: expected <expected>, got <type>".
Status TypeError(od::value& value, std::string_view scope, std::string_view key,
                 std::string_view expected) {
  return Status::Corruption(scope, ".", key, ": expected ", expected, ", got ", TypeName(value));
}

// "[<scope>: ]malformed JSON: <simdjson's description>".
Status SimdError(simdjson::error_code error, std::string_view scope) {
  if (scope.empty()) return Status::Corruption("malformed JSON: ", simdjson::error_message(error));
  return Status::Corruption(scope, ": malformed JSON: ", simdjson::error_message(error));
}

// Whether the document has no content left (simdjson 3.0 has no document::at_end()).
bool AtEnd(od::document& doc) { return doc.current_location().error() == simdjson::OUT_OF_BOUNDS; }

bool IsNull(od::value& value) {
  bool is_null = false;
  return !value.is_null().get(is_null) && is_null;
}

Status ReadString(od::value& value, std::string_view scope, std::string_view key,
                  std::string* out) {
  std::string_view text;
  if (value.get_string().get(text)) return TypeError(value, scope, key, "a string");
  out->assign(text);
  return Status::OK();
}

Status ReadInt64(od::value& value, std::string_view scope, std::string_view key, int64_t* out) {
  if (value.get_int64().get(*out)) return TypeError(value, scope, key, "an int64 integer");
  return Status::OK();
}

Status ReadInt32(od::value& value, std::string_view scope, std::string_view key, int32_t* out) {
  int64_t wide = 0;
  INGOT_RETURN_NOT_OK(ReadInt64(value, scope, key, &wide));
  if (wide < std::numeric_limits<int32_t>::min() || wide > std::numeric_limits<int32_t>::max()) {
    return Status::Corruption(scope, ".", key, ": ", wide, " does not fit in int32");
  }
  *out = static_cast<int32_t>(wide);
  return Status::OK();
}

Status ReadBool(od::value& value, std::string_view scope, std::string_view key, bool* out) {
  if (value.get_bool().get(*out)) return TypeError(value, scope, key, "a boolean");
  return Status::OK();
}

// Optional scalars: JSON null leaves `out` empty.
template <typename T, typename Reader>
Status ReadOptional(od::value& value, std::string_view scope, std::string_view key,
                    std::optional<T>* out, Reader reader) {
  if (IsNull(value)) {
    out->reset();
    return Status::OK();
  }
  T parsed{};
  INGOT_RETURN_NOT_OK(reader(value, scope, key, &parsed));
  *out = std::move(parsed);
  return Status::OK();
}

Status GetObject(od::value& value, std::string_view scope, std::string_view key, od::object* out) {
  if (value.get_object().get(*out)) return TypeError(value, scope, key, "an object");
  return Status::OK();
}

// Iterates an object's members, calling fn(key, value) -> Status for each.
template <typename Fn>
Status ForEachField(od::object& object, std::string_view scope, Fn fn) {
  for (auto field_result : object) {
    od::field field;
    if (auto error = std::move(field_result).get(field)) return SimdError(error, scope);
    std::string_view key;
    if (auto error = field.unescaped_key().get(key)) return SimdError(error, scope);
    od::value value = field.value();
    INGOT_RETURN_NOT_OK(fn(key, value));
  }
  return Status::OK();
}

// A map<string, string>. Entries whose value is JSON null are dropped.
Status ReadStringMap(od::value& value, std::string_view scope, std::string_view key,
                     std::map<std::string, std::string>* out) {
  out->clear();
  if (IsNull(value)) return Status::OK();
  od::object object;
  INGOT_RETURN_NOT_OK(GetObject(value, scope, key, &object));
  return ForEachField(object, scope, [&](std::string_view name, od::value& entry) -> Status {
    if (IsNull(entry)) return Status::OK();
    std::string text;
    INGOT_RETURN_NOT_OK(ReadString(entry, scope, key, &text));
    (*out)[std::string(name)] = std::move(text);
    return Status::OK();
  });
}

// partitionValues: JSON null and "" both mean a null partition value.
Status ReadPartitionValues(od::value& value, std::string_view scope, std::string_view key,
                           PartitionValues* out) {
  out->clear();
  od::object object;
  INGOT_RETURN_NOT_OK(GetObject(value, scope, key, &object));
  return ForEachField(object, scope, [&](std::string_view name, od::value& entry) -> Status {
    std::optional<std::string> text;
    INGOT_RETURN_NOT_OK(ReadOptional(entry, scope, key, &text, ReadString));
    if (text && text->empty()) text.reset();
    (*out)[std::string(name)] = std::move(text);
    return Status::OK();
  });
}

// Tracks which required fields of one action were seen.
class RequiredFields {
 public:
  RequiredFields(std::string_view scope, std::initializer_list<std::string_view> names)
      : scope_(scope) {
    for (std::string_view name : names) names_[count_++] = name;
  }

  void Saw(std::string_view key) {
    for (size_t i = 0; i < count_; ++i) {
      if (names_[i] == key) seen_ |= 1u << i;
    }
  }

  Status Check() const {
    for (size_t i = 0; i < count_; ++i) {
      if ((seen_ & (1u << i)) == 0) {
        return Status::Corruption(scope_, ": missing required field '", names_[i], "'");
      }
    }
    return Status::OK();
  }

 private:
  std::string_view scope_;  // must outlive this object
  std::array<std::string_view, 8> names_;
  size_t count_ = 0;
  uint32_t seen_ = 0;
};

Status ReadDeletionVector(od::value& value, std::string_view scope, std::string_view key,
                          DeletionVectorDescriptor* dv) {
  od::object object;
  INGOT_RETURN_NOT_OK(GetObject(value, scope, key, &object));
  std::string inner_scope = ::ingot::internal::StrCat(scope, ".", key);
  RequiredFields required(inner_scope,
                          {"storageType", "pathOrInlineDv", "sizeInBytes", "cardinality"});
  Status status =
      ForEachField(object, inner_scope, [&](std::string_view name, od::value& field) -> Status {
        required.Saw(name);
        if (name == "storageType") return ReadString(field, inner_scope, name, &dv->storage_type);
        if (name == "pathOrInlineDv") {
          return ReadString(field, inner_scope, name, &dv->path_or_inline_dv);
        }
        if (name == "offset") return ReadOptional(field, inner_scope, name, &dv->offset, ReadInt32);
        if (name == "sizeInBytes") return ReadInt32(field, inner_scope, name, &dv->size_in_bytes);
        if (name == "cardinality") return ReadInt64(field, inner_scope, name, &dv->cardinality);
        if (name == "maxRowIndex") {
          return ReadOptional(field, inner_scope, name, &dv->max_row_index, ReadInt64);
        }
        return Status::OK();
      });
  INGOT_RETURN_NOT_OK(status);
  return required.Check();
}

Status ReadOptionalDv(od::value& value, std::string_view scope, std::string_view key,
                      std::optional<DeletionVectorDescriptor>* out) {
  return ReadOptional(value, scope, key, out, ReadDeletionVector);
}

// The fields add and remove read the same way; nullopt for any other key.
template <typename FileAction>
std::optional<Status> ReadSharedFileField(std::string_view scope, std::string_view key,
                                          od::value& field, FileAction* out) {
  if (key == "path") return ReadString(field, scope, key, &out->path);
  if (key == "dataChange") return ReadBool(field, scope, key, &out->data_change);
  if (key == "stats") return ReadOptional(field, scope, key, &out->stats, ReadString);
  if (key == "tags") return ReadStringMap(field, scope, key, &out->tags);
  if (key == "deletionVector") return ReadOptionalDv(field, scope, key, &out->deletion_vector);
  if (key == "baseRowId") return ReadOptional(field, scope, key, &out->base_row_id, ReadInt64);
  if (key == "defaultRowCommitVersion") {
    return ReadOptional(field, scope, key, &out->default_row_commit_version, ReadInt64);
  }
  return std::nullopt;
}

// Reads the action objects of one commit, counting unknown fields into `stats`.
class ActionReader {
 public:
  explicit ActionReader(CommitParseStats* stats) : stats_(stats) {}

  Status Read(ActionKind kind, od::value& value, Action* out);

 private:
  // Iterates the fields of an action object: `fn(key, value, &known)` reads one field and sets
  // `known` to false for keys it does not recognise. Then checks the required fields.
  template <typename Fn>
  Status Fields(od::value& value, std::string_view scope, RequiredFields* required, Fn fn) {
    od::object object;
    if (value.get_object().get(object)) {
      return Status::Corruption(scope, ": expected an object, got ", TypeName(value));
    }
    Status status =
        ForEachField(object, scope, [&](std::string_view key, od::value& field) -> Status {
          if (required != nullptr) required->Saw(key);
          bool known = true;
          INGOT_RETURN_NOT_OK(fn(key, field, &known));
          if (!known) ++stats_->unknown_fields;
          return Status::OK();
        });
    INGOT_RETURN_NOT_OK(status);
    return required == nullptr ? Status::OK() : required->Check();
  }

  Status ReadAdd(od::value& value, Add* out);
  Status ReadRemove(od::value& value, Remove* out);
  Status ReadCdc(od::value& value, AddCDCFile* out);

  CommitParseStats* stats_;
};

Status ActionReader::Read(ActionKind kind, od::value& value, Action* out) {
  switch (kind) {
    case ActionKind::kAdd:
      return ReadAdd(value, &out->emplace<Add>());
    case ActionKind::kRemove:
      return ReadRemove(value, &out->emplace<Remove>());
    case ActionKind::kCdc:
      return ReadCdc(value, &out->emplace<AddCDCFile>());
    default:
      break;
  }
  // Rare actions: re-parse their text into a tree and convert it there.
  std::string_view json;
  if (auto error = simdjson::to_json_string(value).get(json)) {
    return SimdError(error, ActionKindName(kind));
  }
  Result<JsonValue> tree = JsonValue::Parse(json);
  if (!tree.ok()) return tree.status().WithContext(ActionKindName(kind));
  return log_internal::ActionFromJson(kind, *tree, out, &stats_->unknown_fields);
}

Status ActionReader::ReadAdd(od::value& value, Add* out) {
  constexpr std::string_view kScope = "add";
  RequiredFields required(kScope,
                          {"path", "partitionValues", "size", "modificationTime", "dataChange"});
  return Fields(value, kScope, &required, [&](std::string_view key, od::value& field, bool* known) {
    if (auto shared = ReadSharedFileField(kScope, key, field, out)) return *shared;
    if (key == "partitionValues") {
      return ReadPartitionValues(field, kScope, key, &out->partition_values);
    }
    if (key == "size") return ReadInt64(field, kScope, key, &out->size);
    if (key == "modificationTime") return ReadInt64(field, kScope, key, &out->modification_time);
    if (key == "clusteringProvider") {
      return ReadOptional(field, kScope, key, &out->clustering_provider, ReadString);
    }
    *known = false;
    return Status::OK();
  });
}

Status ActionReader::ReadRemove(od::value& value, Remove* out) {
  constexpr std::string_view kScope = "remove";
  RequiredFields required(kScope, {"path", "dataChange"});
  return Fields(value, kScope, &required, [&](std::string_view key, od::value& field, bool* known) {
    if (auto shared = ReadSharedFileField(kScope, key, field, out)) return *shared;
    if (key == "deletionTimestamp") {
      return ReadOptional(field, kScope, key, &out->deletion_timestamp, ReadInt64);
    }
    if (key == "extendedFileMetadata") {
      return ReadOptional(field, kScope, key, &out->extended_file_metadata, ReadBool);
    }
    if (key == "partitionValues") {
      return ReadOptional(field, kScope, key, &out->partition_values, ReadPartitionValues);
    }
    if (key == "size") return ReadOptional(field, kScope, key, &out->size, ReadInt64);
    *known = false;
    return Status::OK();
  });
}

Status ActionReader::ReadCdc(od::value& value, AddCDCFile* out) {
  constexpr std::string_view kScope = "cdc";
  RequiredFields required(kScope, {"path", "partitionValues", "size"});
  return Fields(value, kScope, &required, [&](std::string_view key, od::value& field, bool* known) {
    if (key == "path") return ReadString(field, kScope, key, &out->path);
    if (key == "partitionValues") {
      return ReadPartitionValues(field, kScope, key, &out->partition_values);
    }
    if (key == "size") return ReadInt64(field, kScope, key, &out->size);
    if (key == "dataChange") return ReadBool(field, kScope, key, &out->data_change);
    if (key == "tags") return ReadStringMap(field, kScope, key, &out->tags);
    *known = false;
    return Status::OK();
  });
}

// Parses one non-blank line into `*out`; `*found` tells whether the line held a known action.
Status ParseLine(od::parser& parser, const char* data, size_t length, size_t capacity,
                 ActionReader& reader, CommitParseStats* stats, Action* out, bool* found) {
  od::document doc;
  if (auto error = parser.iterate(data, length, capacity).get(doc)) {
    return SimdError(error, "");
  }
  od::object root;
  if (auto error = doc.get_object().get(root)) {
    if (error == simdjson::INCORRECT_TYPE)
      return Status::Corruption("expected a JSON object per line");
    return SimdError(error, "");
  }
  std::string first_kind;
  int64_t unknown_keys = 0;
  for (auto field_result : root) {
    od::field field;
    if (auto error = std::move(field_result).get(field)) return SimdError(error, "");
    std::string_view key;
    if (auto error = field.unescaped_key().get(key)) return SimdError(error, "");
    od::value value = field.value();
    std::optional<ActionKind> kind = ActionKindFromName(key);
    if (!kind) {
      ++unknown_keys;
      continue;
    }
    if (IsNull(value)) continue;
    if (*found) {
      return Status::Corruption("expected one action per line, found '", first_kind, "' and '", key,
                                "'");
    }
    first_kind = std::string(key);
    *found = true;
    INGOT_RETURN_NOT_OK(reader.Read(*kind, value, out));
  }
  if (!AtEnd(doc)) return Status::Corruption("trailing content after the JSON object");
  // Unknown keys beside a known action are unknown fields; a line of only unknown keys is one
  // unknown action (counted by the caller).
  if (*found) stats->unknown_fields += unknown_keys;
  return Status::OK();
}

bool IsBlank(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

}  // namespace

Result<std::vector<Action>> ParseCommit(std::string_view ndjson, int64_t version_for_errors,
                                        CommitParseStats* stats) {
  CommitParseStats local_stats;
  if (stats == nullptr) stats = &local_stats;
  *stats = CommitParseStats();
  // One padded copy of the whole file; each line is parsed in place inside it, so the bytes that
  // follow a line (the next lines, then the padding) serve as its SIMD padding.
  simdjson::padded_string buffer(ndjson);
  od::parser parser;
  ActionReader reader(stats);
  std::vector<Action> actions;
  size_t start = 0;
  int64_t line_number = 0;
  while (start < buffer.size()) {
    size_t end = std::string_view(buffer.data(), buffer.size()).find('\n', start);
    if (end == std::string_view::npos) end = buffer.size();
    ++line_number;
    std::string_view line(buffer.data() + start, end - start);
    if (IsBlank(line)) {
      ++stats->blank_lines;
    } else {
      // Parsed in place at the end of `actions` to avoid moving the (large) variant.
      bool found = false;
      Status status = ParseLine(parser, line.data(), line.size(),
                                buffer.size() - start + simdjson::SIMDJSON_PADDING, reader, stats,
                                &actions.emplace_back(), &found);
      if (!status.ok()) {
        return status.WithContext("version ", version_for_errors, " line ", line_number);
      }
      if (!found) {
        actions.pop_back();
        ++stats->unknown_actions;
      }
    }
    start = end + 1;
  }
  stats->actions = static_cast<int64_t>(actions.size());
  return actions;
}

}  // namespace ingot::delta
