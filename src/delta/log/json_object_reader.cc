#include "delta/log/json_object_reader.h"

#include <algorithm>
#include <limits>
#include <utility>

#include "common/macros.h"

namespace ingot::delta {

Result<JsonObjectReader> JsonObjectReader::Make(const JsonValue& value, std::string scope) {
  if (value.type != JsonType::kObject) {
    return Status::Corruption(scope, ": expected an object, got ", JsonTypeName(value.type));
  }
  return JsonObjectReader(&value, std::move(scope));
}

const JsonValue* JsonObjectReader::Get(std::string_view key) {
  if (std::find(known_.begin(), known_.end(), key) == known_.end()) known_.emplace_back(key);
  return object_->Find(key);
}

Status JsonObjectReader::TypeError(std::string_view key, std::string_view expected,
                                   const JsonValue& got) const {
  return Status::Corruption(scope_, ".", key, ": expected ", expected, ", got ",
                            JsonTypeName(got.type));
}

const JsonValue* JsonObjectReader::Required(std::string_view key, Status* status) {
  const JsonValue* value = Get(key);
  if (value == nullptr) {
    *status = Status::Corruption(scope_, ": missing required field '", key, "'");
  }
  return value;
}

Status JsonObjectReader::ReadString(std::string_view key, std::string* out) {
  Status status;
  const JsonValue* value = Required(key, &status);
  if (value == nullptr) return status;
  if (value->type != JsonType::kString) return TypeError(key, "a string", *value);
  *out = value->text;
  return Status::OK();
}

Status JsonObjectReader::ReadInt64(std::string_view key, int64_t* out) {
  Status status;
  const JsonValue* value = Required(key, &status);
  if (value == nullptr) return status;
  if (value->type != JsonType::kNumber) return TypeError(key, "an integer", *value);
  Result<int64_t> number = value->ToInt64();
  if (!number.ok()) return Status::Corruption(scope_, ".", key, ": ", number.status().message());
  *out = *number;
  return Status::OK();
}

Status JsonObjectReader::ReadInt32(std::string_view key, int32_t* out) {
  int64_t wide = 0;
  INGOT_RETURN_NOT_OK(ReadInt64(key, &wide));
  if (wide < std::numeric_limits<int32_t>::min() || wide > std::numeric_limits<int32_t>::max()) {
    return Status::Corruption(scope_, ".", key, ": ", wide, " does not fit in int32");
  }
  *out = static_cast<int32_t>(wide);
  return Status::OK();
}

Status JsonObjectReader::ReadBool(std::string_view key, bool* out) {
  Status status;
  const JsonValue* value = Required(key, &status);
  if (value == nullptr) return status;
  if (value->type != JsonType::kBool) return TypeError(key, "a boolean", *value);
  *out = value->bool_value;
  return Status::OK();
}

Status JsonObjectReader::ReadOptionalString(std::string_view key, std::optional<std::string>* out) {
  out->reset();
  const JsonValue* value = Get(key);
  if (value == nullptr || value->is_null()) return Status::OK();
  return ReadString(key, &out->emplace());
}

Status JsonObjectReader::ReadOptionalInt64(std::string_view key, std::optional<int64_t>* out) {
  out->reset();
  const JsonValue* value = Get(key);
  if (value == nullptr || value->is_null()) return Status::OK();
  return ReadInt64(key, &out->emplace());
}

Status JsonObjectReader::ReadOptionalBool(std::string_view key, std::optional<bool>* out) {
  out->reset();
  const JsonValue* value = Get(key);
  if (value == nullptr || value->is_null()) return Status::OK();
  return ReadBool(key, &out->emplace());
}

Status JsonObjectReader::ReadStringMap(std::string_view key,
                                       std::map<std::string, std::string>* out) {
  out->clear();
  const JsonValue* value = Get(key);
  if (value == nullptr || value->is_null()) return Status::OK();
  if (value->type != JsonType::kObject) return TypeError(key, "an object", *value);
  for (const JsonMember& member : value->members) {
    if (member.value.is_null()) continue;
    if (member.value.type != JsonType::kString) {
      return TypeError(key, "an object of strings", member.value);
    }
    (*out)[member.key] = member.value.text;
  }
  return Status::OK();
}

Status JsonObjectReader::ReadStringArray(std::string_view key, std::vector<std::string>* out) {
  out->clear();
  const JsonValue* value = Get(key);
  if (value == nullptr || value->is_null()) return Status::OK();
  if (value->type != JsonType::kArray) return TypeError(key, "an array", *value);
  for (const JsonValue& element : value->elements) {
    if (element.type != JsonType::kString) return TypeError(key, "an array of strings", element);
    out->push_back(element.text);
  }
  return Status::OK();
}

Status JsonObjectReader::ReadOptionalStringSet(std::string_view key,
                                               std::optional<std::set<std::string>>* out) {
  out->reset();
  const JsonValue* value = Get(key);
  if (value == nullptr || value->is_null()) return Status::OK();
  std::vector<std::string> items;
  INGOT_RETURN_NOT_OK(ReadStringArray(key, &items));
  out->emplace(items.begin(), items.end());
  return Status::OK();
}

int64_t JsonObjectReader::CountUnknown() const {
  int64_t unknown = 0;
  for (const JsonMember& member : object_->members) {
    if (std::find(known_.begin(), known_.end(), member.key) == known_.end()) ++unknown;
  }
  return unknown;
}

}  // namespace ingot::delta
