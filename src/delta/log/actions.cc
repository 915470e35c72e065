#include "delta/log/actions.h"

#include <array>
#include <functional>

#include "common/uri.h"
#include "delta/log/json_value.h"

namespace ingot::delta {
namespace {

// The JSON key of each action, indexed by ActionKind.
constexpr std::array<std::string_view, std::variant_size_v<Action>> kActionNames = {
    "protocol", "metaData",           "add",     "remove", "txn", "commitInfo", "domainMetadata",
    "cdc",      "checkpointMetadata", "sidecar",
};

// RFC 2396 path characters that java.net.URI leaves unquoted, besides letters and digits.
constexpr std::string_view kPathSafe = "-_.!~*'()/:@&=+$,;";

FileKey MakeKey(const std::string& path, const std::optional<DeletionVectorDescriptor>& dv) {
  return FileKey{path, dv ? dv->UniqueId() : std::string()};
}

}  // namespace

const std::string* FindJsonField(const JsonFields& fields, std::string_view key) {
  for (const auto& [name, value] : fields) {
    if (name == key) return &value;
  }
  return nullptr;
}

void SetJsonField(JsonFields* fields, std::string_view key, std::string json) {
  for (auto& [name, value] : *fields) {
    if (name == key) {
      value = std::move(json);
      return;
    }
  }
  fields->emplace_back(std::string(key), std::move(json));
}

std::optional<std::string> JsonFieldAsString(const JsonFields& fields, std::string_view key) {
  const std::string* json = FindJsonField(fields, key);
  if (json == nullptr) return std::nullopt;
  if (!json->empty() && json->front() == '"') {
    Result<std::string> decoded = DecodeJsonString(*json);
    if (decoded.ok()) return decoded.MoveValueUnsafe();
  }
  return *json;
}

std::string DeletionVectorDescriptor::UniqueId() const {
  std::string id = storage_type + path_or_inline_dv;
  if (offset) {
    id += '@';
    id += std::to_string(*offset);
  }
  return id;
}

size_t FileKeyHash::operator()(const FileKey& key) const {
  size_t h = std::hash<std::string>()(key.path);
  return h ^ (std::hash<std::string>()(key.dv_id) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2));
}

Result<std::string> Add::DecodedPath() const { return DecodeLogPath(path); }
FileKey Add::Key() const { return MakeKey(path, deletion_vector); }

Result<std::string> Add::LocalPath(const std::string& table_root) const {
  Result<std::string> decoded = DecodedPath();
  if (!decoded.ok()) return decoded.status();
  std::string& file = *decoded;
  if (file.starts_with("file://")) {
    Result<Uri> uri = Uri::Parse(file);
    if (!uri.ok()) return uri.status();
    return uri->path;
  }
  if (file.starts_with("file:/")) return file.substr(5);
  if (HasScheme(file)) {
    return Status::NotImplemented("data file ", file, " of table ", table_root,
                                  " is not on the local file system");
  }
  if (!file.empty() && file.front() == '/') return file;
  return JoinPath(table_root, file);
}

Remove Add::ToRemove(int64_t deletion_timestamp) const {
  Remove remove;
  remove.path = path;
  remove.deletion_timestamp = deletion_timestamp;
  remove.data_change = true;
  remove.extended_file_metadata = true;
  remove.partition_values = partition_values;
  remove.size = size;
  remove.stats = stats;
  remove.tags = tags;
  remove.deletion_vector = deletion_vector;
  remove.base_row_id = base_row_id;
  remove.default_row_commit_version = default_row_commit_version;
  return remove;
}

Result<std::string> Remove::DecodedPath() const { return DecodeLogPath(path); }
FileKey Remove::Key() const { return MakeKey(path, deletion_vector); }

std::optional<std::string> CommitInfo::OperationParameter(std::string_view key) const {
  if (!operation_parameters) return std::nullopt;
  return JsonFieldAsString(*operation_parameters, key);
}

std::optional<std::string> CommitInfo::OperationMetric(std::string_view key) const {
  if (!operation_metrics) return std::nullopt;
  return JsonFieldAsString(*operation_metrics, key);
}

ActionKind KindOf(const Action& action) { return static_cast<ActionKind>(action.index()); }

std::string_view ActionKindName(ActionKind kind) { return kActionNames[static_cast<size_t>(kind)]; }

std::optional<ActionKind> ActionKindFromName(std::string_view name) {
  for (size_t i = 0; i < kActionNames.size(); ++i) {
    if (kActionNames[i] == name) return static_cast<ActionKind>(i);
  }
  return std::nullopt;
}

std::string EncodeLogPath(std::string_view path) { return PercentEncode(path, kPathSafe); }

Result<std::string> DecodeLogPath(std::string_view path) {
  Result<std::string> decoded = PercentDecode(path);
  if (!decoded.ok())
    return Status::Corruption("file path '", path, "': ", decoded.status().message());
  return decoded;
}

}  // namespace ingot::delta
