#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/result.h"
#include "delta/log/actions.h"
#include "delta/snapshot/snapshot.h"

namespace ingot::delta {

// Log replay without I/O: feed it a checkpoint's actions and then the commits after it, in
// version order, and it reconciles them (PROTOCOL.md "Action Reconciliation"):
//   - the latest protocol and metaData win;
//   - files are keyed by (path, DV unique id) and the newest add or remove of a key wins; live
//     adds are the table's files, live removes its tombstones; both are kept with
//     dataChange=false (as Spark's replay does), so a state loaded from a checkpoint and the
//     same state replayed from JSON commits are equal;
//   - the latest txn per appId and the latest domainMetadata per domain win (a removed domain is
//     dropped);
//   - commitInfo, cdc, checkpointMetadata and sidecar actions do not change the state.
// Not thread-safe; one replay builds one snapshot.
class LogReplay {
 public:
  LogReplay() = default;

  // Applies the actions of a checkpoint taken at `version`. Must come first, at most once.
  Status ApplyCheckpoint(int64_t version, std::vector<Action> actions);

  // Applies commit `version`. Versions must be contiguous: one more than the previous commit or
  // the checkpoint, or 0 for the first commit without a checkpoint (kInvalidArgument otherwise,
  // a programmer error: the loader checks the log first).
  Status ApplyCommit(int64_t version, std::vector<Action> actions);

  // The last version applied, or nullopt before the first Apply.
  std::optional<int64_t> version() const { return version_; }
  // The protocol in effect so far (nullptr when none was seen).
  const Protocol* protocol() const { return protocol_ ? &*protocol_ : nullptr; }
  // The metaData in effect so far (nullptr when none was seen).
  const Metadata* metadata() const { return metadata_ ? &*metadata_ : nullptr; }

  // The snapshot at the last applied version, stamped with `timestamp_millis`. kCorruption
  // ("No protocol found" / "No metadata found", naming the version) when the state lacks either.
  // Leaves the replay empty.
  Result<std::shared_ptr<const Snapshot>> Finish(int64_t timestamp_millis);

 private:
  void Apply(std::vector<Action>* actions);

  std::optional<int64_t> version_;
  std::optional<int64_t> checkpoint_version_;
  std::optional<Protocol> protocol_;
  std::optional<Metadata> metadata_;
  std::unordered_map<FileKey, Add, FileKeyHash> files_;
  std::unordered_map<FileKey, Remove, FileKeyHash> tombstones_;
  std::map<std::string, Txn> transactions_;
  std::map<std::string, DomainMetadata> domains_;
};

}  // namespace ingot::delta
