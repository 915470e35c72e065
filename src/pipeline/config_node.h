#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"

namespace ingot::pipeline {

// A place in a configuration file, 1-based (0 = unknown).
struct Location {
  int line = 0;
  int column = 0;
};

// A parsed YAML document as plain data, so that no yaml-cpp type leaves the adapter. Every node
// keeps where it was written; scalars keep their text (typing happens in the spec parser).
struct ConfigNode {
  enum class Kind { kNull, kScalar, kSequence, kMap };

  Kind kind = Kind::kNull;
  Location location;
  // kScalar: the text; `quoted` when written in quotes (so "123" stays a string).
  std::string scalar;
  bool quoted = false;
  // kSequence: the items.
  std::vector<ConfigNode> items;
  // kMap: key/value pairs in file order (keys are scalars).
  std::vector<std::pair<ConfigNode, ConfigNode>> entries;

  bool IsNull() const { return kind == Kind::kNull; }
  bool IsScalar() const { return kind == Kind::kScalar; }
  bool IsSequence() const { return kind == Kind::kSequence; }
  bool IsMap() const { return kind == Kind::kMap; }
  // The value of map key `key`, or nullptr.
  const ConfigNode* Find(std::string_view key) const;
  // "a map", "a list", "a value", "nothing" (for error messages).
  std::string_view KindName() const;
};

// Parses YAML text. A syntax error is kInvalidArgument "<file>:<line>:<column>: <problem>".
// Duplicate keys in one map are errors too (YAML says keys are unique; yaml-cpp keeps both).
Result<ConfigNode> ParseYaml(std::string_view text, const std::string& file_name);

}  // namespace ingot::pipeline
