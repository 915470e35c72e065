#include "delta/snapshot/snapshot.h"

#include <algorithm>
#include <utility>

namespace ingot::delta {
namespace {

template <typename FileAction>
void SortByKey(std::vector<FileAction>* actions) {
  // Paths decide almost always; the DV id (built on demand) only breaks ties.
  std::sort(actions->begin(), actions->end(), [](const FileAction& a, const FileAction& b) {
    int order = a.path.compare(b.path);
    if (order != 0) return order < 0;
    return a.Key() < b.Key();
  });
}

}  // namespace

Result<std::shared_ptr<const Snapshot>> Snapshot::Make(SnapshotState state) {
  std::shared_ptr<Snapshot> snapshot(new Snapshot(std::move(state)));
  SnapshotState& s = snapshot->state_;
  if (s.metadata.schema_string.empty()) {
    snapshot->schema_ = DataType::Struct({});
  } else {
    Result<DataType> schema = ParseSchema(s.metadata.schema_string);
    if (!schema.ok()) {
      return schema.status().WithContext("metaData.schemaString of version ", s.version);
    }
    snapshot->schema_ = std::move(*schema);
  }
  SortByKey(&s.files);
  SortByKey(&s.tombstones);
  snapshot->file_index_.reserve(s.files.size());
  for (size_t i = 0; i < s.files.size(); ++i) {
    auto [it, inserted] = snapshot->file_index_.emplace(s.files[i].Key(), i);
    if (!inserted) {
      return Status::Corruption("version ", s.version, " lists the file '", s.files[i].path,
                                "' twice");
    }
    snapshot->total_size_ += s.files[i].size;
  }
  return std::shared_ptr<const Snapshot>(std::move(snapshot));
}

std::optional<std::string> Snapshot::Config(std::string_view key) const {
  auto it = state_.metadata.configuration.find(std::string(key));
  if (it == state_.metadata.configuration.end()) return std::nullopt;
  return it->second;
}

const Add* Snapshot::FindFile(const FileKey& key) const {
  auto it = file_index_.find(key);
  return it == file_index_.end() ? nullptr : &state_.files[it->second];
}

std::optional<int64_t> Snapshot::TxnVersion(std::string_view app_id) const {
  auto it = state_.transactions.find(std::string(app_id));
  if (it == state_.transactions.end()) return std::nullopt;
  return it->second.version;
}

std::optional<std::string> Snapshot::DomainConfiguration(std::string_view domain) const {
  auto it = state_.domains.find(std::string(domain));
  if (it == state_.domains.end()) return std::nullopt;
  return it->second.configuration;
}

}  // namespace ingot::delta
