#include "delta/snapshot/log_replay.h"

#include <type_traits>
#include <utility>
#include <variant>

namespace ingot::delta {

Status LogReplay::ApplyCheckpoint(int64_t version, std::vector<Action> actions) {
  if (version_.has_value()) {
    return Status::InvalidArgument("log replay: checkpoint ", version, " applied after version ",
                                   *version_);
  }
  if (version < 0) return Status::InvalidArgument("log replay: invalid checkpoint ", version);
  Apply(&actions);
  version_ = version;
  checkpoint_version_ = version;
  return Status::OK();
}

Status LogReplay::ApplyCommit(int64_t version, std::vector<Action> actions) {
  int64_t expected = version_.has_value() ? *version_ + 1 : 0;
  if (version != expected) {
    return Status::InvalidArgument("log replay: commit ", version, " applied where version ",
                                   expected, " was expected");
  }
  Apply(&actions);
  version_ = version;
  return Status::OK();
}

void LogReplay::Apply(std::vector<Action>* actions) {
  for (Action& action : *actions) {
    std::visit(
        [this](auto&& value) {
          using T = std::decay_t<decltype(value)>;
          if constexpr (std::is_same_v<T, Protocol>) {
            protocol_ = std::move(value);
          } else if constexpr (std::is_same_v<T, Metadata>) {
            metadata_ = std::move(value);
          } else if constexpr (std::is_same_v<T, Add>) {
            value.data_change = false;  // a property of the commit, not of the state
            FileKey key = value.Key();
            tombstones_.erase(key);
            files_.insert_or_assign(std::move(key), std::move(value));
          } else if constexpr (std::is_same_v<T, Remove>) {
            value.data_change = false;
            FileKey key = value.Key();
            files_.erase(key);
            tombstones_.insert_or_assign(std::move(key), std::move(value));
          } else if constexpr (std::is_same_v<T, Txn>) {
            std::string app_id = value.app_id;
            transactions_.insert_or_assign(std::move(app_id), std::move(value));
          } else if constexpr (std::is_same_v<T, DomainMetadata>) {
            if (value.removed) {
              domains_.erase(value.domain);
            } else {
              std::string domain = value.domain;
              domains_.insert_or_assign(std::move(domain), std::move(value));
            }
          }
          // commitInfo, cdc, checkpointMetadata, sidecar: no state.
        },
        std::move(action));
  }
}

Result<std::shared_ptr<const Snapshot>> LogReplay::Finish(int64_t timestamp_millis) {
  if (!version_.has_value()) return Status::InvalidArgument("log replay: nothing was applied");
  if (!protocol_.has_value()) {
    return Status::Corruption("No protocol found in the log up to version ", *version_);
  }
  if (!metadata_.has_value()) {
    return Status::Corruption("No metadata found in the log up to version ", *version_);
  }
  SnapshotState state;
  state.version = *version_;
  state.timestamp_millis = timestamp_millis;
  state.checkpoint_version = checkpoint_version_;
  state.protocol = *protocol_;  // a copy: moving the optional trips GCC 12 -Wmaybe-uninitialized
  state.metadata = std::move(*metadata_);
  state.files.reserve(files_.size());
  for (auto& [key, add] : files_) state.files.push_back(std::move(add));
  state.tombstones.reserve(tombstones_.size());
  for (auto& [key, remove] : tombstones_) state.tombstones.push_back(std::move(remove));
  state.transactions = std::move(transactions_);
  state.domains = std::move(domains_);
  *this = LogReplay();
  return Snapshot::Make(std::move(state));
}

}  // namespace ingot::delta
