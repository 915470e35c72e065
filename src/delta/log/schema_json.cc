// Schema JSON <-> DataType.

#include <cctype>
#include <charconv>
#include <utility>

#include "common/macros.h"
#include "delta/log/json_value.h"
#include "delta/log/json_writer.h"
#include "delta/log/schema.h"

namespace ingot::delta {
namespace {

constexpr int32_t kMaxDecimalPrecision = 38;

Status FieldError(std::string_view path, std::string_view message) {
  if (path.empty()) return Status::Corruption("schema: ", message);
  return Status::Corruption("schema field '", path, "': ", message);
}

std::string ChildPath(std::string_view path, std::string_view child) {
  if (path.empty()) return std::string(child);
  return std::string(path) + "." + std::string(child);
}

// "decimal", "decimal(p,s)" with optional spaces, as Spark's FIXED_DECIMAL regex.
bool ParseDecimalName(std::string_view name, int32_t* precision, int32_t* scale) {
  if (name == "decimal") {
    *precision = 10;
    *scale = 0;
    return true;
  }
  constexpr std::string_view kPrefix = "decimal(";
  if (name.substr(0, kPrefix.size()) != kPrefix || name.back() != ')') return false;
  std::string_view args = name.substr(kPrefix.size(), name.size() - kPrefix.size() - 1);
  size_t comma = args.find(',');
  if (comma == std::string_view::npos) return false;
  auto parse_int = [](std::string_view text, int32_t* out) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
      text.remove_prefix(1);
    }
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
      text.remove_suffix(1);
    }
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
    return !text.empty() && ec == std::errc() && ptr == text.data() + text.size();
  };
  return parse_int(args.substr(0, comma), precision) && parse_int(args.substr(comma + 1), scale);
}

Result<DataType> PrimitiveFromName(std::string_view name, std::string_view path) {
  static constexpr TypeKind kPrimitives[] = {
      TypeKind::kString, TypeKind::kLong,    TypeKind::kInteger,   TypeKind::kShort,
      TypeKind::kByte,   TypeKind::kFloat,   TypeKind::kDouble,    TypeKind::kBoolean,
      TypeKind::kBinary, TypeKind::kDate,    TypeKind::kTimestamp, TypeKind::kTimestampNtz,
      TypeKind::kVoid,   TypeKind::kVariant,
  };
  for (TypeKind kind : kPrimitives) {
    if (TypeKindName(kind) == name) return DataType(kind);
  }
  int32_t precision = 0;
  int32_t scale = 0;
  if (ParseDecimalName(name, &precision, &scale)) {
    if (precision < 1 || precision > kMaxDecimalPrecision || scale < 0 || scale > precision) {
      return FieldError(path, internal::StrCat("invalid decimal type '", name, "'"));
    }
    return DataType::Decimal(precision, scale);
  }
  return FieldError(path, internal::StrCat("unknown type '", name, "'"));
}

Result<bool> OptionalBool(const JsonValue& object, std::string_view key, std::string_view path) {
  const JsonValue* value = object.Find(key);
  if (value == nullptr || value->is_null()) return true;
  if (value->type != JsonType::kBool) {
    return FieldError(
        path, internal::StrCat("'", key, "' must be a boolean, got ", JsonTypeName(value->type)));
  }
  return value->bool_value;
}

Result<DataType> TypeFromJson(const JsonValue& json, const std::string& path);

Result<DataType> ChildType(const JsonValue& object, std::string_view key, const std::string& path,
                           std::string_view child_name) {
  const JsonValue* value = object.Find(key);
  if (value == nullptr) return FieldError(path, internal::StrCat("missing '", key, "'"));
  return TypeFromJson(*value, ChildPath(path, child_name));
}

Result<StructField> FieldFromJson(const JsonValue& json, std::string_view parent, size_t index) {
  if (json.type != JsonType::kObject) {
    return FieldError(parent, internal::StrCat("field #", index, " is not an object"));
  }
  const JsonValue* name = json.Find("name");
  if (name == nullptr || name->type != JsonType::kString) {
    return FieldError(parent, internal::StrCat("field #", index, " has no string 'name'"));
  }
  StructField field;
  field.name = name->text;
  std::string path = ChildPath(parent, field.name);
  const JsonValue* type = json.Find("type");
  if (type == nullptr) return FieldError(path, "missing 'type'");
  INGOT_ASSIGN_OR_RAISE(field.type, TypeFromJson(*type, path));
  INGOT_ASSIGN_OR_RAISE(field.nullable, OptionalBool(json, "nullable", path));
  const JsonValue* metadata = json.Find("metadata");
  if (metadata != nullptr && !metadata->is_null()) {
    if (metadata->type != JsonType::kObject) {
      return FieldError(path, internal::StrCat("'metadata' must be an object, got ",
                                               JsonTypeName(metadata->type)));
    }
    field.metadata = metadata->ToJson();
  }
  return field;
}

Result<DataType> TypeFromJson(const JsonValue& json, const std::string& path) {
  if (json.type == JsonType::kString) return PrimitiveFromName(json.text, path);
  if (json.type != JsonType::kObject) {
    return FieldError(path, internal::StrCat("a type must be a string or an object, got ",
                                             JsonTypeName(json.type)));
  }
  const JsonValue* type = json.Find("type");
  if (type == nullptr || type->type != JsonType::kString) {
    return FieldError(path, "type object has no string 'type'");
  }
  if (type->text == "struct") {
    const JsonValue* fields = json.Find("fields");
    if (fields == nullptr || fields->type != JsonType::kArray) {
      return FieldError(path, "struct has no 'fields' array");
    }
    std::vector<StructField> children;
    children.reserve(fields->elements.size());
    for (size_t i = 0; i < fields->elements.size(); ++i) {
      INGOT_ASSIGN_OR_RAISE(StructField field, FieldFromJson(fields->elements[i], path, i));
      children.push_back(std::move(field));
    }
    return DataType::Struct(std::move(children));
  }
  if (type->text == "array") {
    INGOT_ASSIGN_OR_RAISE(DataType element, ChildType(json, "elementType", path, "element"));
    INGOT_ASSIGN_OR_RAISE(bool contains_null, OptionalBool(json, "containsNull", path));
    return DataType::Array(std::move(element), contains_null);
  }
  if (type->text == "map") {
    INGOT_ASSIGN_OR_RAISE(DataType key, ChildType(json, "keyType", path, "key"));
    INGOT_ASSIGN_OR_RAISE(DataType value, ChildType(json, "valueType", path, "value"));
    INGOT_ASSIGN_OR_RAISE(bool value_contains_null, OptionalBool(json, "valueContainsNull", path));
    return DataType::Map(std::move(key), std::move(value), value_contains_null);
  }
  // Spark also accepts a primitive spelled as an object with a type name.
  return PrimitiveFromName(type->text, path);
}

void WriteType(JsonWriter* w, const DataType& type) {
  switch (type.kind()) {
    case TypeKind::kDecimal:
      w->String(type.ToString());
      return;
    case TypeKind::kStruct:
      w->BeginObject();
      w->StringField("type", "struct");
      w->Key("fields");
      w->BeginArray();
      for (const StructField& field : type.fields()) {
        w->BeginObject();
        w->StringField("name", field.name);
        w->Key("type");
        WriteType(w, field.type);
        w->BoolField("nullable", field.nullable);
        w->RawField("metadata", field.metadata.empty() ? "{}" : field.metadata);
        w->EndObject();
      }
      w->EndArray();
      w->EndObject();
      return;
    case TypeKind::kArray:
      w->BeginObject();
      w->StringField("type", "array");
      w->Key("elementType");
      WriteType(w, type.element_type());
      w->BoolField("containsNull", type.contains_null());
      w->EndObject();
      return;
    case TypeKind::kMap:
      w->BeginObject();
      w->StringField("type", "map");
      w->Key("keyType");
      WriteType(w, type.key_type());
      w->Key("valueType");
      WriteType(w, type.value_type());
      w->BoolField("valueContainsNull", type.value_contains_null());
      w->EndObject();
      return;
    default:
      w->String(TypeKindName(type.kind()));
      return;
  }
}

}  // namespace

Result<DataType> ParseDataType(std::string_view type_json) {
  Result<JsonValue> json = JsonValue::Parse(type_json);
  if (!json.ok()) return json.status().WithContext("schema");
  return TypeFromJson(*json, "");
}

Result<DataType> ParseSchema(std::string_view schema_json) {
  INGOT_ASSIGN_OR_RAISE(DataType type, ParseDataType(schema_json));
  if (type.kind() != TypeKind::kStruct) {
    return Status::Corruption("schema: the root type must be a struct, got ", type.ToString());
  }
  return type;
}

std::string SerializeDataType(const DataType& type) {
  JsonWriter writer;
  WriteType(&writer, type);
  return writer.Release();
}

}  // namespace ingot::delta
