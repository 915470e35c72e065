#include "delta/txn/commit.h"

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "delta/log/actions_codec.h"
#include "delta/txn/txn_test_util.h"
#include "storage/local_fs.h"

namespace ingot::delta::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

TEST(DeltaTxnCommitTest, CreatesTableAtVersionZero) {
  MemoryTable table;
  ASSERT_OK_AND_ASSIGN(CommitResult result, Commit(table.store, CreateTableRequest()));
  EXPECT_EQ(result.version, 0);
  EXPECT_EQ(result.attempts, 1);
  std::vector<Action> actions = ReadActions(table.store, 0);
  ASSERT_EQ(actions.size(), 3u);
  EXPECT_EQ(KindOf(actions[0]), ActionKind::kCommitInfo);  // commitInfo comes first
  EXPECT_EQ(std::get<Protocol>(actions[1]), TestProtocol());
  EXPECT_EQ(std::get<Metadata>(actions[2]), TestMetadata());
}

TEST(DeltaTxnCommitTest, WritesCommitInfo) {
  // Far ahead of the system clock that stamped version 0, so that the manual time is used.
  ManualClock clock(/*start_micros=*/4'000'000'000'000'000);
  MemoryTable table;
  CreateTable(table.store);
  CommitRequest request = BlindAppendRequest(0, {"part-0.parquet"});
  request.operation_metrics = {{"numFiles", "\"1\""}, {"numOutputRows", "\"10\""}};
  request.user_metadata = "nightly load";
  request.txn = Txn{.app_id = "pipeline-a", .version = 3};
  ASSERT_OK_AND_ASSIGN(CommitResult result,
                       Commit(table.store, request, CommitOptions{.clock = &clock}));
  EXPECT_EQ(result.version, 1);
  EXPECT_EQ(result.timestamp, 4'000'000'000'000);

  CommitInfo info = ReadCommitInfo(table.store, 1);
  EXPECT_EQ(info.timestamp, 4'000'000'000'000);
  EXPECT_EQ(info.in_commit_timestamp, std::nullopt);
  EXPECT_EQ(info.operation, "WRITE");
  EXPECT_EQ(info.OperationParameter("mode"), "Append");
  EXPECT_EQ(info.OperationMetric("numOutputRows"), "10");
  EXPECT_EQ(info.read_version, 0);
  EXPECT_EQ(info.is_blind_append, true);
  EXPECT_EQ(info.isolation_level, "Serializable");
  EXPECT_EQ(info.engine_info, "Ingot/0.1.0");
  EXPECT_EQ(info.user_metadata, "nightly load");
  ASSERT_TRUE(info.txn_id.has_value());
  EXPECT_EQ(*info.txn_id, result.txn_id);
  EXPECT_THAT(*info.txn_id, ::testing::MatchesRegex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-"
                                                    "[89ab][0-9a-f]{3}-[0-9a-f]{12}"));

  std::vector<Action> actions = ReadActions(table.store, 1);
  ASSERT_EQ(actions.size(), 3u);
  EXPECT_EQ(std::get<Add>(actions[1]).path, "part-0.parquet");
  const Txn& txn = std::get<Txn>(actions[2]);
  EXPECT_EQ(txn.app_id, "pipeline-a");
  EXPECT_EQ(txn.version, 3);
  EXPECT_EQ(txn.last_updated, 4'000'000'000'000);

  // The table creation has no readVersion; its first line is the commitInfo.
  EXPECT_EQ(ReadCommitInfo(table.store, 0).read_version, std::nullopt);
  ASSERT_OK_AND_ASSIGN(std::string file, table.store.ReadCommit(0));
  EXPECT_THAT(file, StartsWith("{\"commitInfo\":{\"timestamp\":"));
}

TEST(DeltaTxnCommitTest, TimestampsStrictlyIncreaseWhenTheClockGoesBackwards) {
  ManualClock clock(/*start_micros=*/1'000'000'000);  // 1'000'000 ms
  MemoryTable table;
  CommitOptions options{.clock = &clock};
  ASSERT_OK_AND_ASSIGN(CommitResult created, Commit(table.store, CreateTableRequest(), options));
  EXPECT_EQ(created.timestamp, 1'000'000);

  std::vector<int64_t> timestamps = {created.timestamp};
  for (int i = 0; i < 5; ++i) {
    if (i == 1) clock.SetMicros(1'000);  // far back
    // i == 2, 3: the clock stands still.
    if (i == 4) clock.SetMicros(2'000'000'000);  // 2'000'000 ms, ahead again
    ASSERT_OK_AND_ASSIGN(
        CommitResult result,
        Commit(table.store, BlindAppendRequest(i, {"f" + std::to_string(i)}), options));
    timestamps.push_back(result.timestamp);
  }
  EXPECT_THAT(timestamps, ::testing::ElementsAre(1'000'000, 1'000'001, 1'000'002, 1'000'003,
                                                 1'000'004, 2'000'000));
  for (int64_t version = 0; version <= 5; ++version) {
    ASSERT_OK_AND_ASSIGN(int64_t stored, table.store.CommitTimestamp(version));
    EXPECT_EQ(stored, timestamps[static_cast<size_t>(version)]);
  }
}

TEST(DeltaTxnCommitTest, WritesInCommitTimestampWhenEnabled) {
  ManualClock clock(/*start_micros=*/1'000'000'000);
  MemoryTable table(&clock);  // file mtimes come from the same clock
  CommitRequest create = CreateTableRequest();
  std::get<Metadata>(create.actions[1]).configuration["delta.enableInCommitTimestamps"] = "true";
  ASSERT_OK_AND_ASSIGN(CommitResult created,
                       Commit(table.store, create, CommitOptions{.clock = &clock}));
  EXPECT_EQ(ReadCommitInfo(table.store, 0).in_commit_timestamp, created.timestamp);

  clock.SetMicros(0);
  CommitRequest append = BlindAppendRequest(0, {"a"});
  append.in_commit_timestamps = true;
  ASSERT_OK_AND_ASSIGN(CommitResult result,
                       Commit(table.store, append, CommitOptions{.clock = &clock}));
  CommitInfo info = ReadCommitInfo(table.store, 1);
  EXPECT_EQ(info.in_commit_timestamp, created.timestamp + 1);
  EXPECT_EQ(info.timestamp, info.in_commit_timestamp);
  EXPECT_EQ(result.timestamp, created.timestamp + 1);
}

TEST(DeltaTxnCommitTest, CreatingAnExistingTableIsAlreadyExists) {
  MemoryTable table;
  CreateTable(table.store);
  Result<CommitResult> again = Commit(table.store, CreateTableRequest());
  ASSERT_CODE(kAlreadyExists, again);
  EXPECT_THAT(again.status().message(), HasSubstr("cannot create table 'memory:t'"));
  ASSERT_OK_AND_ASSIGN(auto latest, table.store.LatestVersion());
  EXPECT_EQ(latest, 0);
}

TEST(DeltaTxnCommitTest, CommitsOnLocalFileSystem) {
  ScopedTempDir dir;
  auto fs = std::make_shared<storage::LocalFileSystem>();
  LogStore store(fs, dir.path() + "/events");
  CreateTable(store);
  for (int64_t i = 0; i < 3; ++i) {
    ASSERT_OK_AND_ASSIGN(CommitResult result,
                         Commit(store, BlindAppendRequest(i, {"p" + std::to_string(i)})));
    EXPECT_EQ(result.version, i + 1);
  }
  ASSERT_OK(fs->GetFileInfo(dir.path() + "/events/_delta_log/00000000000000000003.json"));
  EXPECT_THAT(AllAddedPaths(store), ::testing::ElementsAre("p0", "p1", "p2"));
  ASSERT_CODE(kAlreadyExists, Commit(store, CreateTableRequest()));
}

TEST(DeltaTxnCommitTest, RejectsMalformedRequests) {
  MemoryTable table;
  CreateTable(table.store);
  auto expect_invalid = [&](CommitRequest request, const std::string& needle) {
    Result<CommitResult> result = Commit(table.store, std::move(request));
    ASSERT_CODE(kInvalidArgument, result);
    EXPECT_THAT(result.status().message(), HasSubstr(needle));
    EXPECT_THAT(result.status().message(), HasSubstr("memory:t"));
  };
  CommitRequest with_info = BlindAppendRequest(0, {"a"});
  with_info.actions.push_back(CommitInfo{});
  expect_invalid(with_info, "commitInfo");
  CommitRequest no_operation = BlindAppendRequest(0, {"a"});
  no_operation.operation.clear();
  expect_invalid(no_operation, "operation name is empty");
  CommitRequest blind_remove = BlindAppendRequest(0, {"a"});
  blind_remove.actions.push_back(TestRemove("b"));
  expect_invalid(blind_remove, "only add and domainMetadata actions");
  CommitRequest twice = BlindAppendRequest(0, {"a", "a"});
  expect_invalid(twice, "added twice");
  CommitRequest bad_json = BlindAppendRequest(0, {"a"});
  bad_json.operation_parameters = {{"mode", "Append"}};  // not quoted
  expect_invalid(bad_json, "not valid JSON");
  CommitRequest create_without_metadata = CreateTableRequest();
  create_without_metadata.actions.pop_back();
  expect_invalid(create_without_metadata, "needs a protocol and a metaData");
  expect_invalid(BlindAppendRequest(5, {"a"}), "read version 5 does not exist");
  CommitRequest blind_domain = BlindAppendRequest(0, {"d"});
  blind_domain.actions.push_back(DomainMetadata{"delta.rowTracking", "{}", false});
  ASSERT_OK(Commit(table.store, blind_domain));  // allowed; it lands at version 1
  CommitRequest txn_action = BlindAppendRequest(0, {"a"});
  txn_action.is_blind_append = false;
  txn_action.actions.push_back(Txn{"app", 1});
  expect_invalid(txn_action, "CommitRequest::txn");
  Result<CommitResult> no_attempts =
      Commit(table.store, BlindAppendRequest(0, {"a"}), CommitOptions{.max_attempts = 0});
  ASSERT_CODE(kInvalidArgument, no_attempts);
  ASSERT_OK_AND_ASSIGN(auto latest, table.store.LatestVersion());
  EXPECT_EQ(latest, 1);  // nothing invalid was written
}

TEST(DeltaTxnCommitTest, CommitsOnTopOfACheckpointOnlyVersion) {
  MemoryTable table;
  // Commits 0..9 were cleaned up; checkpoint 10 is all that is left of version 10.
  ASSERT_OK(table.fs->WriteFileAtomic("t/_delta_log/00000000000000000010.checkpoint.parquet", "x"));
  ASSERT_OK_AND_ASSIGN(CommitResult result, Commit(table.store, BlindAppendRequest(10, {"a"})));
  EXPECT_EQ(result.version, 11);
  ASSERT_CODE(kInvalidArgument, Commit(table.store, BlindAppendRequest(12, {"b"})));
}

// Sets up version 0 (create) and version 1 (files a, b, c), then lets `winner` commit version 2
// against read version 1. Returns the outcome of `loser`, also planned against read version 1.
Result<CommitResult> RaceAfterWinner(MemoryTable* table, CommitRequest winner,
                                     CommitRequest loser) {
  CreateTable(table->store);
  Result<CommitResult> files = Commit(table->store, BlindAppendRequest(0, {"a", "b", "c"}));
  if (!files.ok()) return files.status();
  winner.read_version = 1;
  Result<CommitResult> won = Commit(table->store, std::move(winner));
  if (!won.ok()) return won.status();
  loser.read_version = 1;
  return Commit(table->store, std::move(loser));
}

CommitRequest DeleteRequest(std::vector<std::string> read, std::vector<std::string> removed) {
  CommitRequest request;
  for (const std::string& path : removed) request.actions.push_back(TestRemove(path));
  request.operation = "DELETE";
  request.read_set.files.insert(read.begin(), read.end());
  return request;
}

void ExpectConflict(const Result<CommitResult>& result, ConflictKind kind) {
  ASSERT_CODE(kConflict, result);
  const std::string message = result.status().message();
  EXPECT_THAT(message, HasSubstr("table 'memory:t' (read version 1"));
  EXPECT_THAT(
      message,
      HasSubstr("conflicts with version 2 (rule: " + std::string(ConflictKindName(kind)) + ")"));
  EXPECT_EQ(ConflictKindOf(result.status()), kind);
}

TEST(DeltaTxnCommitTest, ConcurrentMetadataChangeConflicts) {
  MemoryTable table;
  CommitRequest set_properties;
  set_properties.actions = {TestMetadata({{"delta.appendOnly", "true"}})};
  set_properties.operation = "SET TBLPROPERTIES";
  ExpectConflict(RaceAfterWinner(&table, set_properties, BlindAppendRequest(1, {"x"})),
                 ConflictKind::kMetadataChanged);
}

TEST(DeltaTxnCommitTest, SameAppIdConflicts) {
  MemoryTable table;
  CommitRequest winner = BlindAppendRequest(1, {"w"});
  winner.txn = Txn{.app_id = "stream", .version = 7};
  CommitRequest loser = BlindAppendRequest(1, {"l"});
  loser.txn = Txn{.app_id = "stream", .version = 8};
  ExpectConflict(RaceAfterWinner(&table, winner, loser), ConflictKind::kConcurrentTransaction);

  MemoryTable again;
  loser.txn->version = 7;
  ExpectConflict(RaceAfterWinner(&again, winner, loser), ConflictKind::kTxnVersionNotNewer);
}

TEST(DeltaTxnCommitTest, ConcurrentRemoveOfAFileWeReadConflicts) {
  MemoryTable table;
  ExpectConflict(RaceAfterWinner(&table, DeleteRequest({"b"}, {"b"}), DeleteRequest({"b"}, {})),
                 ConflictKind::kConcurrentDeleteRead);
}

TEST(DeltaTxnCommitTest, WholeTableReadConflictsWithConcurrentAppend) {
  MemoryTable table;
  CommitRequest overwrite = DeleteRequest({}, {"a", "b", "c"});
  overwrite.operation = "WRITE";
  overwrite.operation_parameters = {{"mode", "\"Overwrite\""}};
  overwrite.actions.push_back(TestAdd("new"));
  overwrite.read_set.whole_table = true;
  Result<CommitResult> result = RaceAfterWinner(&table, BlindAppendRequest(1, {"x"}), overwrite);
  ExpectConflict(result, ConflictKind::kConcurrentAppend);
  EXPECT_THAT(result.status().message(), HasSubstr("added 'x'"));
}

TEST(DeltaTxnCommitTest, NonConflictingRetryLandsAtTheNextVersion) {
  MemoryTable table;
  // The winner removes 'a'; the loser deletes 'c', having read only 'c'.
  Result<CommitResult> result =
      RaceAfterWinner(&table, DeleteRequest({"a"}, {"a"}), DeleteRequest({"c"}, {"c"}));
  ASSERT_OK(result);
  EXPECT_EQ(result->version, 3);
  EXPECT_EQ(result->attempts, 2);
  CommitInfo info = ReadCommitInfo(table.store, 3);
  EXPECT_EQ(info.read_version, 1);  // the snapshot it planned against
  EXPECT_GT(*info.timestamp, *ReadCommitInfo(table.store, 2).timestamp);

  // Blind appends commute with each other.
  ASSERT_OK_AND_ASSIGN(CommitResult append, Commit(table.store, BlindAppendRequest(0, {"z"})));
  EXPECT_EQ(append.version, 4);
  EXPECT_EQ(append.attempts, 2);
}

TEST(DeltaTxnCommitTest, GivesUpAfterMaxAttempts) {
  MemoryTable table;
  CreateTable(table.store);
  ASSERT_OK(Commit(table.store, BlindAppendRequest(0, {"w"})));
  Result<CommitResult> result =
      Commit(table.store, BlindAppendRequest(0, {"l"}), CommitOptions{.max_attempts = 1});
  ASSERT_CODE(kConflict, result);
  EXPECT_THAT(result.status().message(),
              HasSubstr("gave up after 1 attempts (rule: retries exhausted): versions 1..1"));
  EXPECT_EQ(ConflictKindOf(result.status()), std::nullopt);
  EXPECT_EQ(ConflictKindOf(Status::IOError("x (rule: metadata changed)")), std::nullopt);
}

}  // namespace
}  // namespace ingot::delta::testing
