// The checkpoint writer and reader: round trips through Parquet (local and in-memory file
// systems), the Spark checkpoint schema, multi-part and V2 checkpoints, _last_checkpoint.

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/clock.h"
#include "common/uri.h"
#include "delta/log/checkpoint_reader.h"
#include "delta/log/checkpoint_writer.h"
#include "delta/log/last_checkpoint.h"
#include "delta/log/log_file_names.h"
#include "delta/snapshot/snapshot_loader.h"
#include "delta/snapshot/snapshot_test_util.h"
#include "duck/connection.h"
#include "duck/query_result.h"
#include "storage/local_fs.h"
#include "storage/memory_fs.h"
#include "storage/storage_test_util.h"

namespace ingot::delta {
namespace {

using ::ingot::delta::testing::CopyGoldenTable;
using ::ingot::delta::testing::GoldenTableExists;
using ::ingot::delta::testing::GoldenTablePath;
using ::ingot::delta::testing::NewConnection;
using ::ingot::delta::testing::TestAdd;
using ::ingot::delta::testing::TestCommitInfo;
using ::ingot::delta::testing::TestMetadata;
using ::ingot::delta::testing::TestProtocol;
using ::ingot::delta::testing::TestRemove;
using ::ingot::delta::testing::WriteCommit;
using ::testing::HasSubstr;

constexpr int64_t kNow = 1700000100000;

// Every field the log can carry, so that a round trip through Parquet is checked field by field.
Add RichAdd(const std::string& path, int64_t version) {
  Add add =
      TestAdd(path, 1000 + version, version % 3 == 0 ? "" : "p" + std::to_string(version % 3));
  if (version % 3 == 0) add.partition_values["part"] = std::nullopt;  // a null partition value
  add.tags = {{"INSERTION_TIME", std::to_string(version)}, {"k", "v"}};
  add.base_row_id = version * 100;
  add.default_row_commit_version = version;
  if (version % 4 == 1) add.clustering_provider = "liquid";
  if (version % 5 == 2) {
    add.deletion_vector = DeletionVectorDescriptor{.storage_type = "u",
                                                   .path_or_inline_dv = "ab^-aqEH.-t@S}K{vb[*k^",
                                                   .offset = 1,
                                                   .size_in_bytes = 36,
                                                   .cardinality = version,
                                                   .max_row_index = 99};
  }
  if (version % 7 == 3) add.stats.reset();
  return add;
}

// A partitioned table with `commits` commits after version 0: adds, removes, re-adds, txns,
// domain metadata, a metadata change and a protocol upgrade. Deletion times are near kNow.
void BuildRichTable(storage::FileSystem& fs, const std::string& root, int64_t last_version) {
  Protocol protocol = TestProtocol(1, 2);
  Metadata metadata = TestMetadata(/*partitioned=*/true);
  metadata.name = "rich";
  metadata.description = "every field";
  metadata.format.options = {{"compression", "snappy"}};
  metadata.configuration = {{"delta.checkpointInterval", "10"}};
  WriteCommit(fs, root, 0,
              {TestCommitInfo("CREATE TABLE", kNow), protocol, metadata, RichAdd("f0", 0)});
  for (int64_t v = 1; v <= last_version; ++v) {
    std::vector<Action> actions = {TestCommitInfo("WRITE", kNow + v)};
    actions.push_back(RichAdd("f" + std::to_string(v), v));
    if (v % 3 == 0) {
      Remove remove = TestRemove("f" + std::to_string(v - 2), kNow - 1000 + v);
      remove.partition_values = PartitionValues{{"part", "x"}, {"other", std::nullopt}};
      remove.base_row_id = 7;
      actions.push_back(remove);
    }
    if (v % 8 == 0) actions.push_back(RichAdd("f" + std::to_string(v - 4), v));  // re-add
    if (v % 4 == 0)
      actions.push_back(
          Txn{.app_id = "app" + std::to_string(v % 3), .version = v, .last_updated = v});
    if (v % 5 == 0) {
      actions.push_back(DomainMetadata{.domain = "d" + std::to_string(v % 2),
                                       .configuration = "{\"v\":" + std::to_string(v) + "}"});
    }
    if (v == 17)
      actions.push_back(DomainMetadata{.domain = "d0", .configuration = "", .removed = true});
    if (v == 12) {
      Metadata changed = metadata;
      changed.configuration["delta.appendOnly"] = "false";
      changed.configuration["delta.deletedFileRetentionDuration"] = "interval 30 days";
      actions.push_back(changed);
    }
    if (v == 6) {
      Protocol upgraded = TestProtocol(3, 7);
      upgraded.reader_features = std::set<std::string>{"timestampNtz"};
      upgraded.writer_features = std::set<std::string>{"timestampNtz", "domainMetadata"};
      actions.push_back(upgraded);
    }
    WriteCommit(fs, root, v, actions);
  }
}

void ExpectSameState(const Snapshot& a, const Snapshot& b) {
  EXPECT_EQ(a.version(), b.version());
  EXPECT_EQ(a.timestamp_millis(), b.timestamp_millis());
  EXPECT_EQ(a.protocol(), b.protocol());
  EXPECT_EQ(a.metadata(), b.metadata());
  EXPECT_EQ(a.transactions(), b.transactions());
  EXPECT_EQ(a.domains(), b.domains());
  ASSERT_EQ(a.files().size(), b.files().size());
  for (size_t i = 0; i < a.files().size(); ++i) EXPECT_EQ(a.files()[i], b.files()[i]) << i;
  ASSERT_EQ(a.tombstones().size(), b.tombstones().size());
  for (size_t i = 0; i < a.tombstones().size(); ++i) {
    EXPECT_EQ(a.tombstones()[i], b.tombstones()[i]) << i;
  }
}

class delta_SnapshotCheckpoint : public ::testing::Test {
 protected:
  delta_SnapshotCheckpoint() : clock_(kNow * 1000), con_(NewConnection()) {}

  Result<std::shared_ptr<const Snapshot>> Load(std::shared_ptr<storage::FileSystem> fs,
                                               const std::string& root,
                                               std::optional<int64_t> version = std::nullopt) {
    return LoadSnapshot(std::move(fs), root, con_.get(),
                        {.version = version, .skip_protocol_check = true});
  }
  CheckpointWriteOptions Options() { return {.clock = &clock_}; }

  ManualClock clock_;
  std::unique_ptr<duck::Connection> con_;
  storage::testing::ScopedTempDir temp_;
};

TEST_F(delta_SnapshotCheckpoint, CheckpointPlus25CommitsEqualsJsonReplay) {
  auto fs = std::make_shared<storage::MemoryFileSystem>();
  BuildRichTable(*fs, "t", 35);
  ASSERT_OK_AND_ASSIGN(auto v10, Load(fs, "t", 10));
  ASSERT_OK_AND_ASSIGN(LastCheckpoint written,
                       WriteCheckpoint(*v10, *fs, "t", con_.get(), Options()));
  EXPECT_EQ(written.version, 10);
  EXPECT_EQ(written.num_of_add_files, static_cast<int64_t>(v10->files().size()));
  EXPECT_EQ(written.size,
            static_cast<int64_t>(2 + v10->transactions().size() + v10->domains().size() +
                                 v10->files().size() + v10->tombstones().size()));
  ASSERT_TRUE(written.size_in_bytes.has_value());
  ASSERT_OK_AND_ASSIGN(std::string hint_text, fs->ReadFile("t/_delta_log/_last_checkpoint"));
  EXPECT_EQ(*LastCheckpoint::Parse(hint_text), written);

  ASSERT_OK_AND_ASSIGN(auto from_checkpoint, Load(fs, "t"));
  ASSERT_OK_AND_ASSIGN(auto at_checkpoint, Load(fs, "t", 10));
  EXPECT_EQ(from_checkpoint->checkpoint_version(), 10);
  EXPECT_EQ(from_checkpoint->version(), 35);

  ASSERT_OK(fs->Delete("t/_delta_log/" + CheckpointFileName(10)));
  ASSERT_OK_AND_ASSIGN(auto replayed, Load(fs, "t"));
  ASSERT_OK_AND_ASSIGN(auto replayed10, Load(fs, "t", 10));
  EXPECT_EQ(replayed->checkpoint_version(), std::nullopt);
  ExpectSameState(*from_checkpoint, *replayed);
  ExpectSameState(*at_checkpoint, *replayed10);
  ExpectSameState(*v10, *at_checkpoint);
  EXPECT_EQ(replayed->DomainConfiguration("d0"), "{\"v\":30}");  // removed at 17, set at 20
  EXPECT_EQ(replayed->DomainConfiguration("d1"), "{\"v\":35}");
  ASSERT_OK_AND_ASSIGN(auto v18, Load(fs, "t", 18));
  EXPECT_EQ(v18->DomainConfiguration("d0"), std::nullopt);
  EXPECT_GT(replayed->tombstones().size(), 0u);
}

TEST_F(delta_SnapshotCheckpoint, WrittenCheckpointHasSparksSchema) {
  if (!GoldenTableExists("checkpoint"))
    GTEST_FAIL() << "golden table checkpoint is missing (tests/data/delta-golden)";
  std::string root = CopyGoldenTable("checkpoint", temp_.path());
  ASSERT_FALSE(root.empty());
  auto fs =
      std::make_shared<storage::LocalFileSystem>(storage::LocalFileSystemOptions{.durable = false});
  ASSERT_OK_AND_ASSIGN(auto latest, Load(fs, root));
  ASSERT_EQ(latest->version(), 14);
  // The golden tombstones are from 2023: keep them all.
  CheckpointWriteOptions options = Options();
  options.tombstone_retention_millis = 100LL * 365 * 24 * 3600 * 1000;
  ASSERT_OK_AND_ASSIGN(LastCheckpoint written,
                       WriteCheckpoint(*latest, *fs, root, con_.get(), options));
  EXPECT_EQ(written.size, 2 + 1 + 14);
  EXPECT_EQ(written.num_of_add_files, 1);

  std::string ours = JoinPath(root, "_delta_log/" + CheckpointFileName(14));
  std::string spark = JoinPath(root, "_delta_log/" + CheckpointFileName(10));
  auto columns = [&](const std::string& path) {
    std::map<std::string, duck::ColumnType> types;
    Result<std::unique_ptr<duck::QueryResult>> result =
        con_->Query("SELECT * FROM read_parquet(" + duck::QuoteLiteral(path) + ") LIMIT 0");
    EXPECT_TRUE(result.ok()) << result.status();
    if (!result.ok()) return types;
    for (size_t i = 0; i < (*result)->column_count(); ++i) {
      types[(*result)->ColumnName(i)] = (*result)->GetColumnType(i);
    }
    return types;
  };
  std::map<std::string, duck::ColumnType> ours_types = columns(ours);
  std::map<std::string, duck::ColumnType> spark_types = columns(spark);
  ASSERT_EQ(spark_types.size(), 6u);
  for (const auto& [name, spark_type] : spark_types) {
    ASSERT_TRUE(ours_types.count(name)) << "column " << name << " is missing";
    const duck::ColumnType& our_type = ours_types[name];
    // Every field Spark writes, with the same type; ours may add optional fields (add gets
    // clusteringProvider).
    for (size_t i = 0; i < spark_type.child_names.size(); ++i) {
      auto it = std::find(our_type.child_names.begin(), our_type.child_names.end(),
                          spark_type.child_names[i]);
      ASSERT_NE(it, our_type.child_names.end()) << name << "." << spark_type.child_names[i];
      EXPECT_EQ(our_type.children[it - our_type.child_names.begin()].sql_name,
                spark_type.children[i].sql_name)
          << name << "." << spark_type.child_names[i];
    }
    if (name != "add") {
      EXPECT_EQ(our_type.sql_name, spark_type.sql_name) << name;
    }
  }
  // Physical types as Spark writes them: INT32 versions, INT64 sizes, MAP groups.
  ASSERT_OK_AND_ASSIGN(
      std::string reader_type,
      con_->QueryScalar("SELECT type FROM parquet_schema(" + duck::QuoteLiteral(ours) +
                        ") WHERE name = 'minReaderVersion'"));
  EXPECT_EQ(reader_type, "INT32");
  ASSERT_OK_AND_ASSIGN(
      std::string map_type,
      con_->QueryScalar("SELECT converted_type FROM parquet_schema(" + duck::QuoteLiteral(ours) +
                        ") WHERE name = 'partitionValues' LIMIT 1"));
  EXPECT_EQ(map_type, "MAP");

  ASSERT_OK_AND_ASSIGN(auto reloaded, Load(fs, root));
  EXPECT_EQ(reloaded->checkpoint_version(), 14);
  ExpectSameState(*latest, *reloaded);
}

TEST_F(delta_SnapshotCheckpoint, LastCheckpointIsNotMovedBackwards) {
  auto fs = std::make_shared<storage::MemoryFileSystem>();
  BuildRichTable(*fs, "t", 14);
  ASSERT_OK_AND_ASSIGN(auto v14, Load(fs, "t", 14));
  ASSERT_OK_AND_ASSIGN(auto v12, Load(fs, "t", 12));
  ASSERT_OK(WriteCheckpoint(*v14, *fs, "t", con_.get(), Options()));
  ASSERT_OK(WriteCheckpoint(*v12, *fs, "t", con_.get(), Options()));
  ASSERT_OK_AND_ASSIGN(std::string hint, fs->ReadFile("t/_delta_log/_last_checkpoint"));
  EXPECT_EQ(LastCheckpoint::Parse(hint)->version, 14);
  ASSERT_OK_AND_ASSIGN(auto at12, Load(fs, "t", 13));
  EXPECT_EQ(at12->checkpoint_version(), 12);
}

TEST_F(delta_SnapshotCheckpoint, ExpiredTombstonesAreLeftOut) {
  auto fs = std::make_shared<storage::MemoryFileSystem>();
  WriteCommit(*fs, "t", 0,
              {TestProtocol(), TestMetadata(), TestAdd("a"), TestAdd("b"), TestAdd("c")});
  WriteCommit(*fs, "t", 1, {TestRemove("a", kNow - 10 * 1000), TestRemove("b", kNow - 1000)});
  Remove undated = TestRemove("c", 0);
  undated.deletion_timestamp.reset();
  WriteCommit(*fs, "t", 2, {undated});
  ASSERT_OK_AND_ASSIGN(auto snapshot, Load(fs, "t"));
  ASSERT_EQ(snapshot->tombstones().size(), 3u);
  std::vector<Action> actions = CheckpointActions(*snapshot, kNow - 5000);
  ASSERT_EQ(actions.size(), 3u);  // protocol, metaData, the remove of b
  ASSERT_TRUE(std::holds_alternative<Remove>(actions[2]));
  EXPECT_EQ(std::get<Remove>(actions[2]).path, "b");

  CheckpointWriteOptions options = Options();
  options.tombstone_retention_millis = 5000;
  ASSERT_OK_AND_ASSIGN(LastCheckpoint written,
                       WriteCheckpoint(*snapshot, *fs, "t", con_.get(), options));
  EXPECT_EQ(written.size, 3);
  ASSERT_OK_AND_ASSIGN(auto reloaded, Load(fs, "t"));
  ASSERT_EQ(reloaded->tombstones().size(), 1u);
  EXPECT_EQ(reloaded->tombstones()[0].path, "b");
}

TEST_F(delta_SnapshotCheckpoint, MultiPartCheckpoint) {
  auto fs =
      std::make_shared<storage::LocalFileSystem>(storage::LocalFileSystemOptions{.durable = false});
  std::string root = JoinPath(temp_.path(), "multi");
  BuildRichTable(*fs, root, 20);
  ASSERT_OK_AND_ASSIGN(auto v15, Load(fs, root, 15));
  ASSERT_OK(WriteCheckpoint(*v15, *fs, root, con_.get(), Options()));
  // Split the classic checkpoint into two parts by hash of the path, as Spark does.
  std::string log = JoinPath(root, "_delta_log");
  std::string classic = JoinPath(log, CheckpointFileName(15));
  for (int part = 1; part <= 2; ++part) {
    std::string target = JoinPath(log, MultiPartCheckpointFileName(15, part, 2));
    ASSERT_OK(con_->Execute(
        "COPY (SELECT * FROM read_parquet(" + duck::QuoteLiteral(classic) +
        ") WHERE hash(coalesce(add.path, remove.path, '')) % 2 = " + std::to_string(part - 1) +
        ") TO " + duck::QuoteLiteral(target) + " (FORMAT parquet)"));
  }
  ASSERT_OK(fs->Delete(classic));
  ASSERT_OK_AND_ASSIGN(auto from_parts, Load(fs, root));
  EXPECT_EQ(from_parts->checkpoint_version(), 15);
  ASSERT_OK_AND_ASSIGN(auto at15, Load(fs, root, 15));
  ExpectSameState(*v15, *at15);

  // A missing part makes the checkpoint incomplete: replay falls back to the JSON commits.
  ASSERT_OK(fs->Delete(JoinPath(log, MultiPartCheckpointFileName(15, 2, 2))));
  ASSERT_OK_AND_ASSIGN(auto replayed, Load(fs, root));
  EXPECT_EQ(replayed->checkpoint_version(), std::nullopt);
  ExpectSameState(*from_parts, *replayed);
}

TEST_F(delta_SnapshotCheckpoint, V2TablesGetCheckpointMetadata) {
  auto fs =
      std::make_shared<storage::LocalFileSystem>(storage::LocalFileSystemOptions{.durable = false});
  std::string root = JoinPath(temp_.path(), "v2");
  Protocol v2 = TestProtocol(3, 7);
  v2.reader_features = std::set<std::string>{"v2Checkpoint"};
  v2.writer_features = std::set<std::string>{"v2Checkpoint"};
  WriteCommit(*fs, root, 0, {v2, TestMetadata(), TestAdd("a")});
  WriteCommit(*fs, root, 1, {TestAdd("b")});
  ASSERT_OK_AND_ASSIGN(auto snapshot, LoadSnapshot(fs, root, con_.get()));
  ASSERT_OK_AND_ASSIGN(LastCheckpoint written,
                       WriteCheckpoint(*snapshot, *fs, root, con_.get(), Options()));
  EXPECT_EQ(written.size, 5);  // protocol, metaData, checkpointMetadata, 2 adds
  std::string path = JoinPath(root, "_delta_log/" + CheckpointFileName(1));
  ASSERT_OK_AND_ASSIGN(
      std::string version,
      con_->QueryScalar("SELECT checkpointMetadata.version FROM read_parquet(" +
                        duck::QuoteLiteral(path) + ") WHERE checkpointMetadata IS NOT NULL"));
  EXPECT_EQ(version, "1");
  ASSERT_OK_AND_ASSIGN(auto reloaded, LoadSnapshot(fs, root, con_.get()));
  EXPECT_EQ(reloaded->checkpoint_version(), 1);
  ExpectSameState(*snapshot, *reloaded);
}

TEST_F(delta_SnapshotCheckpoint, CorruptCheckpointIsCorruptionNamingTheFile) {
  auto fs = std::make_shared<storage::MemoryFileSystem>();
  WriteCommit(*fs, "t", 0, {TestProtocol(), TestMetadata(), TestAdd("a")});
  ASSERT_OK(fs->WriteFileAtomic("t/_delta_log/" + CheckpointFileName(0), "not parquet at all"));
  Result<std::shared_ptr<const Snapshot>> result = Load(fs, "t");
  ASSERT_CODE(kCorruption, result);
  EXPECT_THAT(result.status().message(), HasSubstr(CheckpointFileName(0)));
}

TEST_F(delta_SnapshotCheckpoint, ReadCheckpointWithoutConnection) {
  if (!GoldenTableExists("checkpoint"))
    GTEST_FAIL() << "golden table checkpoint is missing (tests/data/delta-golden)";
  storage::LocalFileSystem fs;
  std::string log = JoinPath(GoldenTablePath("checkpoint"), "_delta_log");
  CheckpointRef ref{.version = 10, .file_names = {CheckpointFileName(10)}};
  ASSERT_OK_AND_ASSIGN(std::vector<Action> actions, ReadCheckpoint(fs, log, ref, nullptr));
  EXPECT_EQ(actions.size(), 13u);  // _last_checkpoint: size 13
}

}  // namespace
}  // namespace ingot::delta
