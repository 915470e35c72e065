#include "delta/log/last_checkpoint.h"

#include "common/macros.h"
#include "delta/log/json_object_reader.h"
#include "delta/log/json_value.h"
#include "delta/log/json_writer.h"

namespace ingot::delta {

Result<LastCheckpoint> LastCheckpoint::Parse(std::string_view json) {
  Result<JsonValue> parsed = JsonValue::Parse(json);
  if (!parsed.ok()) return parsed.status().WithContext("_last_checkpoint");
  INGOT_ASSIGN_OR_RAISE(JsonObjectReader reader,
                        JsonObjectReader::Make(*parsed, "_last_checkpoint"));
  LastCheckpoint result;
  INGOT_RETURN_NOT_OK(reader.ReadInt64("version", &result.version));
  INGOT_RETURN_NOT_OK(reader.ReadInt64("size", &result.size));
  std::optional<int64_t> parts;
  INGOT_RETURN_NOT_OK(reader.ReadOptionalInt64("parts", &parts));
  if (parts) {
    if (*parts < 1 || *parts > INT32_MAX) {
      return Status::Corruption("_last_checkpoint.parts: ", *parts, " is out of range");
    }
    result.parts = static_cast<int32_t>(*parts);
  }
  INGOT_RETURN_NOT_OK(reader.ReadOptionalInt64("sizeInBytes", &result.size_in_bytes));
  INGOT_RETURN_NOT_OK(reader.ReadOptionalInt64("numOfAddFiles", &result.num_of_add_files));
  return result;
}

std::string LastCheckpoint::ToJson() const {
  JsonWriter w;
  w.BeginObject();
  w.Int64Field("version", version);
  w.Int64Field("size", size);
  if (parts) w.Int64Field("parts", *parts);
  if (size_in_bytes) w.Int64Field("sizeInBytes", *size_in_bytes);
  if (num_of_add_files) w.Int64Field("numOfAddFiles", *num_of_add_files);
  w.EndObject();
  return w.Release();
}

}  // namespace ingot::delta
