#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace ingot::delta {

// Appends `text` to `*out` as a JSON string literal, quotes included. Escapes '"', '\\' and the
// control characters below 0x20 the way Jackson (Spark's JSON writer) does; every other byte,
// UTF-8 included, is copied as is.
void AppendJsonString(std::string_view text, std::string* out);

// `text` as a JSON string literal: QuoteJsonString("a\"b") == "\"a\\\"b\"".
std::string QuoteJsonString(std::string_view text);

// Builds compact JSON text (no whitespace), managing commas and key/value separators:
//
//   JsonWriter w;
//   w.BeginObject();
//   w.Int64Field("version", 3);
//   w.EndObject();
//   w.str() == R"({"version":3})"
//
// Calls must nest correctly (a key before every object member, matching Begin/End); misuse is a
// programmer error and is not diagnosed. Not thread-safe.
class JsonWriter {
 public:
  void BeginObject();
  void EndObject();
  void BeginArray();
  void EndArray();

  // The next member's key; must be followed by exactly one value.
  void Key(std::string_view key);

  void String(std::string_view value);
  void Int64(int64_t value);
  void Bool(bool value);
  void Null();
  // Inserts `json`, which must already be one valid JSON value, verbatim.
  void Raw(std::string_view json);

  // Key + value shorthands.
  void StringField(std::string_view key, std::string_view value);
  void Int64Field(std::string_view key, int64_t value);
  void BoolField(std::string_view key, bool value);
  void RawField(std::string_view key, std::string_view json);
  void StringMapField(std::string_view key, const std::map<std::string, std::string>& map);
  void StringArrayField(std::string_view key, const std::vector<std::string>& values);

  const std::string& str() const { return out_; }
  // Moves the text out and resets the writer.
  std::string Release();
  // Resets the writer, keeping its buffer's capacity for the next document.
  void Clear();

 private:
  void BeforeValue();

  std::string out_;
  std::vector<bool> container_empty_;  // one entry per open object/array
  bool after_key_ = false;
};

}  // namespace ingot::delta
