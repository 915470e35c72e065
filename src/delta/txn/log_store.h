#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "common/status.h"
#include "delta/log/actions.h"
#include "storage/type_fwd.h"

namespace ingot::delta {

// A table's `_delta_log/` directory on a storage::FileSystem: lists versions, reads commits and
// creates new ones atomically. It holds no cache and no state besides its arguments, so several
// LogStores (threads, processes) may work on one table at once; the only synchronisation between
// writers is FileSystem::PutIfAbsent on the commit file.
//
// Errors name the table (its URI where the file system has one, see table_name()) and, where one
// is involved, the version. Thread-safe.
class LogStore {
 public:
  // `fs` must not be null; it is shared. `table_root` is the table's directory in `fs`'s own
  // namespace ("/data/t" on a LocalFileSystem, "t" on a MemoryFileSystem, "" for the root of a
  // SubTreeFileSystem); it need not exist yet.
  LogStore(std::shared_ptr<storage::FileSystem> fs, std::string table_root);

  const std::shared_ptr<storage::FileSystem>& file_system() const { return fs_; }
  const std::string& table_root() const { return table_root_; }
  // How errors and logs name the table: fs->ToUri(table_root), or "<type>:<root>" when the
  // file system has no URI for it.
  const std::string& table_name() const { return table_name_; }

  // `<root>/_delta_log` and `<root>/_delta_log/<20-digit version>.json`.
  std::string LogDir() const;
  std::string CommitPath(int64_t version) const;

  // The table's newest version, or nullopt when there is no table (no `_delta_log/` or nothing
  // in it that names a version). Evidence of a version: a commit file, a complete checkpoint
  // (every part of a multi-part one) and a readable `_last_checkpoint`, so that a table whose old
  // commits were cleaned up is still found. A malformed `_last_checkpoint` is ignored (it is only
  // a hint). Lists the log directory once.
  Result<std::optional<int64_t>> LatestVersion() const;

  // Versions v with from <= v <= to that have a commit file, ascending. Does not check that they
  // are contiguous (log replay does). kInvalidArgument when from < 0 or to < from.
  Result<std::vector<int64_t>> ListCommitVersions(
      int64_t from, int64_t to = std::numeric_limits<int64_t>::max()) const;

  // The newline-delimited JSON of commit `version`. kNotFound, naming the table and the version,
  // when there is no such commit; other storage errors with that context added.
  Result<std::string> ReadCommit(int64_t version) const;

  // ReadCommit parsed with ParseCommit (kCorruption names the version and line).
  Result<std::vector<Action>> ReadCommitActions(int64_t version) const;

  // The commitInfo of commit `version` (parsing only the line that holds it), or nullopt when
  // the commit has none. Errors as ReadCommit, or kCorruption for a malformed commitInfo line.
  Result<std::optional<CommitInfo>> ReadCommitInfo(int64_t version) const;

  // Creates commit `version` with `ndjson` only if nobody has: kAlreadyExists (naming the table
  // and version) when the version is taken, which means "lost the race", distinct from every
  // other error. Any other error is ambiguous: the commit may or may not have been written (a
  // lost response); callers find out with ReadCommit. kNotImplemented when the file system cannot
  // put-if-absent atomically (capabilities().atomic_put_if_absent), because racing writers could
  // then overwrite each other's commits. kInvalidArgument for a negative version.
  Status WriteCommit(int64_t version, std::string_view ndjson) const;

  // When commit `version` happened, in ms since the epoch: commitInfo.inCommitTimestamp if the
  // commit has one, else commitInfo.timestamp, else the file's modification time. Only the lines
  // holding a commitInfo are parsed. kNotFound as for ReadCommit.
  Result<int64_t> CommitTimestamp(int64_t version) const;

  // The commit file's modification time (ms since the epoch). kNotFound as for ReadCommit.
  Result<int64_t> CommitModificationTime(int64_t version) const;

 private:
  // `status` with "table <name> version <v>" context.
  Status VersionError(const Status& status, std::string_view what, int64_t version) const;

  std::shared_ptr<storage::FileSystem> fs_;
  std::string table_root_;
  std::string table_name_;
};

// The first commitInfo among `actions`, or nullptr.
const CommitInfo* FindCommitInfo(const std::vector<Action>& actions);

// commitInfo.inCommitTimestamp, else commitInfo.timestamp, else nullopt.
std::optional<int64_t> CommitInfoTimestamp(const CommitInfo& info);

}  // namespace ingot::delta
