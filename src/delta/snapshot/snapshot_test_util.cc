#include "delta/snapshot/snapshot_test_util.h"

#include <filesystem>
#include <system_error>

#include <sys/time.h>

#include <gtest/gtest.h>

#include "common/uri.h"
#include "delta/log/actions_codec.h"
#include "delta/log/log_file_names.h"

namespace ingot::delta::testing {

namespace fs = std::filesystem;

std::string GoldenTablePath(const std::string& table) {
  return (fs::path(INGOT_DELTA_GOLDEN_DIR) / table).string();
}

bool GoldenTableExists(const std::string& table) {
  std::error_code error;
  return fs::is_directory(GoldenTablePath(table), error);
}

std::string CopyGoldenTable(const std::string& table, const std::string& dest_dir) {
  fs::path source = GoldenTablePath(table);
  fs::path dest = fs::path(dest_dir) / table;
  std::error_code error;
  fs::create_directories(dest, error);
  if (error) {
    ADD_FAILURE() << "create " << dest << ": " << error.message();
    return "";
  }
  for (auto it = fs::recursive_directory_iterator(source, error);
       !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
    fs::path target = dest / fs::relative(it->path(), source);
    if (it->is_directory()) {
      fs::create_directories(target, error);
    } else {
      fs::copy_file(it->path(), target, fs::copy_options::overwrite_existing, error);
      if (!error) {
        fs::permissions(target, fs::perms::owner_read | fs::perms::owner_write,
                        fs::perm_options::add, error);
      }
    }
    if (error) break;
  }
  if (!error) {
    for (auto it = fs::recursive_directory_iterator(dest, error);
         !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
      if (it->is_directory())
        fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, error);
    }
  }
  if (error) {
    ADD_FAILURE() << "copy golden table " << table << ": " << error.message();
    return "";
  }
  return dest.string();
}

void SetMtimeMillis(const std::string& path, int64_t millis) {
  struct timeval times[2];
  times[0].tv_sec = times[1].tv_sec = millis / 1000;
  times[0].tv_usec = times[1].tv_usec = (millis % 1000) * 1000;
  ASSERT_EQ(::utimes(path.c_str(), times), 0) << "utimes " << path;
}

std::unique_ptr<duck::Connection> NewConnection() {
  static duck::Database* database = [] {
    Result<std::unique_ptr<duck::Database>> db = duck::Database::Open({.threads = 1});
    if (!db.ok()) {
      ADD_FAILURE() << "open DuckDB: " << db.status();
      return static_cast<duck::Database*>(nullptr);
    }
    return db.MoveValueUnsafe().release();
  }();
  if (database == nullptr) return nullptr;
  Result<std::unique_ptr<duck::Connection>> con = database->Connect();
  if (!con.ok()) {
    ADD_FAILURE() << "connect to DuckDB: " << con.status();
    return nullptr;
  }
  return con.MoveValueUnsafe();
}

Protocol TestProtocol(int32_t reader, int32_t writer) {
  return Protocol{.min_reader_version = reader, .min_writer_version = writer};
}

Metadata TestMetadata(bool partitioned) {
  Metadata metadata;
  metadata.id = "00000000-0000-0000-0000-000000000001";
  metadata.schema_string =
      R"({"type":"struct","fields":[{"name":"id","type":"long","nullable":true,"metadata":{}},)"
      R"({"name":"part","type":"string","nullable":true,"metadata":{}}]})";
  if (partitioned) metadata.partition_columns = {"part"};
  metadata.created_time = 1700000000000;
  return metadata;
}

Add TestAdd(const std::string& path, int64_t size, const std::string& part) {
  Add add;
  add.path = path;
  if (!part.empty()) add.partition_values["part"] = part;
  add.size = size;
  add.modification_time = 1700000000000;
  add.data_change = true;
  add.stats = R"({"numRecords":1,"minValues":{"id":1},"maxValues":{"id":1},"nullCount":{"id":0}})";
  return add;
}

Remove TestRemove(const std::string& path, int64_t deletion_timestamp) {
  Remove remove;
  remove.path = path;
  remove.deletion_timestamp = deletion_timestamp;
  remove.data_change = true;
  remove.extended_file_metadata = true;
  remove.size = 100;
  remove.partition_values = PartitionValues{};
  return remove;
}

CommitInfo TestCommitInfo(const std::string& operation, int64_t timestamp) {
  CommitInfo info;
  info.timestamp = timestamp;
  info.operation = operation;
  info.operation_parameters = JsonFields{{"mode", "\"Append\""}};
  info.operation_metrics = JsonFields{{"numFiles", "\"1\""}};
  return info;
}

void WriteCommit(storage::FileSystem& fs, const std::string& root, int64_t version,
                 const std::vector<Action>& actions) {
  std::string path = JoinPath(JoinPath(root, kDeltaLogDirName), CommitFileName(version));
  Status status = fs.PutIfAbsent(path, SerializeCommit(actions));
  ASSERT_TRUE(status.ok()) << "write commit " << version << ": " << status;
}

std::vector<std::string> Paths(const std::vector<Add>& files) {
  std::vector<std::string> paths;
  for (const Add& add : files) paths.push_back(add.path);
  return paths;
}

}  // namespace ingot::delta::testing
