#include "delta/log/schema.h"

#include <utility>

namespace ingot::delta {

std::string_view TypeKindName(TypeKind kind) {
  switch (kind) {
    case TypeKind::kString:
      return "string";
    case TypeKind::kLong:
      return "long";
    case TypeKind::kInteger:
      return "integer";
    case TypeKind::kShort:
      return "short";
    case TypeKind::kByte:
      return "byte";
    case TypeKind::kFloat:
      return "float";
    case TypeKind::kDouble:
      return "double";
    case TypeKind::kBoolean:
      return "boolean";
    case TypeKind::kBinary:
      return "binary";
    case TypeKind::kDate:
      return "date";
    case TypeKind::kTimestamp:
      return "timestamp";
    case TypeKind::kTimestampNtz:
      return "timestamp_ntz";
    case TypeKind::kVoid:
      return "void";
    case TypeKind::kVariant:
      return "variant";
    case TypeKind::kDecimal:
      return "decimal";
    case TypeKind::kStruct:
      return "struct";
    case TypeKind::kArray:
      return "array";
    case TypeKind::kMap:
      return "map";
  }
  return "unknown";
}

DataType DataType::Decimal(int32_t precision, int32_t scale) {
  DataType type(TypeKind::kDecimal);
  type.precision_ = precision;
  type.scale_ = scale;
  return type;
}

DataType DataType::Struct(std::vector<StructField> fields) {
  DataType type(TypeKind::kStruct);
  type.fields_ = std::move(fields);
  return type;
}

DataType DataType::Array(DataType element_type, bool contains_null) {
  DataType type(TypeKind::kArray);
  type.children_.push_back(std::move(element_type));
  type.contains_null_ = contains_null;
  return type;
}

DataType DataType::Map(DataType key_type, DataType value_type, bool value_contains_null) {
  DataType type(TypeKind::kMap);
  type.children_.push_back(std::move(key_type));
  type.children_.push_back(std::move(value_type));
  type.contains_null_ = value_contains_null;
  return type;
}

const StructField* DataType::FindField(std::string_view name) const {
  for (const StructField& field : fields_) {
    if (field.name == name) return &field;
  }
  return nullptr;
}

std::string DataType::ToString() const {
  switch (kind_) {
    case TypeKind::kDecimal:
      return "decimal(" + std::to_string(precision_) + "," + std::to_string(scale_) + ")";
    case TypeKind::kArray:
      return "array<" + element_type().ToString() + ">";
    case TypeKind::kMap:
      return "map<" + key_type().ToString() + "," + value_type().ToString() + ">";
    case TypeKind::kStruct: {
      std::string text = "struct<";
      for (size_t i = 0; i < fields_.size(); ++i) {
        if (i > 0) text += ',';
        text += fields_[i].name + ":" + fields_[i].type.ToString();
      }
      return text + ">";
    }
    default:
      return std::string(TypeKindName(kind_));
  }
}

bool DataType::operator==(const DataType& other) const {
  return kind_ == other.kind_ && precision_ == other.precision_ && scale_ == other.scale_ &&
         contains_null_ == other.contains_null_ && fields_ == other.fields_ &&
         children_ == other.children_;
}

}  // namespace ingot::delta
