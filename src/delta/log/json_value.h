#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace ingot::delta {

class JsonWriter;

enum class JsonType { kNull, kBool, kNumber, kString, kArray, kObject };

// "null", "boolean", "number", "string", "array", "object".
std::string_view JsonTypeName(JsonType type);

struct JsonMember;

// A small JSON document tree for the log's nested payloads (schemaString, stats,
// _last_checkpoint). Numbers keep their exact source text, so int64 values and decimals such as
// "0E-10" or "0.00" survive a round trip unchanged; strings hold their unescaped value.
struct JsonValue {
  JsonType type = JsonType::kNull;
  bool bool_value = false;          // kBool
  std::string text;                 // kNumber: the source token; kString: the unescaped value
  std::vector<JsonValue> elements;  // kArray
  std::vector<JsonMember> members;  // kObject, in source order

  // Parses one JSON document (surrounding whitespace allowed). Malformed input, trailing content
  // or nesting deeper than 1024 levels is kCorruption.
  static Result<JsonValue> Parse(std::string_view json);

  // The value of the first member named `key`, or nullptr (also when this is not an object).
  const JsonValue* Find(std::string_view key) const;

  bool is_null() const { return type == JsonType::kNull; }

  // The number as an int64. Errors (kCorruption) when this is not a number or not an integer that
  // fits in int64.
  Result<int64_t> ToInt64() const;

  // Compact JSON text; numbers are written back exactly as parsed.
  std::string ToJson() const;
  void Write(JsonWriter* writer) const;

  bool operator==(const JsonValue& other) const = default;
};

struct JsonMember {
  std::string key;
  JsonValue value;

  bool operator==(const JsonMember& other) const = default;
};

// Decodes a JSON string literal (quotes included) into its value: "\"a\\nb\"" -> "a\nb".
// kCorruption when `literal` is not exactly one JSON string.
Result<std::string> DecodeJsonString(std::string_view literal);

}  // namespace ingot::delta
