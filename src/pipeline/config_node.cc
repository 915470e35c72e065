#include "pipeline/config_node.h"

#include <set>
#include <string>

#include <yaml-cpp/yaml.h>

namespace ingot::pipeline {

const ConfigNode* ConfigNode::Find(std::string_view key) const {
  for (const auto& [k, v] : entries) {
    if (k.scalar == key) return &v;
  }
  return nullptr;
}

std::string_view ConfigNode::KindName() const {
  switch (kind) {
    case Kind::kNull:
      return "nothing";
    case Kind::kScalar:
      return "a value";
    case Kind::kSequence:
      return "a list";
    case Kind::kMap:
      return "a map";
  }
  return "?";
}

namespace {

Location LocationOf(const YAML::Mark& mark) {
  if (mark.is_null()) return {};
  return {mark.line + 1, mark.column + 1};
}

Status Convert(const YAML::Node& node, const std::string& file_name, ConfigNode* out) {
  out->location = LocationOf(node.Mark());
  switch (node.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null:
      out->kind = ConfigNode::Kind::kNull;
      return Status::OK();
    case YAML::NodeType::Scalar:
      out->kind = ConfigNode::Kind::kScalar;
      out->scalar = node.Scalar();
      out->quoted = node.Tag() == "!";
      return Status::OK();
    case YAML::NodeType::Sequence:
      out->kind = ConfigNode::Kind::kSequence;
      for (const YAML::Node& item : node) {
        ConfigNode child;
        Status status = Convert(item, file_name, &child);
        if (!status.ok()) return status;
        out->items.push_back(std::move(child));
      }
      return Status::OK();
    case YAML::NodeType::Map: {
      out->kind = ConfigNode::Kind::kMap;
      std::set<std::string> seen;
      for (const auto& entry : node) {
        ConfigNode key;
        ConfigNode value;
        Status status = Convert(entry.first, file_name, &key);
        if (!status.ok()) return status;
        if (!key.IsScalar()) {
          return Status::InvalidArgument(file_name, ":", key.location.line, ":",
                                         key.location.column, ": a key must be a plain value");
        }
        if (!seen.insert(key.scalar).second) {
          return Status::InvalidArgument(file_name, ":", key.location.line, ":",
                                         key.location.column, ": duplicate key '", key.scalar, "'");
        }
        status = Convert(entry.second, file_name, &value);
        if (!status.ok()) return status;
        if (value.location.line == 0) value.location = key.location;
        out->entries.emplace_back(std::move(key), std::move(value));
      }
      return Status::OK();
    }
  }
  return Status::OK();
}

}  // namespace

Result<ConfigNode> ParseYaml(std::string_view text, const std::string& file_name) {
  // yaml-cpp reports every problem by exception: this is the adapter that turns them into values.
  try {
    YAML::Node root = YAML::Load(std::string(text));
    ConfigNode out;
    Status status = Convert(root, file_name, &out);
    if (!status.ok()) return status;
    return out;
  } catch (const YAML::Exception& e) {
    Location where = LocationOf(e.mark);
    return Status::InvalidArgument(file_name, ":", where.line, ":", where.column,
                                   ": invalid YAML: ", e.msg);
  } catch (const std::exception& e) {
    return Status::InvalidArgument(file_name, ": invalid YAML: ", e.what());
  }
}

}  // namespace ingot::pipeline
