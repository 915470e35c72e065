#include "delta/log/json_writer.h"

#include <charconv>
#include <utility>

namespace ingot::delta {

void AppendJsonString(std::string_view text, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  size_t run_start = 0;  // bytes that need no escaping are appended in runs
  for (size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out->append(text.data() + run_start, i - run_start);
    run_start = i + 1;
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\b':
        out->append("\\b");
        break;
      case '\f':
        out->append("\\f");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      default:
        out->append("\\u00");
        out->push_back(kHex[c >> 4]);
        out->push_back(kHex[c & 0xF]);
    }
  }
  out->append(text.data() + run_start, text.size() - run_start);
  out->push_back('"');
}

std::string QuoteJsonString(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  AppendJsonString(text, &out);
  return out;
}

void JsonWriter::BeforeValue() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!container_empty_.empty()) {
    if (!container_empty_.back()) out_.push_back(',');
    container_empty_.back() = false;
  }
}

void JsonWriter::BeginObject() {
  BeforeValue();
  out_.push_back('{');
  container_empty_.push_back(true);
}

void JsonWriter::EndObject() {
  out_.push_back('}');
  container_empty_.pop_back();
}

void JsonWriter::BeginArray() {
  BeforeValue();
  out_.push_back('[');
  container_empty_.push_back(true);
}

void JsonWriter::EndArray() {
  out_.push_back(']');
  container_empty_.pop_back();
}

void JsonWriter::Key(std::string_view key) {
  BeforeValue();
  AppendJsonString(key, &out_);
  out_.push_back(':');
  after_key_ = true;
}

void JsonWriter::String(std::string_view value) {
  BeforeValue();
  AppendJsonString(value, &out_);
}

void JsonWriter::Int64(int64_t value) {
  BeforeValue();
  char buffer[24];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), value);
  out_.append(buffer, end);
}

void JsonWriter::Bool(bool value) {
  BeforeValue();
  out_.append(value ? "true" : "false");
}

void JsonWriter::Null() {
  BeforeValue();
  out_.append("null");
}

void JsonWriter::Raw(std::string_view json) {
  BeforeValue();
  out_.append(json);
}

void JsonWriter::StringField(std::string_view key, std::string_view value) {
  Key(key);
  String(value);
}

void JsonWriter::Int64Field(std::string_view key, int64_t value) {
  Key(key);
  Int64(value);
}

void JsonWriter::BoolField(std::string_view key, bool value) {
  Key(key);
  Bool(value);
}

void JsonWriter::RawField(std::string_view key, std::string_view json) {
  Key(key);
  Raw(json);
}

void JsonWriter::StringMapField(std::string_view key,
                                const std::map<std::string, std::string>& map) {
  Key(key);
  BeginObject();
  for (const auto& [name, value] : map) StringField(name, value);
  EndObject();
}

void JsonWriter::StringArrayField(std::string_view key, const std::vector<std::string>& values) {
  Key(key);
  BeginArray();
  for (const auto& value : values) String(value);
  EndArray();
}

std::string JsonWriter::Release() {
  std::string out = std::move(out_);
  out_.clear();
  container_empty_.clear();
  after_key_ = false;
  return out;
}

void JsonWriter::Clear() {
  out_.clear();
  container_empty_.clear();
  after_key_ = false;
}

}  // namespace ingot::delta
