#include "delta/log/column_mapping.h"

#include "common/macros.h"
#include "delta/log/json_value.h"

namespace ingot::delta {
namespace {

constexpr std::string_view kModeKey = "delta.columnMapping.mode";
constexpr std::string_view kPhysicalNameKey = "delta.columnMapping.physicalName";
constexpr std::string_view kIdKey = "delta.columnMapping.id";

Result<const JsonValue*> MetadataValue(const StructField& field, std::string_view key,
                                       JsonValue* storage) {
  if (field.metadata.find(key) == std::string::npos) return nullptr;
  Result<JsonValue> parsed = JsonValue::Parse(field.metadata);
  if (!parsed.ok()) return parsed.status().WithContext("metadata of field '", field.name, "'");
  *storage = std::move(*parsed);
  return storage->Find(key);
}

}  // namespace

Result<ColumnMappingMode> ColumnMappingModeOf(const Metadata& metadata) {
  auto it = metadata.configuration.find(std::string(kModeKey));
  if (it == metadata.configuration.end() || it->second == "none") return ColumnMappingMode::kNone;
  if (it->second == "name") return ColumnMappingMode::kName;
  if (it->second == "id") return ColumnMappingMode::kId;
  return Status::NotImplemented("unknown column mapping mode ", kModeKey, "=", it->second);
}

Result<std::string> PhysicalName(const StructField& field) {
  JsonValue storage;
  INGOT_ASSIGN_OR_RAISE(const JsonValue* value, MetadataValue(field, kPhysicalNameKey, &storage));
  if (value == nullptr) return field.name;
  if (value->type != JsonType::kString) {
    return Status::Corruption("field '", field.name, "' has a ", kPhysicalNameKey,
                              " that is not a string");
  }
  return value->text;
}

Result<std::optional<int64_t>> ColumnMappingId(const StructField& field) {
  JsonValue storage;
  INGOT_ASSIGN_OR_RAISE(const JsonValue* value, MetadataValue(field, kIdKey, &storage));
  if (value == nullptr) return std::optional<int64_t>();
  Result<int64_t> id = value->ToInt64();
  if (!id.ok()) return id.status().WithContext("field '", field.name, "' ", kIdKey);
  return std::optional<int64_t>(*id);
}

Result<DataType> PhysicalType(const DataType& type) {
  switch (type.kind()) {
    case TypeKind::kStruct: {
      std::vector<StructField> fields;
      for (const StructField& field : type.fields()) {
        INGOT_ASSIGN_OR_RAISE(std::string name, PhysicalName(field));
        INGOT_ASSIGN_OR_RAISE(DataType child, PhysicalType(field.type));
        fields.push_back({.name = std::move(name),
                          .type = std::move(child),
                          .nullable = field.nullable,
                          .metadata = field.metadata});
      }
      return DataType::Struct(std::move(fields));
    }
    case TypeKind::kArray: {
      INGOT_ASSIGN_OR_RAISE(DataType element, PhysicalType(type.element_type()));
      return DataType::Array(std::move(element), type.contains_null());
    }
    case TypeKind::kMap: {
      INGOT_ASSIGN_OR_RAISE(DataType key, PhysicalType(type.key_type()));
      INGOT_ASSIGN_OR_RAISE(DataType value, PhysicalType(type.value_type()));
      return DataType::Map(std::move(key), std::move(value), type.value_contains_null());
    }
    default:
      return type;
  }
}

}  // namespace ingot::delta
