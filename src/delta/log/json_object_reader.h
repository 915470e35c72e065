#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "delta/log/json_value.h"

namespace ingot::delta {

// Typed access to the members of a JSON object, for the log's codecs. Errors are kCorruption and
// name the member as "<scope>.<key>", e.g. "metaData.createdTime: expected an integer, got
// string". Remembers which keys were asked for so that callers can count unknown members.
//
// The reader points into `object`, which must outlive it.
class JsonObjectReader {
 public:
  // kCorruption ("<scope>: expected an object, got ...") unless `value` is an object.
  static Result<JsonObjectReader> Make(const JsonValue& value, std::string scope);

  const std::string& scope() const { return scope_; }

  // The member named `key` or nullptr; either way `key` counts as known.
  const JsonValue* Get(std::string_view key);

  // Required members: missing, null or wrongly typed is an error.
  Status ReadString(std::string_view key, std::string* out);
  Status ReadInt64(std::string_view key, int64_t* out);
  Status ReadInt32(std::string_view key, int32_t* out);
  Status ReadBool(std::string_view key, bool* out);

  // Optional members: missing or null resets `out`.
  Status ReadOptionalString(std::string_view key, std::optional<std::string>* out);
  Status ReadOptionalInt64(std::string_view key, std::optional<int64_t>* out);
  Status ReadOptionalBool(std::string_view key, std::optional<bool>* out);

  // An object of strings; missing or null gives an empty map, null entries are dropped.
  Status ReadStringMap(std::string_view key, std::map<std::string, std::string>* out);
  // An array of strings; missing or null gives an empty vector / resets the optional set.
  Status ReadStringArray(std::string_view key, std::vector<std::string>* out);
  Status ReadOptionalStringSet(std::string_view key, std::optional<std::set<std::string>>* out);

  // How many members were never asked for.
  int64_t CountUnknown() const;

  // "<scope>.<key>: expected <expected>, got <actual type>".
  Status TypeError(std::string_view key, std::string_view expected, const JsonValue& got) const;

 private:
  JsonObjectReader(const JsonValue* object, std::string scope)
      : object_(object), scope_(std::move(scope)) {}

  const JsonValue* Required(std::string_view key, Status* status);

  const JsonValue* object_;
  std::string scope_;
  std::vector<std::string> known_;  // keys asked for
};

}  // namespace ingot::delta
