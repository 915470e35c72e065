#include "delta/scan/column_mapping_scan.h"

#include <algorithm>

#include "common/macros.h"
#include "delta/ops/column_mapping_write.h"
#include "delta/ops/type_mapping.h"
#include "duck/connection.h"

namespace ingot::delta {
namespace {

using duck::QuoteIdentifier;
using duck::QuoteLiteral;

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
    INGOT_ASSIGN_OR_RAISE(std::string expr,
                          RenameFieldsExpr(field.type, QuoteIdentifier(physical), false));
    if (!out.select.empty()) out.select += ", ";
    out.select += expr + " AS " + QuoteIdentifier(field.name);
    INGOT_ASSIGN_OR_RAISE(DataType physical_type, PhysicalType(field.type));
    INGOT_ASSIGN_OR_RAISE(std::string duck_type, DuckTypeFromDelta(physical_type));
    if (mode == ColumnMappingMode::kName) {
      out.anchor += std::string(out.anchor.empty() ? "SELECT " : ", ") + "CAST(NULL AS " +
                    duck_type + ") AS " + QuoteIdentifier(physical);
    } else {
      INGOT_ASSIGN_OR_RAISE(std::optional<int64_t> id, ColumnMappingId(field));
      if (!id) {
        return Status::Corruption("column '", field.name,
                                  "' has no delta.columnMapping.id in a table with column "
                                  "mapping mode id");
      }
      if (!id_map.empty()) id_map += ", ";
      id_map += std::to_string(*id) + ": {name: " + QuoteLiteral(physical) +
                ", type: " + QuoteLiteral(duck_type) + ", default_value: NULL}";
    }
  }
  if (out.select.empty()) out.select = "*";
  if (!out.anchor.empty()) out.anchor += " WHERE false";
  if (mode == ColumnMappingMode::kId && !id_map.empty()) {
    out.read_options = ", schema=MAP{" + id_map + "}";
  }
  return out;
}

std::string MappedColumnsSql::Source(const std::string& from) const {
  if (anchor.empty()) return from;
  return "(" + anchor + " UNION ALL BY NAME SELECT * FROM " + from + ")";
}

}  // namespace ingot::delta
