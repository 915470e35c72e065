#include "delta/scan/column_mapping_scan.h"

#include <algorithm>

#include "common/macros.h"
#include "delta/ops/type_mapping.h"
#include "duck/connection.h"

namespace ingot::delta {
namespace {

using duck::QuoteIdentifier;
using duck::QuoteLiteral;

bool HasStruct(const DataType& type) {
  switch (type.kind()) {
    case TypeKind::kStruct:
      return true;
    case TypeKind::kArray:
      return HasStruct(type.element_type());
    case TypeKind::kMap:
      return HasStruct(type.key_type()) || HasStruct(type.value_type());
    default:
      return false;
  }
}

// An expression turning `expr`, a value of the physical form of `type`, into its logical form.
Result<std::string> LogicalExpr(const DataType& type, const std::string& expr, int depth) {
  if (!HasStruct(type)) return expr;
  const std::string var = "_cm" + std::to_string(depth);
  switch (type.kind()) {
    case TypeKind::kStruct: {
      std::string packed = "struct_pack(";
      for (size_t i = 0; i < type.fields().size(); ++i) {
        const StructField& field = type.fields()[i];
        INGOT_ASSIGN_OR_RAISE(std::string physical, PhysicalName(field));
        INGOT_ASSIGN_OR_RAISE(
            std::string child,
            LogicalExpr(field.type, "struct_extract(" + expr + ", " + QuoteLiteral(physical) + ")",
                        depth + 1));
        packed += (i > 0 ? ", " : "") + QuoteIdentifier(field.name) + " := " + child;
      }
      return "CASE WHEN (" + expr + ") IS NULL THEN NULL ELSE " + packed + ") END";
    }
    case TypeKind::kArray: {
      INGOT_ASSIGN_OR_RAISE(std::string element, LogicalExpr(type.element_type(), var, depth + 1));
      return "list_transform(" + expr + ", " + var + " -> " + element + ")";
    }
    case TypeKind::kMap: {
      INGOT_ASSIGN_OR_RAISE(std::string key, LogicalExpr(type.key_type(), var + ".key", depth + 1));
      INGOT_ASSIGN_OR_RAISE(std::string value,
                            LogicalExpr(type.value_type(), var + ".value", depth + 1));
      return "map_from_entries(list_transform(map_entries(" + expr + "), " + var +
             " -> struct_pack(key := " + key + ", value := " + value + ")))";
    }
    default:
      return expr;
  }
}

}  // namespace

Result<MappedColumnsSql> MappedColumns(const DataType& schema,
                                       const std::vector<std::string>& partition_columns,
                                       ColumnMappingMode mode) {
  if (mode == ColumnMappingMode::kNone) return MappedColumnsSql{.select = "*"};
  MappedColumnsSql out;
  std::string id_map;
  for (const StructField& field : schema.fields()) {
    if (std::find(partition_columns.begin(), partition_columns.end(), field.name) !=
        partition_columns.end()) {
      continue;
    }
    INGOT_ASSIGN_OR_RAISE(std::string physical, PhysicalName(field));
    INGOT_ASSIGN_OR_RAISE(std::string expr, LogicalExpr(field.type, QuoteIdentifier(physical), 0));
    if (!out.select.empty()) out.select += ", ";
    out.select += expr + " AS " + QuoteIdentifier(field.name);
    if (mode == ColumnMappingMode::kId) {
      INGOT_ASSIGN_OR_RAISE(std::optional<int64_t> id, ColumnMappingId(field));
      if (!id) {
        return Status::Corruption("column '", field.name,
                                  "' has no delta.columnMapping.id in a table with column "
                                  "mapping mode id");
      }
      INGOT_ASSIGN_OR_RAISE(DataType physical_type, PhysicalType(field.type));
      INGOT_ASSIGN_OR_RAISE(std::string duck_type, DuckTypeFromDelta(physical_type));
      if (!id_map.empty()) id_map += ", ";
      id_map += std::to_string(*id) + ": {name: " + QuoteLiteral(physical) +
                ", type: " + QuoteLiteral(duck_type) + ", default_value: NULL}";
    }
  }
  if (out.select.empty()) out.select = "*";
  if (mode == ColumnMappingMode::kId && !id_map.empty()) {
    out.read_options = ", schema=MAP{" + id_map + "}";
  }
  return out;
}

}  // namespace ingot::delta
