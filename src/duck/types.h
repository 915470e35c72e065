#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace ingot::duck {

// DuckDB's logical type ids, mirrored so that no code outside duck/ needs duckdb.h.
enum class TypeId : int {
  kInvalid,
  kBoolean,
  kTinyInt,
  kSmallInt,
  kInteger,
  kBigInt,
  kUTinyInt,
  kUSmallInt,
  kUInteger,
  kUBigInt,
  kHugeInt,
  kUHugeInt,
  kFloat,
  kDouble,
  kDecimal,
  kVarchar,
  kBlob,
  kDate,
  kTime,
  kTimeTz,
  kTimestamp,  // microseconds, no time zone (Delta timestamp_ntz)
  kTimestampS,
  kTimestampMs,
  kTimestampNs,
  kTimestampTz,  // microseconds, UTC instant (Delta timestamp)
  kInterval,
  kUuid,
  kEnum,
  kList,
  kArray,
  kStruct,
  kMap,
  kUnion,
  kBit,
  kOther,
};

// A column's type: the id plus DuckDB's SQL spelling ("DECIMAL(18,3)", "VARCHAR[]",
// "STRUCT(a INTEGER, b VARCHAR)"), which can be pasted back into SQL.
struct ColumnType {
  TypeId id = TypeId::kInvalid;
  std::string sql_name;
  // For kDecimal: precision and scale. Zero otherwise.
  int decimal_width = 0;
  int decimal_scale = 0;
  // For kArray: the fixed number of elements.
  size_t array_size = 0;
  // A VARCHAR of the JSON extension's type (alias JSON): JSON output embeds it unquoted.
  bool is_json = false;
  // For kStruct: the member names and types; for kList/kArray: one child; for kMap: key, value.
  std::vector<std::string> child_names;
  std::vector<ColumnType> children;
};

// True for types whose values are JSON numbers (integers, floating point, decimal).
bool IsNumeric(TypeId id);

}  // namespace ingot::duck
