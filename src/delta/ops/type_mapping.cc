#include "delta/ops/type_mapping.h"

#include "common/macros.h"
#include "duck/connection.h"

namespace ingot::delta {

Result<DataType> DeltaTypeFromDuck(const duck::ColumnType& type, const std::string& column,
                                   bool timestamp_ntz) {
  using duck::TypeId;
  switch (type.id) {
    case TypeId::kBoolean:
      return DataType(TypeKind::kBoolean);
    case TypeId::kTinyInt:
      return DataType(TypeKind::kByte);
    case TypeId::kSmallInt:
    case TypeId::kUTinyInt:
      return DataType(TypeKind::kShort);
    case TypeId::kInteger:
    case TypeId::kUSmallInt:
      return DataType(TypeKind::kInteger);
    case TypeId::kBigInt:
    case TypeId::kUInteger:
      return DataType(TypeKind::kLong);
    case TypeId::kUBigInt:
    case TypeId::kHugeInt:
    case TypeId::kUHugeInt:
      return DataType::Decimal(38, 0);
    case TypeId::kFloat:
      return DataType(TypeKind::kFloat);
    case TypeId::kDouble:
      return DataType(TypeKind::kDouble);
    case TypeId::kDecimal:
      return DataType::Decimal(type.decimal_width, type.decimal_scale);
    case TypeId::kVarchar:
    case TypeId::kEnum:
    case TypeId::kUuid:
      return DataType(TypeKind::kString);
    case TypeId::kBlob:
      return DataType(TypeKind::kBinary);
    case TypeId::kDate:
      return DataType(TypeKind::kDate);
    case TypeId::kTimestampTz:
      return DataType(TypeKind::kTimestamp);
    case TypeId::kTimestamp:
    case TypeId::kTimestampS:
    case TypeId::kTimestampMs:
    case TypeId::kTimestampNs:
      return DataType(timestamp_ntz ? TypeKind::kTimestampNtz : TypeKind::kTimestamp);
    case TypeId::kList:
    case TypeId::kArray: {
      INGOT_ASSIGN_OR_RAISE(
          DataType element,
          DeltaTypeFromDuck(type.children[0], column + ".element", timestamp_ntz));
      return DataType::Array(std::move(element), true);
    }
    case TypeId::kMap: {
      INGOT_ASSIGN_OR_RAISE(DataType key,
                            DeltaTypeFromDuck(type.children[0], column + ".key", timestamp_ntz));
      INGOT_ASSIGN_OR_RAISE(DataType value,
                            DeltaTypeFromDuck(type.children[1], column + ".value", timestamp_ntz));
      return DataType::Map(std::move(key), std::move(value), true);
    }
    case TypeId::kStruct: {
      std::vector<StructField> fields;
      for (size_t i = 0; i < type.children.size(); ++i) {
        INGOT_ASSIGN_OR_RAISE(
            DataType child,
            DeltaTypeFromDuck(type.children[i], column + "." + type.child_names[i], timestamp_ntz));
        fields.push_back({.name = type.child_names[i], .type = std::move(child)});
      }
      return DataType::Struct(std::move(fields));
    }
    default:
      return Status::InvalidArgument("column '", column, "' has type ", type.sql_name,
                                     ", which a Delta table cannot store (cast it first, e.g. to "
                                     "VARCHAR or BIGINT)");
  }
}

Result<std::string> DuckTypeFromDelta(const DataType& type) {
  switch (type.kind()) {
    case TypeKind::kString:
      return std::string("VARCHAR");
    case TypeKind::kLong:
      return std::string("BIGINT");
    case TypeKind::kInteger:
      return std::string("INTEGER");
    case TypeKind::kShort:
      return std::string("SMALLINT");
    case TypeKind::kByte:
      return std::string("TINYINT");
    case TypeKind::kFloat:
      return std::string("FLOAT");
    case TypeKind::kDouble:
      return std::string("DOUBLE");
    case TypeKind::kBoolean:
      return std::string("BOOLEAN");
    case TypeKind::kBinary:
      return std::string("BLOB");
    case TypeKind::kDate:
      return std::string("DATE");
    case TypeKind::kTimestamp:
      return std::string("TIMESTAMPTZ");
    case TypeKind::kTimestampNtz:
      return std::string("TIMESTAMP");
    case TypeKind::kVoid:
      return std::string("INTEGER");  // an all-null column; any type reads it
    case TypeKind::kDecimal:
      return "DECIMAL(" + std::to_string(type.precision()) + "," + std::to_string(type.scale()) +
             ")";
    case TypeKind::kArray: {
      INGOT_ASSIGN_OR_RAISE(std::string element, DuckTypeFromDelta(type.element_type()));
      return element + "[]";
    }
    case TypeKind::kMap: {
      INGOT_ASSIGN_OR_RAISE(std::string key, DuckTypeFromDelta(type.key_type()));
      INGOT_ASSIGN_OR_RAISE(std::string value, DuckTypeFromDelta(type.value_type()));
      return "MAP(" + key + ", " + value + ")";
    }
    case TypeKind::kStruct: {
      std::string out = "STRUCT(";
      for (size_t i = 0; i < type.fields().size(); ++i) {
        const StructField& field = type.fields()[i];
        INGOT_ASSIGN_OR_RAISE(std::string child, DuckTypeFromDelta(field.type));
        if (i > 0) out += ", ";
        out += duck::QuoteIdentifier(field.name) + " " + child;
      }
      return out + ")";
    }
    case TypeKind::kVariant:
      break;
  }
  return Status::NotImplemented("Delta type ", type.ToString(), " cannot be read yet");
}

Result<DataType> SchemaFromColumns(const std::vector<std::string>& names,
                                   const std::vector<duck::ColumnType>& types, bool timestamp_ntz) {
  std::vector<StructField> fields;
  for (size_t i = 0; i < names.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (names[j] == names[i]) {
        return Status::InvalidArgument("column name '", names[i],
                                       "' appears twice; a Delta table needs unique names");
      }
    }
    INGOT_ASSIGN_OR_RAISE(DataType type, DeltaTypeFromDuck(types[i], names[i], timestamp_ntz));
    fields.push_back({.name = names[i], .type = std::move(type)});
  }
  return DataType::Struct(std::move(fields));
}

}  // namespace ingot::delta
