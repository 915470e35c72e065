#include "duck/types.h"

#include <optional>
#include <string>
#include <string_view>

#include "duck/duck_internal.h"

namespace ingot::duck {

bool IsNumeric(TypeId id) {
  switch (id) {
    case TypeId::kTinyInt:
    case TypeId::kSmallInt:
    case TypeId::kInteger:
    case TypeId::kBigInt:
    case TypeId::kUTinyInt:
    case TypeId::kUSmallInt:
    case TypeId::kUInteger:
    case TypeId::kUBigInt:
    case TypeId::kHugeInt:
    case TypeId::kUHugeInt:
    case TypeId::kFloat:
    case TypeId::kDouble:
    case TypeId::kDecimal:
      return true;
    default:
      return false;
  }
}

namespace internal {
namespace {

struct TypeEntry {
  duckdb_type duck;
  TypeId id;
  const char* name;
};

constexpr TypeEntry kTypes[] = {
    {DUCKDB_TYPE_BOOLEAN, TypeId::kBoolean, "BOOLEAN"},
    {DUCKDB_TYPE_TINYINT, TypeId::kTinyInt, "TINYINT"},
    {DUCKDB_TYPE_SMALLINT, TypeId::kSmallInt, "SMALLINT"},
    {DUCKDB_TYPE_INTEGER, TypeId::kInteger, "INTEGER"},
    {DUCKDB_TYPE_BIGINT, TypeId::kBigInt, "BIGINT"},
    {DUCKDB_TYPE_UTINYINT, TypeId::kUTinyInt, "UTINYINT"},
    {DUCKDB_TYPE_USMALLINT, TypeId::kUSmallInt, "USMALLINT"},
    {DUCKDB_TYPE_UINTEGER, TypeId::kUInteger, "UINTEGER"},
    {DUCKDB_TYPE_UBIGINT, TypeId::kUBigInt, "UBIGINT"},
    {DUCKDB_TYPE_HUGEINT, TypeId::kHugeInt, "HUGEINT"},
    {DUCKDB_TYPE_UHUGEINT, TypeId::kUHugeInt, "UHUGEINT"},
    {DUCKDB_TYPE_FLOAT, TypeId::kFloat, "FLOAT"},
    {DUCKDB_TYPE_DOUBLE, TypeId::kDouble, "DOUBLE"},
    {DUCKDB_TYPE_DECIMAL, TypeId::kDecimal, "DECIMAL"},
    {DUCKDB_TYPE_VARCHAR, TypeId::kVarchar, "VARCHAR"},
    {DUCKDB_TYPE_BLOB, TypeId::kBlob, "BLOB"},
    {DUCKDB_TYPE_DATE, TypeId::kDate, "DATE"},
    {DUCKDB_TYPE_TIME, TypeId::kTime, "TIME"},
    {DUCKDB_TYPE_TIME_TZ, TypeId::kTimeTz, "TIME WITH TIME ZONE"},
    {DUCKDB_TYPE_TIMESTAMP, TypeId::kTimestamp, "TIMESTAMP"},
    {DUCKDB_TYPE_TIMESTAMP_S, TypeId::kTimestampS, "TIMESTAMP_S"},
    {DUCKDB_TYPE_TIMESTAMP_MS, TypeId::kTimestampMs, "TIMESTAMP_MS"},
    {DUCKDB_TYPE_TIMESTAMP_NS, TypeId::kTimestampNs, "TIMESTAMP_NS"},
    {DUCKDB_TYPE_TIMESTAMP_TZ, TypeId::kTimestampTz, "TIMESTAMP WITH TIME ZONE"},
    {DUCKDB_TYPE_INTERVAL, TypeId::kInterval, "INTERVAL"},
    {DUCKDB_TYPE_UUID, TypeId::kUuid, "UUID"},
    {DUCKDB_TYPE_ENUM, TypeId::kEnum, "ENUM"},
    {DUCKDB_TYPE_LIST, TypeId::kList, "LIST"},
    {DUCKDB_TYPE_ARRAY, TypeId::kArray, "ARRAY"},
    {DUCKDB_TYPE_STRUCT, TypeId::kStruct, "STRUCT"},
    {DUCKDB_TYPE_MAP, TypeId::kMap, "MAP"},
    {DUCKDB_TYPE_UNION, TypeId::kUnion, "UNION"},
    {DUCKDB_TYPE_BIT, TypeId::kBit, "BIT"},
};

}  // namespace

std::string TakeDuckString(char* text) {
  if (text == nullptr) return "";
  std::string out(text);
  duckdb_free(text);
  return out;
}

ColumnType ToColumnType(duckdb_logical_type type) {
  ColumnType out;
  duckdb_type duck = duckdb_get_type_id(type);
  out.id = TypeId::kOther;
  out.sql_name = "UNKNOWN";
  for (const TypeEntry& entry : kTypes) {
    if (entry.duck == duck) {
      out.id = entry.id;
      out.sql_name = entry.name;
      break;
    }
  }
  if (out.id == TypeId::kVarchar && TakeDuckString(duckdb_logical_type_get_alias(type)) == "JSON") {
    out.is_json = true;
    out.sql_name = "JSON";
  }
  switch (out.id) {
    case TypeId::kDecimal:
      out.decimal_width = duckdb_decimal_width(type);
      out.decimal_scale = duckdb_decimal_scale(type);
      out.sql_name = "DECIMAL(" + std::to_string(out.decimal_width) + "," +
                     std::to_string(out.decimal_scale) + ")";
      break;
    case TypeId::kList: {
      LogicalType child(duckdb_list_type_child_type(type));
      out.children.push_back(ToColumnType(child.get()));
      out.sql_name = out.children[0].sql_name + "[]";
      break;
    }
    case TypeId::kArray: {
      LogicalType child(duckdb_array_type_child_type(type));
      out.children.push_back(ToColumnType(child.get()));
      out.array_size = static_cast<size_t>(duckdb_array_type_array_size(type));
      out.sql_name = out.children[0].sql_name + "[" + std::to_string(out.array_size) + "]";
      break;
    }
    case TypeId::kMap: {
      LogicalType key(duckdb_map_type_key_type(type));
      LogicalType value(duckdb_map_type_value_type(type));
      out.children.push_back(ToColumnType(key.get()));
      out.children.push_back(ToColumnType(value.get()));
      out.sql_name = "MAP(" + out.children[0].sql_name + ", " + out.children[1].sql_name + ")";
      break;
    }
    case TypeId::kStruct:
    case TypeId::kUnion: {
      bool is_struct = out.id == TypeId::kStruct;
      idx_t count =
          is_struct ? duckdb_struct_type_child_count(type) : duckdb_union_type_member_count(type);
      out.sql_name = is_struct ? "STRUCT(" : "UNION(";
      for (idx_t i = 0; i < count; ++i) {
        std::string name = TakeDuckString(is_struct ? duckdb_struct_type_child_name(type, i)
                                                    : duckdb_union_type_member_name(type, i));
        LogicalType child(is_struct ? duckdb_struct_type_child_type(type, i)
                                    : duckdb_union_type_member_type(type, i));
        out.children.push_back(ToColumnType(child.get()));
        if (i > 0) out.sql_name += ", ";
        out.sql_name += QuoteIdentifier(name) + " " + out.children.back().sql_name;
        out.child_names.push_back(std::move(name));
      }
      out.sql_name += ")";
      break;
    }
    default:
      break;
  }
  return out;
}

namespace {

// The tag FunctionErrorText puts before a callback's message: "[ingot:<code>] ".
constexpr std::string_view kTagStart = "[ingot:";

// Removes the first tag from `text` (DuckDB may wrap the message, so it can be anywhere) and
// returns its code; nullopt when there is none.
std::optional<StatusCode> TakeFunctionTag(std::string* text) {
  size_t at = text->find(kTagStart);
  if (at == std::string::npos) return std::nullopt;
  size_t digits = at + kTagStart.size();
  size_t close = text->find("] ", digits);
  if (close == std::string::npos || close == digits || close - digits > 3) return std::nullopt;
  int code = 0;
  for (size_t i = digits; i < close; ++i) {
    char c = (*text)[i];
    if (c < '0' || c > '9') return std::nullopt;
    code = code * 10 + (c - '0');
  }
  if (code <= 0 || code > static_cast<int>(StatusCode::kLastCode)) return std::nullopt;
  text->erase(at, close + 2 - at);
  return static_cast<StatusCode>(code);
}

}  // namespace

std::string FunctionErrorText(const Status& status) {
  return std::string(kTagStart) + std::to_string(static_cast<int>(status.code())) + "] " +
         status.message();
}

Status StatusFromDuckError(duckdb_error_type type, const char* message) {
  std::string text = message != nullptr ? message : "unknown DuckDB error";
  if (std::optional<StatusCode> code = TakeFunctionTag(&text)) return Status(*code, text);
  // DuckDB reports damaged Parquet files as invalid input; they are stored data gone bad.
  for (std::string_view marker :
       {"No magic bytes found at end of file", "too small to be a Parquet file",
        "Couldn't deserialize thrift", "Parquet file is corrupt", "Corrupt Parquet file"}) {
    if (text.find(marker) != std::string::npos) return Status::Corruption(text);
  }
  switch (type) {
    case DUCKDB_ERROR_IO:
      return Status::IOError(text);
    case DUCKDB_ERROR_INTERRUPT:
      return Status::Cancelled(text);
    case DUCKDB_ERROR_NOT_IMPLEMENTED:
    case DUCKDB_ERROR_MISSING_EXTENSION:
    case DUCKDB_ERROR_AUTOLOAD:
      return Status::NotImplemented(text);
    case DUCKDB_ERROR_PERMISSION:
      return Status::PermissionDenied(text);
    case DUCKDB_ERROR_HTTP:
    case DUCKDB_ERROR_NETWORK:
      return Status::Unavailable(text);
    case DUCKDB_ERROR_TRANSACTION:
      return Status::Conflict(text);
    case DUCKDB_ERROR_FATAL:
    case DUCKDB_ERROR_OUT_OF_MEMORY:
      return Status::ResourceExhausted(text);
    case DUCKDB_ERROR_INTERNAL:
    case DUCKDB_ERROR_NULL_POINTER:
    case DUCKDB_ERROR_SERIALIZATION:
    case DUCKDB_ERROR_SCHEDULER:
      return Status::Internal(text);
    default:
      // Parser, binder, catalog, conversion, constraint, invalid input...: the user's SQL or data.
      return Status::InvalidArgument(text);
  }
}

Status StatusFromDuckMessage(const char* message) {
  std::string_view text = message != nullptr ? message : "";
  struct Prefix {
    std::string_view prefix;
    duckdb_error_type type;
  };
  static constexpr Prefix kPrefixes[] = {
      {"IO Error", DUCKDB_ERROR_IO},
      {"Interrupt", DUCKDB_ERROR_INTERRUPT},
      {"Not implemented Error", DUCKDB_ERROR_NOT_IMPLEMENTED},
      {"Missing Extension Error", DUCKDB_ERROR_MISSING_EXTENSION},
      {"Permission Error", DUCKDB_ERROR_PERMISSION},
      {"HTTP Error", DUCKDB_ERROR_HTTP},
      {"Transaction Error", DUCKDB_ERROR_TRANSACTION},
      {"INTERNAL Error", DUCKDB_ERROR_INTERNAL},
      {"FATAL Error", DUCKDB_ERROR_FATAL},
      {"Out of Memory Error", DUCKDB_ERROR_OUT_OF_MEMORY},
  };
  for (const Prefix& p : kPrefixes) {
    if (text.starts_with(p.prefix)) return StatusFromDuckError(p.type, message);
  }
  return StatusFromDuckError(DUCKDB_ERROR_INVALID_INPUT, message);
}

}  // namespace internal
}  // namespace ingot::duck
