#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

// The table schema of metaData.schemaString: Spark's JSON type model (PROTOCOL.md "Schema
// Serialization Format").
namespace ingot::delta {

enum class TypeKind {
  kString,
  kLong,
  kInteger,
  kShort,
  kByte,
  kFloat,
  kDouble,
  kBoolean,
  kBinary,
  kDate,
  kTimestamp,     // microseconds, adjusted to UTC
  kTimestampNtz,  // microseconds, no time zone
  kVoid,
  kVariant,
  kDecimal,
  kStruct,
  kArray,
  kMap,
};

// The JSON name of a kind without parameters: "string", "long", "timestamp_ntz", "decimal",
// "struct", ...
std::string_view TypeKindName(TypeKind kind);

struct StructField;

// A data type tree with value semantics (copyable, comparable).
class DataType {
 public:
  DataType() = default;  // void
  // A parameterless type: any kind but kDecimal, kStruct, kArray and kMap (use the factories).
  explicit DataType(TypeKind kind) : kind_(kind) {}

  static DataType Decimal(int32_t precision, int32_t scale);
  static DataType Struct(std::vector<StructField> fields);
  static DataType Array(DataType element_type, bool contains_null);
  static DataType Map(DataType key_type, DataType value_type, bool value_contains_null);

  TypeKind kind() const { return kind_; }
  bool is_nested() const {
    return kind_ == TypeKind::kStruct || kind_ == TypeKind::kArray || kind_ == TypeKind::kMap;
  }

  // kDecimal only.
  int32_t precision() const { return precision_; }
  int32_t scale() const { return scale_; }

  // kStruct only (empty otherwise).
  const std::vector<StructField>& fields() const { return fields_; }
  // The field named exactly `name`, or nullptr.
  const StructField* FindField(std::string_view name) const;

  // kArray only: children must not be accessed for other kinds.
  const DataType& element_type() const { return children_[0]; }
  bool contains_null() const { return contains_null_; }

  // kMap only.
  const DataType& key_type() const { return children_[0]; }
  const DataType& value_type() const { return children_[1]; }
  bool value_contains_null() const { return contains_null_; }

  // Spark's simpleString, for messages: "decimal(10,2)", "array<integer>",
  // "struct<a:long,m:map<string,double>>".
  std::string ToString() const;

  bool operator==(const DataType& other) const;

 private:
  TypeKind kind_ = TypeKind::kVoid;
  int32_t precision_ = 0;
  int32_t scale_ = 0;
  bool contains_null_ = false;       // array containsNull / map valueContainsNull
  std::vector<StructField> fields_;  // kStruct
  std::vector<DataType> children_;   // kArray: {element}; kMap: {key, value}
};

struct StructField {
  std::string name;
  DataType type;
  bool nullable = true;
  // The field's metadata object as compact JSON text (column mapping ids and physical names,
  // identity, invariants, generation expressions, ...), kept verbatim.
  std::string metadata = "{}";

  bool operator==(const StructField& other) const = default;
};

// Parses a schemaString; the root must be a struct. Errors are kCorruption and name the field
// path, with "element", "key" and "value" for array and map children:
//   "schema field 'a.b.element': unknown type 'geography'".
// Missing "nullable"/"containsNull"/"valueContainsNull" default to true and missing "metadata" to
// {}; unknown keys are ignored.
Result<DataType> ParseSchema(std::string_view schema_json);

// Parses any type's JSON: a string such as "\"decimal(10,2)\"" or a struct/array/map object.
Result<DataType> ParseDataType(std::string_view type_json);

// Compact JSON in Spark's key order, so a schemaString written by Spark round-trips byte for
// byte: {"type":"struct","fields":[{"name":..,"type":..,"nullable":..,"metadata":{..}}]}.
std::string SerializeDataType(const DataType& type);

}  // namespace ingot::delta
