#include "delta/log/json_value.h"

#include <charconv>
#include <utility>

#include <simdjson.h>

#include "common/macros.h"
#include "delta/log/json_writer.h"

namespace ingot::delta {
namespace {

namespace od = simdjson::ondemand;

constexpr int kMaxDepth = 1024;

Status SimdError(simdjson::error_code error) {
  return Status::Corruption("malformed JSON: ", simdjson::error_message(error));
}

std::string_view RawToken(od::value& value) { return value.raw_json_token(); }
std::string_view RawToken(od::document& doc) {
  std::string_view token;
  if (doc.raw_json_token().get(token)) return {};
  return token;
}

// Builds `out` from an ondemand value or document (both expose the same accessors).
template <typename Node>
Status Build(Node& node, int depth, JsonValue* out) {
  if (depth > kMaxDepth) return Status::Corruption("JSON nested deeper than ", kMaxDepth);
  od::json_type type;
  if (auto error = node.type().get(type)) return SimdError(error);
  switch (type) {
    case od::json_type::null: {
      bool is_null = false;
      if (auto error = node.is_null().get(is_null); error || !is_null) {
        return SimdError(error ? error : simdjson::INCORRECT_TYPE);
      }
      out->type = JsonType::kNull;
      return Status::OK();
    }
    case od::json_type::boolean:
      out->type = JsonType::kBool;
      if (auto error = node.get_bool().get(out->bool_value)) return SimdError(error);
      return Status::OK();
    case od::json_type::number: {
      out->type = JsonType::kNumber;
      out->text = std::string(simdjson::trim(RawToken(node)));
      od::number number;
      if (auto error = node.get_number().get(number)) return SimdError(error);
      return Status::OK();
    }
    case od::json_type::string: {
      out->type = JsonType::kString;
      std::string_view value;
      if (auto error = node.get_string().get(value)) return SimdError(error);
      out->text = std::string(value);
      return Status::OK();
    }
    case od::json_type::array: {
      out->type = JsonType::kArray;
      od::array array;
      if (auto error = node.get_array().get(array)) return SimdError(error);
      for (auto element : array) {
        od::value value;
        if (auto error = std::move(element).get(value)) return SimdError(error);
        INGOT_RETURN_NOT_OK(Build(value, depth + 1, &out->elements.emplace_back()));
      }
      return Status::OK();
    }
    case od::json_type::object: {
      out->type = JsonType::kObject;
      od::object object;
      if (auto error = node.get_object().get(object)) return SimdError(error);
      for (auto field : object) {
        std::string_view key;
        if (auto error = field.unescaped_key().get(key)) return SimdError(error);
        JsonMember& member = out->members.emplace_back();
        member.key = std::string(key);
        od::value value;
        if (auto error = field.value().get(value)) return SimdError(error);
        INGOT_RETURN_NOT_OK(Build(value, depth + 1, &member.value));
      }
      return Status::OK();
    }
  }
  return Status::Corruption("malformed JSON: unknown value type");
}

}  // namespace

std::string_view JsonTypeName(JsonType type) {
  switch (type) {
    case JsonType::kNull:
      return "null";
    case JsonType::kBool:
      return "boolean";
    case JsonType::kNumber:
      return "number";
    case JsonType::kString:
      return "string";
    case JsonType::kArray:
      return "array";
    case JsonType::kObject:
      return "object";
  }
  return "unknown";
}

Result<JsonValue> JsonValue::Parse(std::string_view json) {
  simdjson::padded_string padded(json);
  od::parser parser;
  od::document doc;
  if (auto error = parser.iterate(padded).get(doc)) return SimdError(error);
  JsonValue root;
  INGOT_RETURN_NOT_OK(Build(doc, 0, &root));
  if (doc.current_location().error() != simdjson::OUT_OF_BOUNDS)
    return Status::Corruption("malformed JSON: trailing content");
  return root;
}

const JsonValue* JsonValue::Find(std::string_view key) const {
  for (const JsonMember& member : members) {
    if (member.key == key) return &member.value;
  }
  return nullptr;
}

Result<int64_t> JsonValue::ToInt64() const {
  if (type != JsonType::kNumber) {
    return Status::Corruption("expected an integer, got ", JsonTypeName(type));
  }
  int64_t value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end) {
    return Status::Corruption("expected an int64 integer, got ", text);
  }
  return value;
}

void JsonValue::Write(JsonWriter* writer) const {
  switch (type) {
    case JsonType::kNull:
      writer->Null();
      return;
    case JsonType::kBool:
      writer->Bool(bool_value);
      return;
    case JsonType::kNumber:
      writer->Raw(text);
      return;
    case JsonType::kString:
      writer->String(text);
      return;
    case JsonType::kArray:
      writer->BeginArray();
      for (const JsonValue& element : elements) element.Write(writer);
      writer->EndArray();
      return;
    case JsonType::kObject:
      writer->BeginObject();
      for (const JsonMember& member : members) {
        writer->Key(member.key);
        member.value.Write(writer);
      }
      writer->EndObject();
      return;
  }
}

std::string JsonValue::ToJson() const {
  JsonWriter writer;
  Write(&writer);
  return writer.Release();
}

Result<std::string> DecodeJsonString(std::string_view literal) {
  INGOT_ASSIGN_OR_RAISE(JsonValue value, JsonValue::Parse(literal));
  if (value.type != JsonType::kString) {
    return Status::Corruption("expected a JSON string, got ", JsonTypeName(value.type));
  }
  return std::move(value.text);
}

}  // namespace ingot::delta
