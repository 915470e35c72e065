// Log replay on MemoryFileSystem with hand-written commits, plus the pure parts: LogReplay,
// the segment planner, protocol support and table properties.

#include "delta/snapshot/log_replay.h"

#include <memory>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/clock.h"
#include "delta/log/log_file_names.h"
#include "delta/snapshot/history.h"
#include "delta/snapshot/log_segment.h"
#include "delta/snapshot/protocol_support.h"
#include "delta/snapshot/snapshot_loader.h"
#include "delta/snapshot/snapshot_test_util.h"
#include "delta/snapshot/table_config.h"
#include "storage/memory_fs.h"
#include "storage/storage_test_util.h"

namespace ingot::delta {
namespace {

using ::ingot::delta::testing::Paths;
using ::ingot::delta::testing::TestAdd;
using ::ingot::delta::testing::TestCommitInfo;
using ::ingot::delta::testing::TestMetadata;
using ::ingot::delta::testing::TestProtocol;
using ::ingot::delta::testing::TestRemove;
using ::ingot::delta::testing::WriteCommit;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

class delta_SnapshotReplay : public ::testing::Test {
 protected:
  delta_SnapshotReplay()
      : clock_(1700000000000LL * 1000),
        fs_(std::make_shared<storage::MemoryFileSystem>(
            storage::MemoryFileSystemOptions{.clock = &clock_})) {}

  // Writes commit `version` with the clock at 1700000000000 + version seconds.
  void Commit(int64_t version, std::vector<Action> actions) {
    clock_.SetMicros((1700000000000LL + version * 1000) * 1000);
    WriteCommit(*fs_, kRoot, version, actions);
  }

  Result<std::shared_ptr<const Snapshot>> Load(SnapshotOptions options = {}) {
    return LoadSnapshot(fs_, kRoot, nullptr, options);
  }

  static constexpr const char* kRoot = "t";
  ManualClock clock_;
  std::shared_ptr<storage::MemoryFileSystem> fs_;
};

TEST_F(delta_SnapshotReplay, AddRemoveReAdd) {
  Commit(0, {TestCommitInfo("CREATE TABLE", 1), TestProtocol(), TestMetadata(), TestAdd("a"),
             TestAdd("b")});
  Commit(1, {TestRemove("a", 1700000001000), TestAdd("c")});
  Add readded = TestAdd("a", 555);
  readded.modification_time = 1800000000000;
  Commit(2, {readded, TestRemove("b", 1700000002000)});

  ASSERT_OK_AND_ASSIGN(auto latest, Load());
  EXPECT_EQ(latest->version(), 2);
  EXPECT_EQ(latest->checkpoint_version(), std::nullopt);
  EXPECT_THAT(Paths(latest->files()), ElementsAre("a", "c"));
  ASSERT_EQ(latest->tombstones().size(), 1u);
  EXPECT_EQ(latest->tombstones()[0].path, "b");
  const Add* a = latest->FindFile(FileKey{"a", ""});
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->modification_time, 1800000000000);
  EXPECT_EQ(a->size, 555);
  EXPECT_FALSE(a->data_change);
  EXPECT_EQ(latest->total_size(), 655);
  EXPECT_EQ(latest->timestamp_millis(), 1700000002000);

  ASSERT_OK_AND_ASSIGN(auto v1, Load({.version = 1}));
  EXPECT_EQ(v1->version(), 1);
  EXPECT_THAT(Paths(v1->files()), ElementsAre("b", "c"));
  ASSERT_EQ(v1->tombstones().size(), 1u);
  EXPECT_EQ(v1->tombstones()[0].path, "a");
  EXPECT_EQ(v1->timestamp_millis(), 1700000001000);
}

TEST_F(delta_SnapshotReplay, FilesAreKeyedByPathAndDeletionVector) {
  Add with_dv = TestAdd("f");
  with_dv.deletion_vector = DeletionVectorDescriptor{.storage_type = "u",
                                                     .path_or_inline_dv = "ab^-aqEH.-t@S}K{vb[*k^",
                                                     .offset = 1,
                                                     .size_in_bytes = 36,
                                                     .cardinality = 2};
  Commit(0, {TestProtocol(), TestMetadata(), TestAdd("f"), TestAdd("g")});
  // A DELETE: the file without DV goes, the same path with a DV comes.
  Remove old = TestRemove("f", 5);
  Commit(1, {old, with_dv});
  ASSERT_OK_AND_ASSIGN(auto snapshot, Load({.skip_protocol_check = true}));
  ASSERT_EQ(snapshot->files().size(), 2u);
  EXPECT_EQ(snapshot->files()[0].path, "f");
  ASSERT_TRUE(snapshot->files()[0].deletion_vector.has_value());
  EXPECT_EQ(snapshot->FindFile(FileKey{"f", ""}), nullptr);
  EXPECT_NE(snapshot->FindFile(with_dv.Key()), nullptr);
  ASSERT_EQ(snapshot->tombstones().size(), 1u);
  EXPECT_FALSE(snapshot->tombstones()[0].deletion_vector.has_value());
}

TEST_F(delta_SnapshotReplay, LatestTxnPerApp) {
  Commit(0, {TestProtocol(), TestMetadata()});
  Commit(1, {Txn{.app_id = "app1", .version = 1}, TestAdd("a")});
  Commit(2, {Txn{.app_id = "app2", .version = 5, .last_updated = 77}});
  Commit(3, {Txn{.app_id = "app1", .version = 3}});
  ASSERT_OK_AND_ASSIGN(auto snapshot, Load());
  EXPECT_EQ(snapshot->TxnVersion("app1"), 3);
  EXPECT_EQ(snapshot->TxnVersion("app2"), 5);
  EXPECT_EQ(snapshot->TxnVersion("nobody"), std::nullopt);
  EXPECT_EQ(snapshot->transactions().at("app2").last_updated, 77);
  ASSERT_OK_AND_ASSIGN(auto v2, Load({.version = 2}));
  EXPECT_EQ(v2->TxnVersion("app1"), 1);
}

TEST_F(delta_SnapshotReplay, DomainMetadataLatestWinsAndRemovedIsDropped) {
  Commit(0, {TestProtocol(), TestMetadata(),
             DomainMetadata{.domain = "delta.clustering", .configuration = "{\"c\":1}"},
             DomainMetadata{.domain = "app.x", .configuration = "one"}});
  Commit(1, {DomainMetadata{.domain = "app.x", .configuration = "two"}});
  Commit(2, {DomainMetadata{.domain = "delta.clustering", .configuration = "", .removed = true}});
  ASSERT_OK_AND_ASSIGN(auto snapshot, Load());
  EXPECT_EQ(snapshot->domains().size(), 1u);
  EXPECT_EQ(snapshot->DomainConfiguration("app.x"), "two");
  EXPECT_EQ(snapshot->DomainConfiguration("delta.clustering"), std::nullopt);
  ASSERT_OK_AND_ASSIGN(auto v1, Load({.version = 1}));
  EXPECT_EQ(v1->DomainConfiguration("delta.clustering"), "{\"c\":1}");
}

TEST_F(delta_SnapshotReplay, LatestMetadataAndProtocolWin) {
  Commit(0, {TestProtocol(), TestMetadata(), TestAdd("a")});
  Metadata changed = TestMetadata(/*partitioned=*/true);
  changed.schema_string =
      R"({"type":"struct","fields":[{"name":"id","type":"long","nullable":true,"metadata":{}},)"
      R"({"name":"part","type":"string","nullable":true,"metadata":{}},)"
      R"json({"name":"extra","type":"decimal(10,2)","nullable":true,"metadata":{}}]})json";
  changed.configuration["delta.appendOnly"] = "true";
  Commit(1, {changed});
  Protocol upgraded = TestProtocol(3, 7);
  upgraded.reader_features = std::set<std::string>{"timestampNtz"};
  upgraded.writer_features = std::set<std::string>{"timestampNtz", "appendOnly"};
  Commit(2, {upgraded});

  ASSERT_OK_AND_ASSIGN(auto v0, Load({.version = 0}));
  EXPECT_EQ(v0->schema().fields().size(), 2u);
  EXPECT_THAT(v0->partition_columns(), IsEmpty());
  EXPECT_EQ(v0->protocol().min_reader_version, 1);

  ASSERT_OK_AND_ASSIGN(auto latest, Load());
  ASSERT_EQ(latest->schema().fields().size(), 3u);
  EXPECT_EQ(latest->schema().fields()[2].name, "extra");
  EXPECT_EQ(latest->schema().fields()[2].type, DataType::Decimal(10, 2));
  EXPECT_THAT(latest->partition_columns(), ElementsAre("part"));
  EXPECT_EQ(latest->Config("delta.appendOnly"), "true");
  EXPECT_EQ(latest->protocol(), upgraded);
  EXPECT_THAT(Paths(latest->files()), ElementsAre("a"));
}

TEST_F(delta_SnapshotReplay, NoDeltaLogIsNotFoundNamingThePath) {
  ASSERT_OK(fs_->WriteFileAtomic("t/part-0.parquet", "x"));
  Result<std::shared_ptr<const Snapshot>> result = Load();
  ASSERT_CODE(kNotFound, result);
  EXPECT_THAT(result.status().message(), HasSubstr("no Delta table"));
  EXPECT_THAT(result.status().message(), HasSubstr("t/_delta_log"));
  EXPECT_THAT(result.status().message(), HasSubstr("does not exist"));

  ASSERT_OK(fs_->WriteFileAtomic("t/_delta_log/README", "x"));
  result = Load();
  ASSERT_CODE(kNotFound, result);
  EXPECT_THAT(result.status().message(), HasSubstr("holds no commit or checkpoint"));

  ASSERT_CODE(kNotFound, History(fs_, kRoot));
}

TEST_F(delta_SnapshotReplay, GapIsCorruptionNamingTheMissingVersion) {
  Commit(0, {TestProtocol(), TestMetadata()});
  Commit(1, {TestAdd("a")});
  Commit(3, {TestAdd("b")});
  Result<std::shared_ptr<const Snapshot>> result = Load();
  ASSERT_CODE(kCorruption, result);
  EXPECT_THAT(result.status().message(), HasSubstr("versions are not contiguous"));
  EXPECT_THAT(result.status().message(), HasSubstr("commit 2 is missing"));
  EXPECT_THAT(result.status().message(), HasSubstr("0, 1, 3"));
  // Versions before the gap still load.
  ASSERT_OK_AND_ASSIGN(auto v1, Load({.version = 1}));
  EXPECT_THAT(Paths(v1->files()), ElementsAre("a"));
}

TEST_F(delta_SnapshotReplay, VersionOutOfRange) {
  Commit(0, {TestProtocol(), TestMetadata()});
  Commit(1, {TestAdd("a")});
  Result<std::shared_ptr<const Snapshot>> result = Load({.version = 5});
  ASSERT_CODE(kNotFound, result);
  EXPECT_THAT(result.status().message(), HasSubstr("version 5"));
  EXPECT_THAT(result.status().message(), HasSubstr("latest version is 1"));
  ASSERT_CODE(kInvalidArgument, Load({.version = -1}));
  ASSERT_CODE(kInvalidArgument, Load({.version = 0, .timestamp_millis = 1}));
}

TEST_F(delta_SnapshotReplay, MissingProtocolOrMetadataIsCorruption) {
  Commit(0, {TestMetadata(), TestAdd("a")});
  Result<std::shared_ptr<const Snapshot>> result = Load();
  ASSERT_CODE(kCorruption, result);
  EXPECT_THAT(result.status().message(), HasSubstr("No protocol found"));

  auto other = std::make_shared<storage::MemoryFileSystem>();
  WriteCommit(*other, "u", 0, {TestProtocol(), TestAdd("a")});
  result = LoadSnapshot(other, "u", nullptr);
  ASSERT_CODE(kCorruption, result);
  EXPECT_THAT(result.status().message(), HasSubstr("No metadata found"));
}

TEST_F(delta_SnapshotReplay, UnsupportedReaderProtocolIsRefused) {
  Protocol future = TestProtocol(4, 7);
  Commit(0, {future, TestMetadata()});
  Result<std::shared_ptr<const Snapshot>> result = Load();
  ASSERT_CODE(kNotImplemented, result);
  EXPECT_THAT(result.status().message(), HasSubstr("reader version 4"));

  Protocol dv = TestProtocol(3, 7);
  dv.reader_features = std::set<std::string>{"variantType", "timestampNtz"};
  dv.writer_features = std::set<std::string>{"variantType", "timestampNtz"};
  Commit(1, {dv});
  result = Load();
  ASSERT_CODE(kNotImplemented, result);
  EXPECT_THAT(result.status().message(), HasSubstr("'variantType'"));
  EXPECT_THAT(result.status().message(), HasSubstr("does not support yet"));
  // Log inspection may skip the check.
  ASSERT_OK(Load({.skip_protocol_check = true}));

  Protocol unknown = dv;
  unknown.reader_features = std::set<std::string>{"fancyNewThing"};
  Commit(2, {unknown});
  result = Load();
  ASSERT_CODE(kNotImplemented, result);
  EXPECT_THAT(result.status().message(), HasSubstr("'fancyNewThing'"));
  EXPECT_THAT(result.status().message(), HasSubstr("deletionVectors, "));
  EXPECT_THAT(result.status().message(), HasSubstr("timestampNtz, "));

  Protocol fine = dv;
  fine.reader_features = std::set<std::string>{"deletionVectors", "timestampNtz", "v2Checkpoint",
                                               "vacuumProtocolCheck"};
  Commit(3, {fine});
  ASSERT_OK(Load());
}

TEST(delta_SnapshotProtocol, ColumnMappingModes) {
  Metadata metadata = TestMetadata();
  for (const char* mode : {"none", "name", "id"}) {
    metadata.configuration["delta.columnMapping.mode"] = mode;
    EXPECT_OK(CheckReadSupported(TestProtocol(2, 5), metadata, "/t"));
  }
  metadata.configuration["delta.columnMapping.mode"] = "fancy";
  Status status = CheckReadSupported(TestProtocol(2, 5), metadata, "/t");
  ASSERT_CODE(kNotImplemented, status);
  EXPECT_THAT(status.message(), HasSubstr("column mapping mode 'fancy'"));

  Protocol features = TestProtocol(3, 7);
  features.reader_features = std::set<std::string>{"columnMapping"};
  EXPECT_OK(CheckReadSupported(features, TestMetadata(), "/t"));
  ASSERT_CODE(kCorruption, CheckReadSupported(TestProtocol(0, 2), TestMetadata(), "/t"));
}

TEST_F(delta_SnapshotReplay, InCommitTimestampIsTheSnapshotTime) {
  Metadata ict = TestMetadata();
  ict.configuration["delta.enableInCommitTimestamps"] = "true";
  CommitInfo info = TestCommitInfo("CREATE TABLE", 1);
  info.in_commit_timestamp = 1234567890123;
  Commit(0, {info, TestProtocol(1, 7), ict});
  ASSERT_OK_AND_ASSIGN(auto snapshot, Load());
  EXPECT_EQ(snapshot->timestamp_millis(), 1234567890123);
}

TEST_F(delta_SnapshotReplay, HistoryNewestFirstWithLimit) {
  Commit(0, {TestCommitInfo("CREATE TABLE", 10), TestProtocol(), TestMetadata()});
  Commit(1, {TestCommitInfo("WRITE", 20), TestAdd("a")});
  Commit(2, {TestAdd("b")});  // no commitInfo
  CommitInfo ict = TestCommitInfo("DELETE", 30);
  ict.in_commit_timestamp = 99;
  Commit(3, {ict, TestRemove("a", 3)});

  ASSERT_OK_AND_ASSIGN(std::vector<HistoryEntry> history, History(fs_, kRoot));
  ASSERT_EQ(history.size(), 4u);
  EXPECT_EQ(history[0].version, 3);
  EXPECT_EQ(history[0].operation, "DELETE");
  EXPECT_EQ(history[0].timestamp_millis, 99);
  EXPECT_EQ(history[1].version, 2);
  EXPECT_EQ(history[1].operation, std::nullopt);
  EXPECT_FALSE(history[1].commit_info.has_value());
  EXPECT_EQ(history[1].timestamp_millis, 1700000002000);
  EXPECT_EQ(history[2].operation, "WRITE");
  EXPECT_EQ(history[2].timestamp_millis, 1700000001000);
  ASSERT_EQ(history[2].operation_parameters.size(), 1u);
  EXPECT_EQ(history[2].operation_parameters[0].first, "mode");
  EXPECT_EQ(history[2].operation_parameters[0].second, "\"Append\"");
  ASSERT_EQ(history[2].operation_metrics.size(), 1u);
  EXPECT_EQ(history[3].operation, "CREATE TABLE");

  ASSERT_OK_AND_ASSIGN(history, History(fs_, kRoot, {.limit = 2}));
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].version, 3);
  EXPECT_EQ(history[1].version, 2);
}

TEST(delta_SnapshotLogReplay, CommitsMustBeContiguous) {
  LogReplay replay;
  ASSERT_CODE(kInvalidArgument, replay.ApplyCommit(1, {}));
  ASSERT_OK(replay.ApplyCommit(0, {TestProtocol(), TestMetadata()}));
  ASSERT_CODE(kInvalidArgument, replay.ApplyCommit(2, {}));
  ASSERT_CODE(kInvalidArgument, replay.ApplyCheckpoint(5, {}));
  ASSERT_OK(replay.ApplyCommit(1, {TestAdd("x")}));
  ASSERT_OK_AND_ASSIGN(auto snapshot, replay.Finish(42));
  EXPECT_EQ(snapshot->version(), 1);
  EXPECT_EQ(snapshot->timestamp_millis(), 42);
  EXPECT_THAT(Paths(snapshot->files()), ElementsAre("x"));
}

TEST(delta_SnapshotLogReplay, CheckpointThenCommits) {
  LogReplay replay;
  ASSERT_OK(replay.ApplyCheckpoint(
      10, {TestProtocol(), TestMetadata(), TestAdd("b"), TestAdd("a"), TestRemove("z", 1)}));
  ASSERT_OK(replay.ApplyCommit(11, {TestAdd("z"), TestRemove("a", 2)}));
  ASSERT_OK_AND_ASSIGN(auto snapshot, replay.Finish(0));
  EXPECT_EQ(snapshot->checkpoint_version(), 10);
  EXPECT_THAT(Paths(snapshot->files()), ElementsAre("b", "z"));
  ASSERT_EQ(snapshot->tombstones().size(), 1u);
  EXPECT_EQ(snapshot->tombstones()[0].path, "a");
}

std::vector<storage::FileInfo> Listing(const std::vector<std::string>& names) {
  std::vector<storage::FileInfo> entries;
  for (const std::string& name : names) {
    entries.push_back(storage::FileInfo{.path = "t/_delta_log/" + name, .size = 1});
  }
  return entries;
}

TEST(delta_SnapshotLogSegment, PicksNewestCompleteCheckpointAtOrBeforeTheVersion) {
  std::vector<std::string> names;
  for (int64_t v = 0; v <= 25; ++v) names.push_back(CommitFileName(v));
  names.push_back(CheckpointFileName(10));
  names.push_back(MultiPartCheckpointFileName(20, 1, 2));
  names.push_back(MultiPartCheckpointFileName(20, 2, 2));
  names.push_back(MultiPartCheckpointFileName(24, 1, 2));  // incomplete: ignored
  names.push_back("_last_checkpoint");
  names.push_back(".00000000000000000003.json.crc");
  LogListing listing = MakeLogListing(Listing(names));
  ASSERT_EQ(listing.checkpoints.size(), 2u);
  EXPECT_EQ(listing.checkpoints[1].kind, LogFileKind::kMultiPartCheckpoint);
  EXPECT_EQ(listing.checkpoints[1].file_names.size(), 2u);

  ASSERT_OK_AND_ASSIGN(LogSegment latest, PlanLogSegment(listing, std::nullopt, "t"));
  EXPECT_EQ(latest.version, 25);
  ASSERT_TRUE(latest.checkpoint.has_value());
  EXPECT_EQ(latest.checkpoint->version, 20);
  EXPECT_THAT(latest.commits, ElementsAre(21, 22, 23, 24, 25));

  ASSERT_OK_AND_ASSIGN(LogSegment v15, PlanLogSegment(listing, 15, "t"));
  EXPECT_EQ(v15.checkpoint->version, 10);
  EXPECT_THAT(v15.commits, ElementsAre(11, 12, 13, 14, 15));
  ASSERT_OK_AND_ASSIGN(LogSegment v10, PlanLogSegment(listing, 10, "t"));
  EXPECT_EQ(v10.checkpoint->version, 10);
  EXPECT_THAT(v10.commits, IsEmpty());
  ASSERT_OK_AND_ASSIGN(LogSegment v3, PlanLogSegment(listing, 3, "t"));
  EXPECT_FALSE(v3.checkpoint.has_value());
  EXPECT_THAT(v3.commits, ElementsAre(0, 1, 2, 3));
}

TEST(delta_SnapshotLogSegment, CleanedUpCommitsAreNotFound) {
  std::vector<std::string> names = {CheckpointFileName(10)};
  for (int64_t v = 8; v <= 12; ++v) names.push_back(CommitFileName(v));
  LogListing listing = MakeLogListing(Listing(names));
  EXPECT_EQ(listing.EarliestRecreatableVersion(), 10);
  Result<LogSegment> result = PlanLogSegment(listing, 5, "t");
  ASSERT_CODE(kNotFound, result);
  EXPECT_THAT(result.status().message(), HasSubstr("earliest available version is 10"));
  ASSERT_OK_AND_ASSIGN(LogSegment v12, PlanLogSegment(listing, std::nullopt, "t"));
  EXPECT_THAT(v12.commits, ElementsAre(11, 12));

  // No checkpoint and no commit 0: nothing can be reconstructed.
  LogListing broken = MakeLogListing(Listing({CommitFileName(3), CommitFileName(4)}));
  result = PlanLogSegment(broken, std::nullopt, "t");
  ASSERT_CODE(kCorruption, result);
  EXPECT_THAT(result.status().message(), HasSubstr("commit 0 is missing"));

  LogListing empty = MakeLogListing(Listing({"_last_checkpoint"}));
  ASSERT_CODE(kNotFound, PlanLogSegment(empty, std::nullopt, "t"));
}

TEST(delta_SnapshotLogSegment, CheckpointPreference) {
  std::vector<std::string> names = {
      MultiPartCheckpointFileName(5, 1, 2),
      MultiPartCheckpointFileName(5, 2, 2),
      V2CheckpointFileName(5, "b0000000-0000-0000-0000-000000000000", CheckpointFormat::kJson),
      CheckpointFileName(5),
      V2CheckpointFileName(7, "a0000000-0000-0000-0000-000000000000", CheckpointFormat::kJson),
      MultiPartCheckpointFileName(7, 1, 1),
      MultiPartCheckpointFileName(9, 1, 3),
      MultiPartCheckpointFileName(9, 3, 3)};
  std::vector<CheckpointRef> refs = FindCompleteCheckpoints(names);
  ASSERT_EQ(refs.size(), 2u);
  EXPECT_EQ(refs[0].version, 5);
  EXPECT_EQ(refs[0].kind, LogFileKind::kCheckpoint);
  EXPECT_EQ(refs[1].version, 7);
  EXPECT_EQ(refs[1].kind, LogFileKind::kV2Checkpoint);
  EXPECT_EQ(refs[1].format, CheckpointFormat::kJson);
}

TEST(delta_SnapshotTableConfig, ParsesIntervals) {
  EXPECT_EQ(*ParseIntervalMillis("interval 1 week"), 7LL * 24 * 3600 * 1000);
  EXPECT_EQ(*ParseIntervalMillis("interval 36 hours"), 36LL * 3600 * 1000);
  EXPECT_EQ(*ParseIntervalMillis("INTERVAL 1 DAY 12 HOURS"), 36LL * 3600 * 1000);
  EXPECT_EQ(*ParseIntervalMillis("2 days"), 48LL * 3600 * 1000);
  EXPECT_EQ(*ParseIntervalMillis("interval 0 seconds"), 0);
  EXPECT_EQ(*ParseIntervalMillis("interval 1500 microseconds"), 1);
  ASSERT_CODE(kInvalidArgument, ParseIntervalMillis("interval 1 month"));
  ASSERT_CODE(kInvalidArgument, ParseIntervalMillis("one week"));
  ASSERT_CODE(kInvalidArgument, ParseIntervalMillis(""));

  Metadata metadata = TestMetadata();
  EXPECT_EQ(*DeletedFileRetentionMillis(metadata), kDefaultDeletedFileRetentionMillis);
  metadata.configuration["delta.deletedFileRetentionDuration"] = "interval 2 hours";
  EXPECT_EQ(*DeletedFileRetentionMillis(metadata), 2 * 3600 * 1000);
  EXPECT_EQ(InCommitTimestampsSince(metadata), std::nullopt);
  metadata.configuration["delta.enableInCommitTimestamps"] = "true";
  EXPECT_EQ(InCommitTimestampsSince(metadata), 0);
  metadata.configuration["delta.inCommitTimestampEnablementVersion"] = "7";
  EXPECT_EQ(InCommitTimestampsSince(metadata), 7);
}

}  // namespace
}  // namespace ingot::delta
