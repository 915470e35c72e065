#include "delta/txn/txn_test_util.h"

#include <gtest/gtest.h>

namespace ingot::delta::testing {

MemoryTable::MemoryTable(Clock* clock)
    : fs(std::make_shared<storage::MemoryFileSystem>(
          storage::MemoryFileSystemOptions{.clock = clock})),
      store(fs, "t") {}

Protocol TestProtocol() { return Protocol{.min_reader_version = 1, .min_writer_version = 2}; }

Metadata TestMetadata(std::map<std::string, std::string> configuration) {
  Metadata metadata;
  metadata.id = "5fba94ed-9794-4965-ba6e-6ee3c0d22af9";
  metadata.schema_string =
      R"({"type":"struct","fields":[{"name":"id","type":"long","nullable":true,"metadata":{}}]})";
  metadata.configuration = std::move(configuration);
  metadata.created_time = 1700000000000;
  return metadata;
}

Add TestAdd(const std::string& path, bool data_change) {
  Add add;
  add.path = path;
  add.size = 100;
  add.modification_time = 1700000000000;
  add.data_change = data_change;
  return add;
}

Remove TestRemove(const std::string& path) {
  Remove remove;
  remove.path = path;
  remove.deletion_timestamp = 1700000000000;
  return remove;
}

CommitRequest CreateTableRequest() {
  CommitRequest request;
  request.actions = {TestProtocol(), TestMetadata()};
  request.operation = "CREATE TABLE";
  request.operation_parameters = {{"mode", "\"ErrorIfExists\""}, {"partitionBy", "\"[]\""}};
  return request;
}

CommitRequest BlindAppendRequest(int64_t read_version, const std::vector<std::string>& paths) {
  CommitRequest request;
  request.read_version = read_version;
  for (const std::string& path : paths) request.actions.push_back(TestAdd(path));
  request.operation = "WRITE";
  request.operation_parameters = {{"mode", "\"Append\""}};
  request.is_blind_append = true;
  return request;
}

void CreateTable(LogStore& store) {
  Result<CommitResult> created = Commit(store, CreateTableRequest());
  ASSERT_TRUE(created.ok()) << created.status();
  ASSERT_EQ(created->version, 0);
}

std::vector<Action> ReadActions(const LogStore& store, int64_t version) {
  Result<std::vector<Action>> actions = store.ReadCommitActions(version);
  if (!actions.ok()) {
    ADD_FAILURE() << "reading version " << version << ": " << actions.status();
    return {};
  }
  return *actions;
}

CommitInfo ReadCommitInfo(const LogStore& store, int64_t version) {
  std::vector<Action> actions = ReadActions(store, version);
  const CommitInfo* info = FindCommitInfo(actions);
  if (info == nullptr) {
    ADD_FAILURE() << "version " << version << " has no commitInfo";
    return {};
  }
  return *info;
}

std::vector<std::string> AllAddedPaths(const LogStore& store) {
  std::vector<std::string> paths;
  Result<std::optional<int64_t>> latest = store.LatestVersion();
  if (!latest.ok() || !latest->has_value()) {
    ADD_FAILURE() << "no table: " << latest.status();
    return paths;
  }
  for (int64_t version = 0; version <= **latest; ++version) {
    for (const Action& action : ReadActions(store, version)) {
      if (const auto* add = std::get_if<Add>(&action)) paths.push_back(add->path);
    }
  }
  return paths;
}

CommitOptions RaceOptions() {
  CommitOptions options;
  options.max_attempts = 1000;
  options.unavailable_backoff_millis = 0;
  return options;
}

}  // namespace ingot::delta::testing
