#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/result.h"
#include "delta/log/actions.h"
#include "delta/log/schema.h"

// The state of a Delta table at one version, as log replay reconstructs it (PROTOCOL.md "Action
// Reconciliation"). Immutable once built, so one Snapshot may be shared by any number of threads.
namespace ingot::delta {

// Everything a Snapshot holds, as plain data. LogReplay fills it; tests may build one by hand.
struct SnapshotState {
  int64_t version = 0;
  // When the version was committed (ms since the epoch): commitInfo.inCommitTimestamp when
  // in-commit timestamps are enabled at this version, else the commit file's modification time.
  int64_t timestamp_millis = 0;
  // The checkpoint the state was loaded from, or nullopt when replayed from version 0.
  std::optional<int64_t> checkpoint_version;
  Protocol protocol;
  Metadata metadata;
  // The live add actions (any order; the Snapshot sorts them by FileKey).
  std::vector<Add> files;
  // The live remove actions: files deleted logically but kept for VACUUM and time travel.
  std::vector<Remove> tombstones;
  // The latest txn per appId.
  std::map<std::string, Txn> transactions;
  // The latest domainMetadata per domain, without removed domains.
  std::map<std::string, DomainMetadata> domains;
};

class Snapshot {
 public:
  // Builds a snapshot from `state`: parses the schema (an empty schemaString gives an empty
  // struct) and sorts files and tombstones by FileKey. kCorruption (naming the version) when the
  // schema cannot be parsed or two files share a FileKey.
  static Result<std::shared_ptr<const Snapshot>> Make(SnapshotState state);

  int64_t version() const { return state_.version; }
  int64_t timestamp_millis() const { return state_.timestamp_millis; }
  std::optional<int64_t> checkpoint_version() const { return state_.checkpoint_version; }
  const Protocol& protocol() const { return state_.protocol; }
  const Metadata& metadata() const { return state_.metadata; }
  // metaData.schemaString parsed (a struct).
  const DataType& schema() const { return schema_; }
  // metaData.partitionColumns, in directory order.
  const std::vector<std::string>& partition_columns() const {
    return state_.metadata.partition_columns;
  }
  // metaData.configuration[key], or nullopt.
  std::optional<std::string> Config(std::string_view key) const;

  // The table's data files at this version, sorted by FileKey (path, then DV id), so that two
  // snapshots of the same state list them identically however they were loaded.
  const std::vector<Add>& files() const { return state_.files; }
  // The live add with this key, or nullptr.
  const Add* FindFile(const FileKey& key) const;
  // Sum of files()[i].size.
  int64_t total_size() const { return total_size_; }

  // Removed files not yet re-added, sorted by FileKey.
  const std::vector<Remove>& tombstones() const { return state_.tombstones; }

  // The latest txn action per appId.
  const std::map<std::string, Txn>& transactions() const { return state_.transactions; }
  // The latest version committed by `app_id` (txn.version), or nullopt when it never committed.
  std::optional<int64_t> TxnVersion(std::string_view app_id) const;

  // Live domain metadata per domain (removed domains are not listed).
  const std::map<std::string, DomainMetadata>& domains() const { return state_.domains; }
  // The configuration of `domain`, or nullopt when the domain is absent or removed.
  std::optional<std::string> DomainConfiguration(std::string_view domain) const;

 private:
  explicit Snapshot(SnapshotState state) : state_(std::move(state)) {}

  SnapshotState state_;
  DataType schema_;
  std::unordered_map<FileKey, size_t, FileKeyHash> file_index_;
  int64_t total_size_ = 0;
};

}  // namespace ingot::delta
