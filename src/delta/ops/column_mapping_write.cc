#include "delta/ops/column_mapping_write.h"

#include <algorithm>

#include "common/macros.h"
#include "delta/txn/txn_id.h"
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

// `metadata` (a JSON object) with the id and physical name added in front.
std::string WithMapping(const std::string& metadata, int64_t id, const std::string& physical) {
  std::string added = "\"delta.columnMapping.id\":" + std::to_string(id) +
                      ",\"delta.columnMapping.physicalName\":\"" + physical + "\"";
  size_t open = metadata.find('{');
  if (open == std::string::npos) return "{" + added + "}";
  size_t next = metadata.find_first_not_of(" \t\r\n", open + 1);
  bool empty = next == std::string::npos || metadata[next] == '}';
  return metadata.substr(0, open + 1) + added + (empty ? "" : ",") + metadata.substr(open + 1);
}

Result<DataType> Assign(const DataType& type, int64_t* max_column_id) {
  switch (type.kind()) {
    case TypeKind::kStruct: {
      std::vector<StructField> fields;
      for (const StructField& field : type.fields()) {
        StructField out = field;
        if (field.metadata.find("delta.columnMapping.physicalName") == std::string::npos) {
          out.metadata = WithMapping(field.metadata, ++*max_column_id, "col-" + NewTxnId());
        }
        INGOT_ASSIGN_OR_RAISE(out.type, Assign(field.type, max_column_id));
        fields.push_back(std::move(out));
      }
      return DataType::Struct(std::move(fields));
    }
    case TypeKind::kArray: {
      INGOT_ASSIGN_OR_RAISE(DataType element, Assign(type.element_type(), max_column_id));
      return DataType::Array(std::move(element), type.contains_null());
    }
    case TypeKind::kMap: {
      INGOT_ASSIGN_OR_RAISE(DataType key, Assign(type.key_type(), max_column_id));
      INGOT_ASSIGN_OR_RAISE(DataType value, Assign(type.value_type(), max_column_id));
      return DataType::Map(std::move(key), std::move(value), type.value_contains_null());
    }
    default:
      return type;
  }
}

Status LargestId(const DataType& type, int64_t* largest) {
  switch (type.kind()) {
    case TypeKind::kStruct:
      for (const StructField& field : type.fields()) {
        INGOT_ASSIGN_OR_RAISE(std::optional<int64_t> id, ColumnMappingId(field));
        if (id) *largest = std::max(*largest, *id);
        INGOT_RETURN_NOT_OK(LargestId(field.type, largest));
      }
      return Status::OK();
    case TypeKind::kArray:
      return LargestId(type.element_type(), largest);
    case TypeKind::kMap:
      INGOT_RETURN_NOT_OK(LargestId(type.key_type(), largest));
      return LargestId(type.value_type(), largest);
    default:
      return Status::OK();
  }
}

Result<std::string> Rename(const DataType& type, const std::string& expr, bool to_physical,
                           int depth) {
  if (!HasStruct(type)) return expr;
  const std::string var = "_cm" + std::to_string(depth);
  switch (type.kind()) {
    case TypeKind::kStruct: {
      std::string packed = "struct_pack(";
      for (size_t i = 0; i < type.fields().size(); ++i) {
        const StructField& field = type.fields()[i];
        INGOT_ASSIGN_OR_RAISE(std::string physical, PhysicalName(field));
        const std::string& from = to_physical ? field.name : physical;
        const std::string& to = to_physical ? physical : field.name;
        INGOT_ASSIGN_OR_RAISE(
            std::string child,
            Rename(field.type, "struct_extract(" + expr + ", " + QuoteLiteral(from) + ")",
                   to_physical, depth + 1));
        packed += (i > 0 ? ", " : "") + QuoteIdentifier(to) + " := " + child;
      }
      return "CASE WHEN (" + expr + ") IS NULL THEN NULL ELSE " + packed + ") END";
    }
    case TypeKind::kArray: {
      INGOT_ASSIGN_OR_RAISE(std::string element,
                            Rename(type.element_type(), var, to_physical, depth + 1));
      return "list_transform(" + expr + ", " + var + " -> " + element + ")";
    }
    case TypeKind::kMap: {
      INGOT_ASSIGN_OR_RAISE(std::string key,
                            Rename(type.key_type(), var + ".key", to_physical, depth + 1));
      INGOT_ASSIGN_OR_RAISE(std::string value,
                            Rename(type.value_type(), var + ".value", to_physical, depth + 1));
      return "map_from_entries(list_transform(map_entries(" + expr + "), " + var +
             " -> struct_pack(key := " + key + ", value := " + value + ")))";
    }
    default:
      return expr;
  }
}

// The FIELD_IDS entry of a value of `type` whose own id is `id` (nullopt inside lists and maps).
Result<std::string> FieldIds(const DataType& type, std::optional<int64_t> id) {
  std::string inner;
  auto add = [&inner](const std::string& key, const std::string& value) {
    inner += (inner.empty() ? "" : ", ") + key + ": " + value;
  };
  switch (type.kind()) {
    case TypeKind::kStruct:
      for (const StructField& field : type.fields()) {
        INGOT_ASSIGN_OR_RAISE(std::string physical, PhysicalName(field));
        INGOT_ASSIGN_OR_RAISE(std::optional<int64_t> child_id, ColumnMappingId(field));
        INGOT_ASSIGN_OR_RAISE(std::string child, FieldIds(field.type, child_id));
        if (!child.empty()) add(QuoteLiteral(physical), child);
      }
      break;
    case TypeKind::kArray: {
      INGOT_ASSIGN_OR_RAISE(std::string element, FieldIds(type.element_type(), std::nullopt));
      if (!element.empty()) add("element", element);
      break;
    }
    case TypeKind::kMap: {
      INGOT_ASSIGN_OR_RAISE(std::string key, FieldIds(type.key_type(), std::nullopt));
      INGOT_ASSIGN_OR_RAISE(std::string value, FieldIds(type.value_type(), std::nullopt));
      if (!key.empty()) add("key", key);
      if (!value.empty()) add("value", value);
      break;
    }
    default:
      break;
  }
  if (inner.empty()) return id ? std::to_string(*id) : std::string();
  if (id) inner = "__duckdb_field_id: " + std::to_string(*id) + ", " + inner;
  return "{" + inner + "}";
}

}  // namespace

Result<DataType> AssignColumnMapping(const DataType& schema, int64_t* max_column_id) {
  return Assign(schema, max_column_id);
}

Result<int64_t> MaxColumnId(const std::map<std::string, std::string>& configuration,
                            const DataType& schema) {
  int64_t largest = 0;
  INGOT_RETURN_NOT_OK(LargestId(schema, &largest));
  auto it = configuration.find(kMaxColumnIdKey);
  if (it != configuration.end()) {
    char* end = nullptr;
    long long configured = std::strtoll(it->second.c_str(), &end, 10);
    if (end == it->second.c_str() || *end != '\0' || configured < 0) {
      return Status::Corruption("table property ", kMaxColumnIdKey, " is '", it->second,
                                "', not a non-negative integer");
    }
    largest = std::max<int64_t>(largest, configured);
  }
  return largest;
}

Result<std::string> RenameFieldsExpr(const DataType& type, const std::string& expr,
                                     bool to_physical) {
  return Rename(type, expr, to_physical, 0);
}

Result<std::string> FieldIdsOption(const DataType& schema,
                                   const std::vector<std::string>& partition_columns) {
  std::string out;
  for (const StructField& field : schema.fields()) {
    if (std::find(partition_columns.begin(), partition_columns.end(), field.name) !=
        partition_columns.end()) {
      continue;
    }
    INGOT_ASSIGN_OR_RAISE(std::string physical, PhysicalName(field));
    INGOT_ASSIGN_OR_RAISE(std::optional<int64_t> id, ColumnMappingId(field));
    if (!id) {
      return Status::InvalidArgument("column '", field.name,
                                     "' has no delta.columnMapping.id in a table with column "
                                     "mapping mode id");
    }
    INGOT_ASSIGN_OR_RAISE(std::string ids, FieldIds(field.type, id));
    out += (out.empty() ? "" : ", ") + QuoteLiteral(physical) + ": " + ids;
  }
  return "{" + out + "}";
}

Protocol WithColumnMapping(const Protocol& base) {
  Protocol out = base;
  if (out.reader_features || out.writer_features) {
    if (out.reader_features) out.reader_features->insert("columnMapping");
    if (out.writer_features) out.writer_features->insert("columnMapping");
    return out;
  }
  out.min_reader_version = std::max(out.min_reader_version, 2);
  out.min_writer_version = std::max(out.min_writer_version, 5);
  return out;
}

}  // namespace ingot::delta
