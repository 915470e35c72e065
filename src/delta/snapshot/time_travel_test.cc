// Time travel by version and by timestamp: the golden time-travel table with its mtimes set,
// monotonic commit times, in-commit timestamps, and the pure search.

#include <memory>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/clock.h"
#include "common/uri.h"
#include "delta/log/checkpoint_writer.h"
#include "delta/log/log_file_names.h"
#include "delta/snapshot/commit_timeline.h"
#include "delta/snapshot/snapshot_loader.h"
#include "delta/snapshot/snapshot_test_util.h"
#include "storage/local_fs.h"
#include "storage/memory_fs.h"
#include "storage/storage_test_util.h"

namespace ingot::delta {
namespace {

using ::ingot::delta::testing::CopyGoldenTable;
using ::ingot::delta::testing::GoldenTableExists;
using ::ingot::delta::testing::NewConnection;
using ::ingot::delta::testing::SetMtimeMillis;
using ::ingot::delta::testing::TestAdd;
using ::ingot::delta::testing::TestCommitInfo;
using ::ingot::delta::testing::TestMetadata;
using ::ingot::delta::testing::TestProtocol;
using ::ingot::delta::testing::WriteCommit;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr int64_t kStart = 1540415658000;  // the golden table's first commit
constexpr int64_t kMinute = 60 * 1000;

class delta_SnapshotTimeTravel : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!GoldenTableExists("time-travel-start-start20-start40")) {
      GTEST_FAIL()
          << "golden table time-travel-start-start20-start40 is missing (tests/data/delta-golden)";
    }
    root_ = CopyGoldenTable("time-travel-start-start20-start40", temp_.path());
    ASSERT_FALSE(root_.empty());
    for (int64_t v = 0; v <= 2; ++v) {
      SetMtimeMillis(JoinPath(root_, "_delta_log/" + CommitFileName(v)), kStart + v * 20 * kMinute);
    }
  }

  Result<std::shared_ptr<const Snapshot>> Load(SnapshotOptions options) {
    return LoadSnapshot(fs_, root_, nullptr, options);
  }
  Result<int64_t> VersionAt(int64_t timestamp) {
    Result<std::shared_ptr<const Snapshot>> snapshot = Load({.timestamp_millis = timestamp});
    if (!snapshot.ok()) return snapshot.status();
    return (*snapshot)->version();
  }

  storage::testing::ScopedTempDir temp_;
  std::shared_ptr<storage::LocalFileSystem> fs_ =
      std::make_shared<storage::LocalFileSystem>(storage::LocalFileSystemOptions{.durable = false});
  std::string root_;
};

TEST_F(delta_SnapshotTimeTravel, ByTimestampPicksLatestVersionAtOrBefore) {
  EXPECT_EQ(*VersionAt(kStart), 0);
  EXPECT_EQ(*VersionAt(kStart + 10 * kMinute), 0);
  EXPECT_EQ(*VersionAt(kStart + 20 * kMinute - 1), 0);
  EXPECT_EQ(*VersionAt(kStart + 20 * kMinute), 1);
  EXPECT_EQ(*VersionAt(kStart + 30 * kMinute), 1);
  EXPECT_EQ(*VersionAt(kStart + 40 * kMinute), 2);
  ASSERT_OK_AND_ASSIGN(auto v1, Load({.timestamp_millis = kStart + 30 * kMinute}));
  EXPECT_EQ(v1->timestamp_millis(), kStart + 20 * kMinute);
  EXPECT_EQ(v1->files().size(), 4u);  // two files per append
}

TEST_F(delta_SnapshotTimeTravel, BeforeFirstAndAfterLastAreClearErrors) {
  Result<int64_t> before = VersionAt(kStart - 1);
  ASSERT_CODE(kInvalidArgument, before);
  EXPECT_THAT(before.status().message(), HasSubstr("is before the earliest available version 0"));
  EXPECT_THAT(before.status().message(), HasSubstr("2018-10-24T21:14:17.999Z"));
  EXPECT_THAT(before.status().message(), HasSubstr("versions 0 to 2 are available"));
  EXPECT_THAT(before.status().message(), HasSubstr("2018-10-24T21:14:18.000Z"));

  Result<int64_t> after = VersionAt(kStart + 50 * kMinute);
  ASSERT_CODE(kInvalidArgument, after);
  EXPECT_THAT(after.status().message(), HasSubstr("is after the latest version 2"));
  EXPECT_THAT(after.status().message(), HasSubstr("committed at 2018-10-24T21:54:18.000Z"));
}

TEST_F(delta_SnapshotTimeTravel, ByVersion) {
  for (int64_t v = 0; v <= 2; ++v) {
    ASSERT_OK_AND_ASSIGN(auto snapshot, Load({.version = v}));
    EXPECT_EQ(snapshot->version(), v);
    EXPECT_EQ(snapshot->files().size(), static_cast<size_t>(2 * (v + 1)));
    EXPECT_EQ(snapshot->timestamp_millis(), kStart + v * 20 * kMinute);
  }
  ASSERT_CODE(kNotFound, Load({.version = 3}));
  ASSERT_CODE(kInvalidArgument, Load({.version = -1}));
}

TEST_F(delta_SnapshotTimeTravel, DeletedFirstCommitMakesTheTableUnreadable) {
  ASSERT_OK(fs_->Delete(JoinPath(root_, "_delta_log/" + CommitFileName(0))));
  EXPECT_FALSE(VersionAt(kStart + 30 * kMinute).ok());
  Result<std::shared_ptr<const Snapshot>> result = Load({.version = 1});
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(result.status().message(), HasSubstr("commit 0 is missing"));
}

class delta_SnapshotTimeTravelMemory : public ::testing::Test {
 protected:
  void CommitAt(int64_t version, int64_t mtime, std::vector<Action> actions) {
    clock_.SetMicros(mtime * 1000);
    WriteCommit(*fs_, "t", version, actions);
  }
  Result<int64_t> VersionAt(int64_t timestamp) {
    Result<std::shared_ptr<const Snapshot>> snapshot =
        LoadSnapshot(fs_, "t", nullptr, {.timestamp_millis = timestamp});
    if (!snapshot.ok()) return snapshot.status();
    return (*snapshot)->version();
  }

  ManualClock clock_;
  std::shared_ptr<storage::MemoryFileSystem> fs_ = std::make_shared<storage::MemoryFileSystem>(
      storage::MemoryFileSystemOptions{.clock = &clock_});
};

TEST_F(delta_SnapshotTimeTravelMemory, CommitTimesAreMadeMonotonic) {
  CommitAt(0, 1000, {TestProtocol(), TestMetadata()});
  CommitAt(1, 3000, {TestAdd("a")});
  CommitAt(2, 2000, {TestAdd("b")});  // clock skew: older than its predecessor, counts as 3001
  EXPECT_EQ(*VersionAt(1000), 0);
  EXPECT_EQ(*VersionAt(2000), 0);
  EXPECT_EQ(*VersionAt(2999), 0);
  EXPECT_EQ(*VersionAt(3000), 1);
  EXPECT_EQ(*VersionAt(3001), 2);
  ASSERT_CODE(kInvalidArgument, VersionAt(3002));
}

TEST_F(delta_SnapshotTimeTravelMemory, InCommitTimestampsFromTheirEnablementVersion) {
  CommitAt(0, 1000, {TestCommitInfo("CREATE TABLE", 1000), TestProtocol(1, 7), TestMetadata()});
  CommitAt(1, 2000, {TestCommitInfo("WRITE", 2000), TestAdd("a")});
  Metadata enabled = TestMetadata();
  enabled.configuration["delta.enableInCommitTimestamps"] = "true";
  enabled.configuration["delta.inCommitTimestampEnablementVersion"] = "2";
  enabled.configuration["delta.inCommitTimestampEnablementTimestamp"] = "10000";
  CommitInfo ict2 = TestCommitInfo("SET TBLPROPERTIES", 99999);
  ict2.in_commit_timestamp = 10000;
  CommitAt(2, 99999, {ict2, enabled});  // the file time is ignored from here on
  CommitInfo ict3 = TestCommitInfo("WRITE", 1);
  ict3.in_commit_timestamp = 20000;
  CommitAt(3, 1, {ict3, TestAdd("b")});

  EXPECT_EQ(*VersionAt(1500), 0);
  EXPECT_EQ(*VersionAt(2000), 1);
  EXPECT_EQ(*VersionAt(9999), 1);
  EXPECT_EQ(*VersionAt(10000), 2);
  EXPECT_EQ(*VersionAt(19999), 2);
  EXPECT_EQ(*VersionAt(20000), 3);
  Result<int64_t> after = VersionAt(20001);
  ASSERT_CODE(kInvalidArgument, after);
  EXPECT_THAT(after.status().message(), HasSubstr("after the latest version 3"));

  ASSERT_OK_AND_ASSIGN(auto v3, LoadSnapshot(fs_, "t", nullptr, {.version = 3}));
  EXPECT_EQ(v3->timestamp_millis(), 20000);
  ASSERT_OK_AND_ASSIGN(auto v1, LoadSnapshot(fs_, "t", nullptr, {.version = 1}));
  EXPECT_EQ(v1->timestamp_millis(), 2000);
}

TEST_F(delta_SnapshotTimeTravelMemory, EarliestVersionIsTheOldestCheckpointAfterCleanup) {
  CommitAt(0, 1000, {TestProtocol(), TestMetadata()});
  for (int64_t v = 1; v <= 5; ++v) CommitAt(v, 1000 * (v + 1), {TestAdd("f" + std::to_string(v))});
  ASSERT_OK_AND_ASSIGN(auto v3, LoadSnapshot(fs_, "t", nullptr, {.version = 3}));
  auto con = NewConnection();
  ASSERT_OK(WriteCheckpoint(*v3, *fs_, "t", con.get()));
  for (int64_t v = 0; v <= 2; ++v) ASSERT_OK(fs_->Delete("t/_delta_log/" + CommitFileName(v)));

  EXPECT_EQ(*VersionAt(4000), 3);
  EXPECT_EQ(*VersionAt(5500), 4);
  EXPECT_EQ(*VersionAt(6000), 5);
  Result<int64_t> before = VersionAt(3999);
  ASSERT_CODE(kInvalidArgument, before);
  EXPECT_THAT(before.status().message(), HasSubstr("before the earliest available version 3"));
  Result<std::shared_ptr<const Snapshot>> old = LoadSnapshot(fs_, "t", nullptr, {.version = 2});
  ASSERT_CODE(kNotFound, old);
  EXPECT_THAT(old.status().message(), HasSubstr("earliest available version is 3"));
}

TEST(delta_SnapshotTimeline, FindVersionAtTimestamp) {
  std::vector<int64_t> versions = {4, 5, 6, 7, 8};
  std::vector<int64_t> times = {100, 200, 200, 300, 400};
  int calls = 0;
  auto time_of = [&](int64_t version) -> Result<int64_t> {
    ++calls;
    return times[static_cast<size_t>(version - 4)];
  };
  EXPECT_EQ(*FindVersionAtTimestamp(versions, time_of, 100, "t"), 4);
  EXPECT_EQ(*FindVersionAtTimestamp(versions, time_of, 199, "t"), 4);
  EXPECT_EQ(*FindVersionAtTimestamp(versions, time_of, 200, "t"), 6);
  EXPECT_EQ(*FindVersionAtTimestamp(versions, time_of, 399, "t"), 7);
  EXPECT_EQ(*FindVersionAtTimestamp(versions, time_of, 400, "t"), 8);
  ASSERT_CODE(kInvalidArgument, FindVersionAtTimestamp(versions, time_of, 99, "t"));
  ASSERT_CODE(kInvalidArgument, FindVersionAtTimestamp(versions, time_of, 401, "t"));
  ASSERT_CODE(kNotFound, FindVersionAtTimestamp({}, time_of, 1, "t"));

  std::vector<int64_t> many(1000);
  for (size_t i = 0; i < many.size(); ++i) many[i] = static_cast<int64_t>(i);
  calls = 0;
  auto linear = [&](int64_t version) -> Result<int64_t> {
    ++calls;
    return version * 10;
  };
  EXPECT_EQ(*FindVersionAtTimestamp(many, linear, 5555, "t"), 555);
  EXPECT_LE(calls, 14);  // binary search
}

TEST(delta_SnapshotTimeline, MakeMonotonic) {
  EXPECT_THAT(MakeMonotonic({5, 3, 3, 10, 9}), ElementsAre(5, 6, 7, 10, 11));
  EXPECT_THAT(MakeMonotonic({}), ElementsAre());
}

}  // namespace
}  // namespace ingot::delta
