#include "delta/txn/log_store.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "common/logging.h"
#include "common/macros.h"
#include "common/uri.h"
#include "delta/log/actions_codec.h"
#include "delta/log/last_checkpoint.h"
#include "delta/log/log_file_names.h"
#include "storage/file_system.h"

namespace ingot::delta {
namespace {

std::string DisplayName(storage::FileSystem& fs, const std::string& root) {
  Result<std::string> uri = fs.ToUri(root);
  if (uri.ok()) return *uri;
  return fs.type_name() + ":" + (root.empty() ? "/" : root);
}

// The highest version among complete multi-part checkpoints: a set counts only when all of its
// num_parts parts are present.
std::optional<int64_t> LatestCompleteMultiPart(const std::vector<LogFileName>& parts) {
  // (version, num_parts) -> distinct parts seen
  std::map<std::pair<int64_t, int32_t>, std::set<int32_t>> seen;
  for (const LogFileName& name : parts) seen[{name.version, name.num_parts}].insert(name.part);
  std::optional<int64_t> latest;
  for (const auto& [key, found] : seen) {
    if (static_cast<int32_t>(found.size()) != key.second) continue;
    latest = std::max(latest.value_or(key.first), key.first);
  }
  return latest;
}

}  // namespace

LogStore::LogStore(std::shared_ptr<storage::FileSystem> fs, std::string table_root)
    : fs_(std::move(fs)), table_root_(std::move(table_root)) {
  while (table_root_.size() > 1 && table_root_.back() == '/') table_root_.pop_back();
  table_name_ = DisplayName(*fs_, table_root_);
}

std::string LogStore::LogDir() const { return JoinPath(table_root_, kDeltaLogDirName); }

std::string LogStore::CommitPath(int64_t version) const {
  return JoinPath(LogDir(), CommitFileName(version));
}

Status LogStore::VersionError(const Status& status, std::string_view what, int64_t version) const {
  return status.WithContext(what, " version ", version, " of table '", table_name_, "'");
}

Result<std::optional<int64_t>> LogStore::LatestVersion() const {
  std::string log_dir = LogDir();
  Result<std::vector<storage::FileInfo>> listed = fs_->List(log_dir, {.recursive = false});
  if (!listed.ok()) {
    return listed.status().WithContext("list the log of table '", table_name_, "'");
  }
  std::optional<int64_t> latest;
  auto note = [&latest](int64_t version) { latest = std::max(latest.value_or(version), version); };
  std::vector<LogFileName> multi_parts;
  bool has_last_checkpoint = false;
  for (const storage::FileInfo& info : *listed) {
    if (info.is_dir) continue;
    LogFileName name = ParseLogFileName(BaseName(info.path));
    switch (name.kind) {
      case LogFileKind::kCommit:
      case LogFileKind::kCheckpoint:
      case LogFileKind::kV2Checkpoint:
        note(name.version);
        break;
      case LogFileKind::kMultiPartCheckpoint:
        multi_parts.push_back(name);
        break;
      case LogFileKind::kLastCheckpoint:
        has_last_checkpoint = true;
        break;
      default:
        break;
    }
  }
  if (std::optional<int64_t> multi = LatestCompleteMultiPart(multi_parts)) note(*multi);
  if (has_last_checkpoint) {
    std::string path = JoinPath(log_dir, kLastCheckpointFileName);
    Result<std::string> text = fs_->ReadFile(path);
    Result<LastCheckpoint> hint =
        text.ok() ? LastCheckpoint::Parse(*text) : Result<LastCheckpoint>(text.status());
    if (hint.ok()) {
      note(hint->version);
    } else if (!hint.status().IsNotFound()) {
      INGOT_LOG(kWarn, "ignoring unreadable _last_checkpoint",
                {{"table", table_name_}, {"error", hint.status().ToString()}});
    }
  }
  return latest;
}

Result<std::vector<int64_t>> LogStore::ListCommitVersions(int64_t from, int64_t to) const {
  if (from < 0 || to < from) {
    return Status::InvalidArgument("invalid version range [", from, ", ", to, "] for table '",
                                   table_name_, "'");
  }
  Result<std::vector<storage::FileInfo>> listed = fs_->List(LogDir(), {.recursive = false});
  if (!listed.ok()) {
    return listed.status().WithContext("list the log of table '", table_name_, "'");
  }
  std::vector<int64_t> versions;
  for (const storage::FileInfo& info : *listed) {
    if (info.is_dir) continue;
    LogFileName name = ParseLogFileName(BaseName(info.path));
    if (name.kind != LogFileKind::kCommit) continue;
    if (name.version < from || name.version > to) continue;
    versions.push_back(name.version);
  }
  // Listing is sorted by name; unpadded names ("7.json") would sort differently.
  std::sort(versions.begin(), versions.end());
  versions.erase(std::unique(versions.begin(), versions.end()), versions.end());
  return versions;
}

Result<std::string> LogStore::ReadCommit(int64_t version) const {
  if (version < 0) {
    return Status::InvalidArgument("invalid version ", version, " of table '", table_name_, "'");
  }
  std::string path = CommitPath(version);
  Result<std::string> content = fs_->ReadFile(path);
  if (content.ok()) return content;
  if (content.status().IsNotFound()) {
    return Status::NotFound("version ", version, " of table '", table_name_, "' does not exist (",
                            path, ")");
  }
  return VersionError(content.status(), "read", version);
}

Result<std::vector<Action>> LogStore::ReadCommitActions(int64_t version) const {
  INGOT_ASSIGN_OR_RAISE(std::string content, ReadCommit(version));
  Result<std::vector<Action>> actions = ParseCommit(content, version);
  if (!actions.ok()) return actions.status().WithContext("table '", table_name_, "'");
  return actions;
}

Status LogStore::WriteCommit(int64_t version, std::string_view ndjson) const {
  if (version < 0) {
    return Status::InvalidArgument("invalid version ", version, " of table '", table_name_, "'");
  }
  if (!fs_->capabilities().atomic_put_if_absent) {
    return Status::NotImplemented(
        "cannot commit to table '", table_name_, "': file system ", fs_->type_name(),
        " has no atomic put-if-absent, so concurrent writers could overwrite each other's commits");
  }
  std::string path = CommitPath(version);
  Status status = fs_->PutIfAbsent(path, ndjson);
  if (status.ok()) return status;
  if (status.IsAlreadyExists()) {
    return Status::AlreadyExists("version ", version, " of table '", table_name_,
                                 "' already exists (", path, ")");
  }
  return VersionError(status, "write", version);
}

Result<int64_t> LogStore::CommitModificationTime(int64_t version) const {
  std::string path = CommitPath(version);
  Result<storage::FileInfo> info = fs_->GetFileInfo(path);
  if (info.ok()) return info->mtime_millis;
  if (info.status().IsNotFound()) {
    return Status::NotFound("version ", version, " of table '", table_name_, "' does not exist (",
                            path, ")");
  }
  return VersionError(info.status(), "stat", version);
}

Result<std::optional<CommitInfo>> LogStore::ReadCommitInfo(int64_t version) const {
  INGOT_ASSIGN_OR_RAISE(std::string content, ReadCommit(version));
  // Parse only the lines that can hold a commitInfo: a commit may carry many thousands of adds.
  std::string_view rest = content;
  while (!rest.empty()) {
    size_t end = rest.find('\n');
    std::string_view line = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    if (line.find("\"commitInfo\"") == std::string_view::npos) continue;
    Result<std::vector<Action>> parsed = ParseCommit(line, version);
    if (!parsed.ok()) return parsed.status().WithContext("table '", table_name_, "'");
    if (const CommitInfo* info = FindCommitInfo(*parsed)) return std::optional<CommitInfo>(*info);
  }
  return std::optional<CommitInfo>();
}

Result<int64_t> LogStore::CommitTimestamp(int64_t version) const {
  INGOT_ASSIGN_OR_RAISE(std::optional<CommitInfo> info, ReadCommitInfo(version));
  if (info) {
    if (std::optional<int64_t> ts = CommitInfoTimestamp(*info)) return *ts;
  }
  // No commitInfo, or one without timestamps: fall back to the file time.
  return CommitModificationTime(version);
}

const CommitInfo* FindCommitInfo(const std::vector<Action>& actions) {
  for (const Action& action : actions) {
    if (const auto* info = std::get_if<CommitInfo>(&action)) return info;
  }
  return nullptr;
}

std::optional<int64_t> CommitInfoTimestamp(const CommitInfo& info) {
  if (info.in_commit_timestamp.has_value()) return info.in_commit_timestamp;
  return info.timestamp;
}

}  // namespace ingot::delta
