#include "delta/txn/conflict_checker.h"

#include <set>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "delta/txn/txn_test_util.h"

namespace ingot::delta::testing {
namespace {

using ::testing::HasSubstr;

TransactionSummary BlindAppend() {
  return SummarizeTransaction({TestAdd("mine.parquet")}, /*is_blind_append=*/true, {},
                              std::nullopt);
}

// A DELETE that read `read` and removes `removed`.
TransactionSummary Delete(std::set<std::string> read, const std::vector<std::string>& removed) {
  std::vector<Action> actions;
  for (const std::string& path : removed) actions.push_back(TestRemove(path));
  return SummarizeTransaction(actions, false, ReadSet{.whole_table = false, .files = read},
                              std::nullopt);
}

TEST(DeltaTxnConflictCheckerTest, BlindAppendsCommute) {
  EXPECT_EQ(CheckConflict(BlindAppend(), 3, {TestAdd("a.parquet"), TestAdd("b.parquet")}),
            std::nullopt);
}

TEST(DeltaTxnConflictCheckerTest, SummaryCollectsRemovesAndDomains) {
  TransactionSummary summary =
      SummarizeTransaction({TestRemove("x"), DomainMetadata{"d1", "{}", false}, TestAdd("y")},
                           false, ReadSet{.whole_table = true}, Txn{"app", 4});
  EXPECT_EQ(summary.removed_files, std::set<std::string>{"x"});
  EXPECT_EQ(summary.domains, std::set<std::string>{"d1"});
  EXPECT_TRUE(summary.read_set.whole_table);
  ASSERT_TRUE(summary.txn.has_value());
  EXPECT_EQ(summary.txn->version, 4);
}

TEST(DeltaTxnConflictCheckerTest, MetadataChangeConflictsEvenWithBlindAppend) {
  auto conflict = CheckConflict(BlindAppend(), 7, {TestMetadata({{"k", "v"}})});
  ASSERT_TRUE(conflict.has_value());
  EXPECT_EQ(conflict->kind, ConflictKind::kMetadataChanged);
  EXPECT_EQ(conflict->winning_version, 7);
  EXPECT_THAT(conflict->message, HasSubstr("version 7 changed the table metadata"));
}

TEST(DeltaTxnConflictCheckerTest, ProtocolChangeConflictsWithEverything) {
  auto conflict = CheckConflict(Delete({}, {}), 2, {TestProtocol()});
  ASSERT_TRUE(conflict.has_value());
  EXPECT_EQ(conflict->kind, ConflictKind::kProtocolChanged);
}

TEST(DeltaTxnConflictCheckerTest, SameAppIdConflicts) {
  TransactionSummary pending =
      SummarizeTransaction({TestAdd("p")}, true, {}, Txn{.app_id = "stream-1", .version = 9});
  auto older = CheckConflict(pending, 5, {Txn{.app_id = "stream-1", .version = 8}});
  ASSERT_TRUE(older.has_value());
  EXPECT_EQ(older->kind, ConflictKind::kConcurrentTransaction);
  EXPECT_THAT(older->message, HasSubstr("appId 'stream-1'"));

  auto same = CheckConflict(pending, 5, {Txn{.app_id = "stream-1", .version = 9}});
  ASSERT_TRUE(same.has_value());
  EXPECT_EQ(same->kind, ConflictKind::kTxnVersionNotNewer);
  EXPECT_THAT(same->message, HasSubstr("already committed"));

  auto newer = CheckConflict(pending, 5, {Txn{.app_id = "stream-1", .version = 12}});
  ASSERT_TRUE(newer.has_value());
  EXPECT_EQ(newer->kind, ConflictKind::kTxnVersionNotNewer);

  EXPECT_EQ(CheckConflict(pending, 5, {Txn{.app_id = "other", .version = 100}}), std::nullopt);
  EXPECT_EQ(CheckConflict(BlindAppend(), 5, {Txn{.app_id = "stream-1", .version = 1}}),
            std::nullopt);
}

TEST(DeltaTxnConflictCheckerTest, RemovingAFileWeReadConflicts) {
  auto conflict = CheckConflict(Delete({"a", "b"}, {}), 4, {TestRemove("b"), TestAdd("c")});
  ASSERT_TRUE(conflict.has_value());
  EXPECT_EQ(conflict->kind, ConflictKind::kConcurrentDeleteRead);
  EXPECT_THAT(conflict->message, HasSubstr("removed 'b', which this transaction read"));
}

TEST(DeltaTxnConflictCheckerTest, RemovingAnUnreadFileCommutes) {
  EXPECT_EQ(CheckConflict(Delete({"a"}, {"a"}), 4, {TestRemove("z"), TestAdd("c")}), std::nullopt);
}

TEST(DeltaTxnConflictCheckerTest, BothRemovingAFileConflicts) {
  auto conflict = CheckConflict(Delete({}, {"a"}), 4, {TestRemove("a")});
  ASSERT_TRUE(conflict.has_value());
  EXPECT_EQ(conflict->kind, ConflictKind::kConcurrentDeleteDelete);
  EXPECT_THAT(conflict->message, HasSubstr("which this transaction removes too"));
}

TEST(DeltaTxnConflictCheckerTest, BlindAppendIgnoresConcurrentRemoves) {
  EXPECT_EQ(CheckConflict(BlindAppend(), 4, {TestRemove("mine.parquet")}), std::nullopt);
}

TEST(DeltaTxnConflictCheckerTest, AppendWhileReadingWholeTableConflicts) {
  TransactionSummary overwrite =
      SummarizeTransaction({TestRemove("old")}, false, ReadSet{.whole_table = true}, std::nullopt);
  auto conflict = CheckConflict(overwrite, 6, {TestAdd("new")});
  ASSERT_TRUE(conflict.has_value());
  EXPECT_EQ(conflict->kind, ConflictKind::kConcurrentAppend);
  EXPECT_THAT(conflict->message, HasSubstr("added 'new' while this transaction read the whole"));

  // A rewrite without data change (compaction) adds no data; the same append is fine for a
  // transaction that read only some files.
  EXPECT_EQ(CheckConflict(overwrite, 6, {TestAdd("compacted", /*data_change=*/false)}),
            std::nullopt);
  EXPECT_EQ(CheckConflict(Delete({"old"}, {"old"}), 6, {TestAdd("new")}), std::nullopt);
}

TEST(DeltaTxnConflictCheckerTest, SameDomainConflicts) {
  TransactionSummary pending = SummarizeTransaction(
      {DomainMetadata{"delta.rowTracking", "{}", false}}, false, {}, std::nullopt);
  auto conflict = CheckConflict(pending, 3, {DomainMetadata{"delta.rowTracking", "{}", false}});
  ASSERT_TRUE(conflict.has_value());
  EXPECT_EQ(conflict->kind, ConflictKind::kConcurrentDomainMetadata);
  EXPECT_THAT(conflict->message, HasSubstr("'delta.rowTracking'"));
  EXPECT_EQ(CheckConflict(pending, 3, {DomainMetadata{"other", "{}", false}}), std::nullopt);
}

TEST(DeltaTxnConflictCheckerTest, MessageNamesAFewPathsAndCountsTheRest) {
  std::vector<Action> winner;
  std::set<std::string> read;
  for (int i = 0; i < 5; ++i) {
    winner.push_back(TestRemove("f" + std::to_string(i)));
    read.insert("f" + std::to_string(i));
  }
  auto conflict = CheckConflict(Delete(read, {}), 1, winner);
  ASSERT_TRUE(conflict.has_value());
  EXPECT_THAT(conflict->message, HasSubstr("'f0', 'f1', 'f2' and 2 more"));
}

TEST(DeltaTxnConflictCheckerTest, KindNamesAreDistinct) {
  std::set<std::string_view> names;
  for (ConflictKind kind :
       {ConflictKind::kProtocolChanged, ConflictKind::kMetadataChanged,
        ConflictKind::kConcurrentTransaction, ConflictKind::kTxnVersionNotNewer,
        ConflictKind::kConcurrentDeleteRead, ConflictKind::kConcurrentDeleteDelete,
        ConflictKind::kConcurrentAppend, ConflictKind::kConcurrentDomainMetadata}) {
    names.insert(ConflictKindName(kind));
  }
  EXPECT_EQ(names.size(), 8u);
}

}  // namespace
}  // namespace ingot::delta::testing
