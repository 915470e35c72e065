#include "delta/txn/log_store.h"

#include <memory>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "delta/log/log_file_names.h"
#include "delta/txn/txn_test_util.h"
#include "storage/fault_injecting_fs.h"
#include "storage/local_fs.h"
#include "storage/sub_tree_fs.h"

namespace ingot::delta::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kCommit[] = R"({"commitInfo":{"timestamp":1000,"operation":"WRITE"}}
{"add":{"path":"a.parquet","partitionValues":{},"size":1,"modificationTime":1,"dataChange":true}}
)";

std::string LogPath(const std::string& name) { return "t/_delta_log/" + name; }

TEST(DeltaTxnLogStoreTest, NoTableHasNoVersion) {
  MemoryTable table;
  ASSERT_OK_AND_ASSIGN(auto latest, table.store.LatestVersion());
  EXPECT_EQ(latest, std::nullopt);
  ASSERT_OK_AND_ASSIGN(auto versions, table.store.ListCommitVersions(0));
  EXPECT_TRUE(versions.empty());
  EXPECT_EQ(table.store.CommitPath(5), "t/_delta_log/00000000000000000005.json");
}

TEST(DeltaTxnLogStoreTest, WritesAndReadsCommits) {
  MemoryTable table;
  ASSERT_OK(table.store.WriteCommit(0, kCommit));
  ASSERT_OK_AND_ASSIGN(std::string content, table.store.ReadCommit(0));
  EXPECT_EQ(content, kCommit);
  ASSERT_OK_AND_ASSIGN(auto actions, table.store.ReadCommitActions(0));
  EXPECT_EQ(actions.size(), 2u);
  ASSERT_OK_AND_ASSIGN(auto latest, table.store.LatestVersion());
  EXPECT_EQ(latest, 0);
}

TEST(DeltaTxnLogStoreTest, TakenVersionIsAlreadyExists) {
  MemoryTable table;
  ASSERT_OK(table.store.WriteCommit(3, kCommit));
  Status again = table.store.WriteCommit(3, "{}\n");
  ASSERT_CODE(kAlreadyExists, again);
  EXPECT_THAT(again.message(), HasSubstr("version 3 of table 'memory:t' already exists"));
  ASSERT_OK_AND_ASSIGN(std::string content, table.store.ReadCommit(3));
  EXPECT_EQ(content, kCommit);  // unchanged
}

TEST(DeltaTxnLogStoreTest, MissingVersionIsNotFoundNamingTableAndVersion) {
  MemoryTable table;
  Result<std::string> missing = table.store.ReadCommit(7);
  ASSERT_CODE(kNotFound, missing);
  EXPECT_THAT(missing.status().message(), HasSubstr("version 7 of table 'memory:t'"));
  ASSERT_CODE(kNotFound, table.store.CommitTimestamp(7));
  ASSERT_CODE(kInvalidArgument, table.store.ReadCommit(-1));
  ASSERT_CODE(kInvalidArgument, table.store.WriteCommit(-1, kCommit));
}

TEST(DeltaTxnLogStoreTest, IoErrorsCarryTableAndVersion) {
  auto memory = std::make_shared<storage::MemoryFileSystem>();
  auto faulty = std::make_shared<storage::FaultInjectingFileSystem>(memory);
  LogStore store(faulty, "t");
  faulty->AddFault({.op = storage::FsOp::kPutIfAbsent, .count = -1});
  faulty->AddFault({.op = storage::FsOp::kReadFile, .count = -1});
  Status write = store.WriteCommit(4, kCommit);
  ASSERT_CODE(kIOError, write);
  EXPECT_THAT(write.message(), HasSubstr("write version 4 of table 'faulty(memory):t'"));
  Result<std::string> read = store.ReadCommit(4);
  ASSERT_CODE(kIOError, read);
  EXPECT_THAT(read.status().message(), HasSubstr("read version 4 of table 'faulty(memory):t'"));
}

TEST(DeltaTxnLogStoreTest, LatestVersionIgnoresOtherFiles) {
  MemoryTable table;
  for (int64_t version : {0, 1, 2}) ASSERT_OK(table.store.WriteCommit(version, kCommit));
  ASSERT_OK(table.fs->WriteFileAtomic(LogPath(ChecksumFileName(9)), "{}"));
  ASSERT_OK(table.fs->WriteFileAtomic(LogPath(".00000000000000000009.json.tmp"), "x"));
  ASSERT_OK(table.fs->WriteFileAtomic(LogPath("_sidecars/00000000000000000009.json"), "x"));
  ASSERT_OK(table.fs->WriteFileAtomic(LogPath(CompactionFileName(0, 9)), "x"));
  ASSERT_OK_AND_ASSIGN(auto latest, table.store.LatestVersion());
  EXPECT_EQ(latest, 2);
}

TEST(DeltaTxnLogStoreTest, CheckpointsAreEvidenceOfVersions) {
  MemoryTable table;
  // Commits 0..9 were cleaned up; only checkpoint 10 and commit 11 remain.
  ASSERT_OK(table.fs->WriteFileAtomic(LogPath(CheckpointFileName(10)), "parquet"));
  ASSERT_OK_AND_ASSIGN(auto latest, table.store.LatestVersion());
  EXPECT_EQ(latest, 10);

  // An incomplete multi-part checkpoint does not count; a complete one does.
  ASSERT_OK(table.fs->WriteFileAtomic(LogPath(MultiPartCheckpointFileName(20, 1, 2)), "p"));
  ASSERT_OK_AND_ASSIGN(latest, table.store.LatestVersion());
  EXPECT_EQ(latest, 10);
  ASSERT_OK(table.fs->WriteFileAtomic(LogPath(MultiPartCheckpointFileName(20, 2, 2)), "p"));
  ASSERT_OK_AND_ASSIGN(latest, table.store.LatestVersion());
  EXPECT_EQ(latest, 20);

  ASSERT_OK(table.fs->WriteFileAtomic(
      LogPath(V2CheckpointFileName(21, "3a0d65cd-4056-49b8-937b-95f9e3ee90e5",
                                   CheckpointFormat::kJson)),
      "{}"));
  ASSERT_OK_AND_ASSIGN(latest, table.store.LatestVersion());
  EXPECT_EQ(latest, 21);
}

TEST(DeltaTxnLogStoreTest, LastCheckpointIsEvidenceUnlessMalformed) {
  MemoryTable table;
  ASSERT_OK(table.fs->WriteFileAtomic(LogPath("_last_checkpoint"), R"({"version":30,"size":4})"));
  ASSERT_OK_AND_ASSIGN(auto latest, table.store.LatestVersion());
  EXPECT_EQ(latest, 30);

  ASSERT_OK(table.fs->WriteFileAtomic(LogPath("_last_checkpoint"), ""));
  ASSERT_OK_AND_ASSIGN(latest, table.store.LatestVersion());
  EXPECT_EQ(latest, std::nullopt);
  ASSERT_OK(table.store.WriteCommit(0, kCommit));
  ASSERT_OK_AND_ASSIGN(latest, table.store.LatestVersion());
  EXPECT_EQ(latest, 0);
}

TEST(DeltaTxnLogStoreTest, ListsCommitVersionsInRange) {
  MemoryTable table;
  for (int64_t version : {0, 1, 2, 3, 5, 12}) {
    ASSERT_OK(table.store.WriteCommit(version, kCommit));
  }
  ASSERT_OK(table.fs->WriteFileAtomic(LogPath(CheckpointFileName(4)), "parquet"));
  ASSERT_OK(table.fs->WriteFileAtomic(LogPath("7.json"), kCommit));  // unpadded
  ASSERT_OK_AND_ASSIGN(auto all, table.store.ListCommitVersions(0));
  EXPECT_THAT(all, ElementsAre(0, 1, 2, 3, 5, 7, 12));
  ASSERT_OK_AND_ASSIGN(auto some, table.store.ListCommitVersions(2, 7));
  EXPECT_THAT(some, ElementsAre(2, 3, 5, 7));
  ASSERT_CODE(kInvalidArgument, table.store.ListCommitVersions(5, 4));
  ASSERT_CODE(kInvalidArgument, table.store.ListCommitVersions(-1, 4));
}

TEST(DeltaTxnLogStoreTest, CommitTimestampPrefersInCommitTimestamp) {
  ManualClock clock(/*start_micros=*/5'000'000'000);
  MemoryTable table(&clock);
  ASSERT_OK(table.store.WriteCommit(
      0,
      "{\"add\":{\"path\":\"commitInfo\",\"partitionValues\":{},\"size\":1,"
      "\"modificationTime\":1,\"dataChange\":true}}\n"
      "{\"commitInfo\":{\"inCommitTimestamp\":2000,\"timestamp\":1000}}\n"));
  ASSERT_OK(table.store.WriteCommit(1, kCommit));
  ASSERT_OK(table.store.WriteCommit(2, "{\"commitInfo\":{\"operation\":\"WRITE\"}}\n"));
  ASSERT_OK(table.store.WriteCommit(3,
                                    "{\"protocol\":{\"minReaderVersion\":1,"
                                    "\"minWriterVersion\":2}}\n"));
  ASSERT_OK_AND_ASSIGN(int64_t ict, table.store.CommitTimestamp(0));
  EXPECT_EQ(ict, 2000);
  ASSERT_OK_AND_ASSIGN(int64_t plain, table.store.CommitTimestamp(1));
  EXPECT_EQ(plain, 1000);
  ASSERT_OK_AND_ASSIGN(int64_t no_timestamp, table.store.CommitTimestamp(2));
  EXPECT_EQ(no_timestamp, 5'000'000);  // the file's mtime from the manual clock
  ASSERT_OK_AND_ASSIGN(int64_t no_commit_info, table.store.CommitTimestamp(3));
  EXPECT_EQ(no_commit_info, 5'000'000);
}

TEST(DeltaTxnLogStoreTest, WorksOnLocalFileSystem) {
  ScopedTempDir dir;
  LogStore store(std::make_shared<storage::LocalFileSystem>(), dir.path() + "/table");
  ASSERT_OK_AND_ASSIGN(auto latest, store.LatestVersion());
  EXPECT_EQ(latest, std::nullopt);
  ASSERT_OK(store.WriteCommit(0, kCommit));
  ASSERT_CODE(kAlreadyExists, store.WriteCommit(0, kCommit));
  ASSERT_OK(store.WriteCommit(1, kCommit));
  ASSERT_OK_AND_ASSIGN(latest, store.LatestVersion());
  EXPECT_EQ(latest, 1);
  EXPECT_EQ(store.table_name(), dir.path() + "/table");
  ASSERT_OK_AND_ASSIGN(int64_t timestamp, store.CommitTimestamp(1));
  EXPECT_EQ(timestamp, 1000);
  Result<std::string> missing = store.ReadCommit(2);
  ASSERT_CODE(kNotFound, missing);
  EXPECT_THAT(missing.status().message(), HasSubstr(dir.path() + "/table"));
}

TEST(DeltaTxnLogStoreTest, WorksAtTheRootOfASubTree) {
  auto memory = std::make_shared<storage::MemoryFileSystem>();
  LogStore store(std::make_shared<storage::SubTreeFileSystem>("tables/t", memory), "");
  ASSERT_OK(store.WriteCommit(0, kCommit));
  ASSERT_OK_AND_ASSIGN(auto latest, store.LatestVersion());
  EXPECT_EQ(latest, 0);
  ASSERT_OK(memory->GetFileInfo("tables/t/_delta_log/00000000000000000000.json"));
}

}  // namespace
}  // namespace ingot::delta::testing
