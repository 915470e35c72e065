#include "delta/ops/schema_evolution.h"

#include <algorithm>
#include <cctype>
#include <string>

#include <nlohmann/json.hpp>

#include "common/ascii.h"

namespace ingot::delta {
namespace {

int IntegerRank(TypeKind kind) {
  switch (kind) {
    case TypeKind::kByte:
      return 1;
    case TypeKind::kShort:
      return 2;
    case TypeKind::kInteger:
      return 3;
    case TypeKind::kLong:
      return 4;
    default:
      return 0;
  }
}

// Digits before the decimal point an integer kind can need.
int IntegerDigits(TypeKind kind) {
  switch (kind) {
    case TypeKind::kByte:
      return 3;
    case TypeKind::kShort:
      return 5;
    case TypeKind::kInteger:
      return 10;
    default:
      return 19;
  }
}

// `field` with the type change from -> to appended to its delta.typeChanges metadata.
StructField WithTypeChange(const StructField& field, const DataType& to) {
  nlohmann::json metadata = nlohmann::json::parse(field.metadata, nullptr, false);
  if (!metadata.is_object()) metadata = nlohmann::json::object();
  nlohmann::json& changes = metadata["delta.typeChanges"];
  if (!changes.is_array()) changes = nlohmann::json::array();
  changes.push_back({{"fromType", field.type.ToString()}, {"toType", to.ToString()}});
  StructField out = field;
  out.type = to;
  out.metadata = metadata.dump();
  return out;
}

}  // namespace

bool CanWidenType(const DataType& from, const DataType& to) {
  if (from == to || from.is_nested() || to.is_nested()) return false;
  int from_rank = IntegerRank(from.kind());
  int to_rank = IntegerRank(to.kind());
  if (from_rank > 0 && to_rank > 0) return from_rank < to_rank;
  if (from.kind() == TypeKind::kFloat && to.kind() == TypeKind::kDouble) return true;
  if (from_rank > 0 && from_rank < 4 && to.kind() == TypeKind::kDouble) return true;
  if (from.kind() == TypeKind::kDate && to.kind() == TypeKind::kTimestampNtz) return true;
  if (from.kind() == TypeKind::kDecimal && to.kind() == TypeKind::kDecimal) {
    int k1 = to.precision() - from.precision();
    int k2 = to.scale() - from.scale();
    return k2 >= 0 && k1 >= k2;
  }
  if (from_rank > 0 && to.kind() == TypeKind::kDecimal) {
    // The spec's minimum precisions: byte 3, short 5, integer 10, long 20 digits.
    int digits = from_rank == 4 ? 20 : IntegerDigits(from.kind());
    return to.precision() - to.scale() >= digits;
  }
  return false;
}

bool FitsInto(const DataType& from, const DataType& to) {
  if (from == to) return true;
  if (from.kind() == TypeKind::kVoid) return true;  // an all-NULL column fits anywhere
  int from_rank = IntegerRank(from.kind());
  int to_rank = IntegerRank(to.kind());
  if (from_rank > 0 && to_rank > 0) return from_rank <= to_rank;
  if (from_rank > 0 && to.kind() == TypeKind::kDecimal) {
    return to.precision() - to.scale() >= IntegerDigits(from.kind());
  }
  if (from.kind() == TypeKind::kFloat && to.kind() == TypeKind::kDouble) return true;
  // Spark's ANSI store assignment also writes any integer or decimal into a double.
  if ((from_rank > 0 || from.kind() == TypeKind::kDecimal) && to.kind() == TypeKind::kDouble) {
    return true;
  }
  if (from.kind() == TypeKind::kDecimal && to.kind() == TypeKind::kDecimal) {
    return to.scale() >= from.scale() &&
           to.precision() - to.scale() >= from.precision() - from.scale();
  }
  if (from.kind() == TypeKind::kDate && to.kind() == TypeKind::kTimestampNtz) return true;
  if (from.kind() == TypeKind::kTimestampNtz && to.kind() == TypeKind::kTimestamp) return true;
  if (from.kind() == TypeKind::kStruct && to.kind() == TypeKind::kStruct) {
    for (const StructField& field : from.fields()) {
      const StructField* target = to.FindField(field.name);
      if (target == nullptr || !FitsInto(field.type, target->type)) return false;
    }
    return true;
  }
  if (from.kind() == TypeKind::kArray && to.kind() == TypeKind::kArray) {
    return FitsInto(from.element_type(), to.element_type());
  }
  if (from.kind() == TypeKind::kMap && to.kind() == TypeKind::kMap) {
    return FitsInto(from.key_type(), to.key_type()) && FitsInto(from.value_type(), to.value_type());
  }
  return false;
}

Result<DataType> ReconcileSchemas(const DataType& table, const DataType& source, bool merge_schema,
                                  bool type_widening) {
  std::string problems;
  auto problem = [&problems](const std::string& text) {
    problems += (problems.empty() ? "" : "; ") + text;
  };
  std::vector<StructField> fields = table.fields();
  for (const StructField& field : source.fields()) {
    const StructField* target = nullptr;
    for (const StructField& candidate : table.fields()) {
      if (EqualsIgnoreCase(candidate.name, field.name)) target = &candidate;
    }
    if (target == nullptr) {
      if (merge_schema) {
        fields.push_back({.name = field.name, .type = field.type, .nullable = true});
      } else {
        problem("column '" + field.name + "' (" + field.type.ToString() +
                ") is not in the table (merge the schema to add it)");
      }
      continue;
    }
    if (target->name != field.name) {
      problem("column '" + field.name + "' differs from the table's '" + target->name +
              "' only in case");
    } else if (!FitsInto(field.type, target->type)) {
      if (merge_schema && type_widening && CanWidenType(target->type, field.type)) {
        for (StructField& f : fields) {
          if (f.name == target->name) f = WithTypeChange(f, field.type);
        }
        continue;
      }
      std::string text = "column '" + field.name + "': table has " + target->type.ToString() +
                         ", source has " + field.type.ToString();
      if (CanWidenType(target->type, field.type)) {
        text += type_widening ? " (merge the schema to widen the column)"
                              : " (a widening Delta allows once the table has "
                                "delta.enableTypeWidening=true, with the schema merged)";
      }
      problem(text);
    }
  }
  if (!problems.empty()) {
    return Status::InvalidArgument("the rows do not fit the table's schema: ", problems);
  }
  return DataType::Struct(std::move(fields));
}

}  // namespace ingot::delta
