#include <set>
#include <string>
#include <variant>

#include "common/macros.h"
#include "delta/log/actions_codec.h"
#include "delta/log/json_value.h"
#include "delta/txn/commit_internal.h"

namespace ingot::delta {

std::string DefaultEngineInfo() { return std::string("Ingot/") + INGOT_VERSION; }

namespace internal {
namespace {

constexpr std::string_view kEnableIctKey = "delta.enableInCommitTimestamps";

Status ValidateJsonFields(const JsonFields& fields, std::string_view what) {
  for (const auto& [key, json] : fields) {
    Result<JsonValue> parsed = JsonValue::Parse(json);
    if (!parsed.ok()) {
      return Status::InvalidArgument(what, " '", key, "' is not valid JSON text: ", json);
    }
  }
  return Status::OK();
}

// Per-kind counts and per-path uniqueness of the request's actions.
Status ValidateActions(const CommitRequest& request) {
  int protocols = 0;
  int metadatas = 0;
  std::set<std::string> added;
  std::set<std::string> removed;
  std::set<std::string> domains;
  for (const Action& action : request.actions) {
    switch (KindOf(action)) {
      case ActionKind::kProtocol:
        ++protocols;
        break;
      case ActionKind::kMetadata:
        ++metadatas;
        break;
      case ActionKind::kAdd: {
        const std::string& path = std::get<Add>(action).path;
        if (path.empty()) return Status::InvalidArgument("an add action has an empty path");
        if (!added.insert(path).second) {
          return Status::InvalidArgument("path '", path, "' is added twice");
        }
        break;
      }
      case ActionKind::kRemove: {
        const std::string& path = std::get<Remove>(action).path;
        if (path.empty()) return Status::InvalidArgument("a remove action has an empty path");
        if (!removed.insert(path).second) {
          return Status::InvalidArgument("path '", path, "' is removed twice");
        }
        break;
      }
      case ActionKind::kDomainMetadata: {
        const std::string& domain = std::get<DomainMetadata>(action).domain;
        if (!domains.insert(domain).second) {
          return Status::InvalidArgument("domain '", domain, "' appears twice");
        }
        break;
      }
      case ActionKind::kCdc:
        break;
      case ActionKind::kCommitInfo:
        return Status::InvalidArgument("the actions hold a commitInfo; the commit loop writes it");
      case ActionKind::kTxn:
        return Status::InvalidArgument("the actions hold a txn; set CommitRequest::txn instead");
      case ActionKind::kCheckpointMetadata:
      case ActionKind::kSidecar:
        return Status::InvalidArgument("the actions hold a ", ActionKindName(action),
                                       " action, which belongs in checkpoints only");
    }
  }
  if (protocols > 1 || metadatas > 1) {
    return Status::InvalidArgument("a commit holds at most one protocol and one metaData (got ",
                                   protocols, " and ", metadatas, ")");
  }
  if (!request.read_version.has_value() && (protocols == 0 || metadatas == 0)) {
    return Status::InvalidArgument("creating a table needs a protocol and a metaData action");
  }
  return Status::OK();
}

Status ValidateBlindAppend(const CommitRequest& request) {
  if (!request.is_blind_append) return Status::OK();
  for (const Action& action : request.actions) {
    ActionKind kind = KindOf(action);
    if (kind != ActionKind::kAdd && kind != ActionKind::kDomainMetadata) {
      return Status::InvalidArgument(
          "a blind append may hold only add and domainMetadata actions, not ",
          ActionKindName(action));
    }
  }
  if (request.read_set.whole_table || !request.read_set.files.empty() ||
      !request.read_set.partitions.empty()) {
    return Status::InvalidArgument("a blind append reads nothing, but its read set is not empty");
  }
  return Status::OK();
}

}  // namespace

Status ValidateCommitRequest(const CommitRequest& request, const CommitOptions& options) {
  if (options.max_attempts < 1) {
    return Status::InvalidArgument("max_attempts must be at least 1, got ", options.max_attempts);
  }
  if (options.unavailable_backoff_millis < 0) {
    return Status::InvalidArgument("unavailable_backoff_millis must not be negative");
  }
  if (request.operation.empty()) return Status::InvalidArgument("the operation name is empty");
  if (request.read_version.has_value() && *request.read_version < 0) {
    return Status::InvalidArgument("read version ", *request.read_version, " is negative");
  }
  if (request.txn.has_value() && (request.txn->app_id.empty() || request.txn->version < 0)) {
    return Status::InvalidArgument("txn needs a non-empty appId and a version >= 0");
  }
  INGOT_RETURN_NOT_OK(ValidateJsonFields(request.operation_parameters, "operation parameter"));
  INGOT_RETURN_NOT_OK(ValidateJsonFields(request.operation_metrics, "operation metric"));
  INGOT_RETURN_NOT_OK(ValidateActions(request));
  return ValidateBlindAppend(request);
}

bool EnablesInCommitTimestamps(const CommitRequest& request) {
  for (const Action& action : request.actions) {
    const auto* metadata = std::get_if<Metadata>(&action);
    if (metadata == nullptr) continue;
    auto it = metadata->configuration.find(std::string(kEnableIctKey));
    return it != metadata->configuration.end() && it->second == "true";
  }
  return false;
}

bool WritesInCommitTimestamp(const CommitRequest& request) {
  return request.in_commit_timestamps || EnablesInCommitTimestamps(request);
}

CommitInfo MakeCommitInfo(const CommitRequest& request, const CommitOptions& options,
                          const std::string& txn_id, int64_t timestamp, bool in_commit_timestamp) {
  CommitInfo info;
  if (in_commit_timestamp) info.in_commit_timestamp = timestamp;
  info.timestamp = timestamp;
  info.operation = request.operation;
  info.operation_parameters = request.operation_parameters;
  info.read_version = request.read_version;
  info.isolation_level = "Serializable";
  info.is_blind_append = request.is_blind_append;
  info.operation_metrics = request.operation_metrics;
  info.user_metadata = request.user_metadata;
  info.engine_info = options.engine_info;
  info.txn_id = txn_id;
  return info;
}

std::string AssembleCommitFile(const CommitRequest& request, const CommitInfo& commit_info,
                               const std::string& body) {
  std::string file = SerializeAction(commit_info);
  file += '\n';
  file += body;
  if (request.txn.has_value()) {
    Txn txn = *request.txn;
    if (!txn.last_updated.has_value()) txn.last_updated = commit_info.timestamp;
    file += SerializeAction(txn);
    file += '\n';
  }
  return file;
}

}  // namespace internal
}  // namespace ingot::delta
