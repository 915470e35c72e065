#include "delta/ops/merge_table.h"

#include <filesystem>
#include <map>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "delta/ops/dml_test_util.h"
#include "delta/ops/write_table.h"
#include "delta/snapshot/snapshot_loader.h"
#include "delta/txn/conflict_checker.h"
#include "duck/connection.h"
#include "duck/database.h"

namespace ingot::delta {
namespace {

using ::testing::ElementsAre;

class DeltaMergeTest : public testing::DmlTest {
 protected:
  Result<MergeTableResult> Merge(MergeTableOptions options) {
    options.table_root = root_;
    return MergeTable(con_.get(), options);
  }
};

TEST_F(DeltaMergeTest, UpsertRewritesOnlyTouchedFiles) {
  Create("SELECT i AS id, i * 10 AS v, 'a' || i AS name FROM range(1, 4) t(i)");
  Append("SELECT i AS id, i * 10 AS v, 'a' || i AS name FROM range(4, 7) t(i)");
  Append("SELECT i AS id, i * 10 AS v, 'a' || i AS name FROM range(7, 10) t(i)");
  auto merged = Merge({.source_sql = "SELECT * FROM (VALUES (2, 200, 'b2'), (20, 2000, 'b20')) "
                                     "AS s(id, v, name)",
                       .keys = {"id"}});
  ASSERT_TRUE(merged.ok()) << merged.status();
  EXPECT_EQ(merged->version, 3);
  EXPECT_EQ(merged->rows_updated, 1);
  EXPECT_EQ(merged->rows_inserted, 1);
  EXPECT_EQ(merged->rows_deleted, 0);
  EXPECT_EQ(merged->rows_copied, 2);  // ids 1 and 3 share the file of id 2
  EXPECT_EQ(merged->files_removed, 1);
  EXPECT_EQ(merged->files_added, 1);
  EXPECT_EQ(merged->files_total, 3);
  EXPECT_EQ(merged->files_scanned, 1);  // key stats exclude the other two files
  EXPECT_THAT(TableRows(), ElementsAre("1|10|a1", "2|200|b2", "3|30|a3", "4|40|a4", "5|50|a5",
                                       "6|60|a6", "7|70|a7", "8|80|a8", "9|90|a9", "20|2000|b20"));
  EXPECT_EQ(LastOperation(), "MERGE");
  EXPECT_EQ(LastMetric("numTargetRowsInserted"), "1");
  EXPECT_EQ(LastMetric("numTargetRowsUpdated"), "1");
  EXPECT_EQ(LastMetric("numTargetRowsDeleted"), "0");
  EXPECT_EQ(LastMetric("numTargetRowsCopied"), "2");
  EXPECT_EQ(LastMetric("numTargetFilesAdded"), "1");
  EXPECT_EQ(LastMetric("numTargetFilesRemoved"), "1");
  EXPECT_EQ(LastMetric("numSourceRows"), "2");
  EXPECT_EQ(LastParameter("predicate"), "target.id = source.id");
  EXPECT_EQ(LastParameter("matchedPredicates"), "[{\"actionType\":\"update\"}]");
  EXPECT_EQ(LastParameter("notMatchedPredicates"), "[{\"actionType\":\"insert\"}]");
}

TEST_F(DeltaMergeTest, UpdateKeepsTargetColumnsTheSourceLacks) {
  Create("SELECT i AS id, i * 10 AS v, 'a' || i AS name FROM range(1, 4) t(i)");
  auto merged =
      Merge({.source_sql = "SELECT 2 AS id, 7 AS v UNION ALL SELECT 5, 8", .keys = {"id"}});
  ASSERT_TRUE(merged.ok()) << merged.status();
  EXPECT_THAT(TableRows(), ElementsAre("1|10|a1", "2|7|a2", "3|30|a3", "5|8|NULL"));
}

TEST_F(DeltaMergeTest, DuplicateSourceKeysNameTheKey) {
  Create("SELECT i AS id, i AS v FROM range(3) t(i)");
  auto merged = Merge(
      {.source_sql = "SELECT * FROM (VALUES (1, 1), (4, 2), (4, 3)) s(id, v)", .keys = {"id"}});
  ASSERT_FALSE(merged.ok());
  EXPECT_EQ(merged.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(merged.status().message().find("several rows for key (\"id\"=4)"), std::string::npos)
      << merged.status();
  EXPECT_EQ(Load()->version(), 0);
}

// A single integer key is checked with a bitmap over its range: negative, sparse and null keys.
TEST_F(DeltaMergeTest, DuplicateIntegerKeysAcrossARange) {
  Create("SELECT i AS id, i AS v FROM range(3) t(i)");
  auto unique = Merge({.source_sql = "SELECT * FROM (VALUES (-7, 1), (2, 2), (NULL, 3), (NULL, 4), "
                                     "(100000, 5)) s(id, v)",
                       .keys = {"id"}});
  ASSERT_TRUE(unique.ok()) << unique.status();
  EXPECT_EQ(unique->rows_inserted, 4);
  EXPECT_EQ(unique->rows_updated, 1);
  auto duplicate = Merge(
      {.source_sql = "SELECT * FROM (VALUES (-7, 1), (3, 2), (-7, 3)) s(id, v)", .keys = {"id"}});
  ASSERT_FALSE(duplicate.ok());
  EXPECT_NE(duplicate.status().message().find("several rows for key (\"id\"=-7)"),
            std::string::npos)
      << duplicate.status();
}

TEST_F(DeltaMergeTest, SequenceByKeepsTheLatestRow) {
  Create("SELECT i AS id, i AS v, 0 AS seq FROM range(3) t(i)");
  auto merged = Merge({.source_sql = "SELECT * FROM (VALUES (1, 11, 1), (1, 13, 3), (1, 12, 2), "
                                     "(5, 50, 1), (5, 51, 2), (NULL, 9, 1), (NULL, 8, 2)) "
                                     "s(id, v, seq)",
                       .keys = {"id"},
                       .sequence_by = "seq"});
  ASSERT_TRUE(merged.ok()) << merged.status();
  EXPECT_THAT(TableRows(),
              ElementsAre("0|0|0", "1|13|3", "2|2|0", "5|51|2", "NULL|8|2", "NULL|9|1"));
  EXPECT_EQ(merged->rows_inserted, 3);  // key 5 and both null keys (null never matches)
}

TEST_F(DeltaMergeTest, NotMatchedBySourceDeleteAndMatchedCondition) {
  Create("SELECT i AS id, i AS v FROM range(6) t(i)");
  auto merged = Merge({.source_sql = "SELECT * FROM (VALUES (1, 100), (2, 1), (3, 300), "
                                     "(9, 900)) s(id, v)",
                       .keys = {"id"},
                       .matched_condition = "source.v > target.v",
                       .when_not_matched = NotMatchedAction::kIgnore,
                       .when_not_matched_by_source = NotMatchedBySourceAction::kDelete});
  ASSERT_TRUE(merged.ok()) << merged.status();
  EXPECT_THAT(TableRows(), ElementsAre("1|100", "2|2", "3|300"));
  EXPECT_EQ(merged->rows_updated, 2);
  EXPECT_EQ(merged->rows_deleted, 3);
  EXPECT_EQ(merged->rows_inserted, 0);
  EXPECT_EQ(merged->rows_copied, 1);
  EXPECT_EQ(LastParameter("notMatchedBySourcePredicates"), "[{\"actionType\":\"delete\"}]");
  EXPECT_EQ(LastParameter("matchedPredicates"),
            "[{\"predicate\":\"source.v > target.v\",\"actionType\":\"update\"}]");
}

// UPDATE SET a column list, WHEN NOT MATCHED AND cond, WHEN NOT MATCHED BY SOURCE AND cond; with
// and without deletion vectors.
TEST_F(DeltaMergeTest, UpdateSetAndConditionsOnEveryClause) {
  for (bool dvs : {false, true}) {
    SCOPED_TRACE(dvs ? "deletion vectors" : "copy-on-write");
    std::filesystem::remove_all(root_);
    std::map<std::string, std::string> properties;
    if (dvs) properties["delta.enableDeletionVectors"] = "true";
    Create("SELECT i AS id, i * 10 AS v, 'n' || i AS note FROM range(6) t(i)", {}, properties);
    auto merged =
        Merge({.source_sql = "SELECT * FROM (VALUES (1, 5, 'x'), (2, 7, 'y'), (7, 70, 'z'), "
                             "(8, 80, 'skip')) s(id, v, note)",
               .keys = {"id"},
               .update_set = "v = target.v + source.v",
               .not_matched_condition = "source.note <> 'skip'",
               .when_not_matched_by_source = NotMatchedBySourceAction::kDelete,
               .not_matched_by_source_condition = "target.id >= 4"});
    ASSERT_TRUE(merged.ok()) << merged.status();
    // 1 and 2: v added, note kept; 7 inserted, 8 not; 4 and 5 deleted, 0 and 3 kept.
    EXPECT_THAT(TableRows(), ElementsAre("0|0|n0", "1|15|n1", "2|27|n2", "3|30|n3", "7|70|z"));
    EXPECT_EQ(merged->rows_updated, 2);
    EXPECT_EQ(merged->rows_inserted, 1);
    EXPECT_EQ(merged->rows_deleted, 2);
    EXPECT_EQ(LastParameter("notMatchedPredicates"),
              "[{\"predicate\":\"source.note <> 'skip'\",\"actionType\":\"insert\"}]");
    EXPECT_EQ(LastParameter("notMatchedBySourcePredicates"),
              "[{\"predicate\":\"target.id >= 4\",\"actionType\":\"delete\"}]");
  }
  auto unknown = Merge({.source_sql = "SELECT 1 AS id", .keys = {"id"}, .update_set = "nope = 1"});
  EXPECT_EQ(unknown.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(unknown.status().message(), ::testing::HasSubstr("'nope'"));
}

// The source rows are told apart by their temp table rowid and the target files by DuckDB's
// file_index: columns of those names must still be merged as data.
TEST_F(DeltaMergeTest, ColumnsNamedRowidAndFileIndexAreData) {
  Create("SELECT i AS id, i * 10 AS rowid, i AS file_index FROM range(3) t(i)");
  Append("SELECT i AS id, i * 10 AS rowid, i AS file_index FROM range(3, 5) t(i)");
  auto merged = Merge({.source_sql = "SELECT * FROM (VALUES (1, 100, 7), (4, 400, 8), (5, 500, 9)) "
                                     "s(id, rowid, file_index)",
                       .keys = {"id"},
                       .when_not_matched_by_source = NotMatchedBySourceAction::kDelete});
  ASSERT_TRUE(merged.ok()) << merged.status();
  EXPECT_EQ(merged->rows_updated, 2);
  EXPECT_EQ(merged->rows_inserted, 1);
  EXPECT_EQ(merged->rows_deleted, 3);
  EXPECT_THAT(TableRows(), ElementsAre("1|100|7", "4|400|8", "5|500|9"));
}

// The rows of a rewritten file that do not change are found by their file and position, and
// the updated rows' values come from the join: some of the files read (id 1 falls in the first
// file's range) are not rewritten; with and without a column named file_index, copy-on-write and
// deletion vectors.
TEST_F(DeltaMergeTest, RewriteKeepsTheUnchangedRowsOfTouchedFilesOnly) {
  for (const bool dvs : {false, true}) {
    for (const std::string extra : {"", ", id * 2 AS file_index"}) {
      SCOPED_TRACE(std::string(dvs ? "deletion vectors" : "copy-on-write") + extra);
      std::filesystem::remove_all(root_);
      auto rows = [&extra](int from, int to) {
        return "SELECT i AS id, i * 10 AS v" + extra + " FROM range(" + std::to_string(from) +
               ", " + std::to_string(to) + ", 2) t(i)";
      };
      std::map<std::string, std::string> properties;
      if (dvs) properties["delta.enableDeletionVectors"] = "true";
      Create(rows(0, 4), {}, properties);
      Append(rows(4, 8));
      Append(rows(8, 12));
      auto merged = Merge({.source_sql = "SELECT id, v" + extra +
                                         " FROM (VALUES (1, 100), (4, 400), (10, 1000)) s(id, v)",
                           .keys = {"id"}});
      ASSERT_TRUE(merged.ok()) << merged.status();
      EXPECT_EQ(merged->files_scanned, 3);
      EXPECT_EQ(merged->rows_updated, 2);
      EXPECT_EQ(merged->rows_inserted, 1);
      EXPECT_EQ(merged->rows_copied, dvs ? 0 : 2);
      EXPECT_EQ(merged->files_removed, dvs ? 0 : 2);
      EXPECT_EQ(merged->deletion_vectors_added, dvs ? 2 : 0);
      std::vector<std::string> expected;
      for (auto [id, v] : std::vector<std::pair<int, int>>{
               {0, 0}, {1, 100}, {2, 20}, {4, 400}, {6, 60}, {8, 80}, {10, 1000}}) {
        expected.push_back(std::to_string(id) + "|" + std::to_string(v) +
                           (extra.empty() ? "" : "|" + std::to_string(id * 2)));
      }
      EXPECT_EQ(TableRows(), expected);
    }
  }
}

TEST_F(DeltaMergeTest, MatchedDeleteRemovesRows) {
  Create("SELECT i AS id, i AS v FROM range(4) t(i)");
  auto merged = Merge({.source_sql = "SELECT * FROM (VALUES (1), (3), (7)) s(id)",
                       .keys = {"id"},
                       .when_matched = MatchedAction::kDelete,
                       .when_not_matched = NotMatchedAction::kIgnore});
  ASSERT_TRUE(merged.ok()) << merged.status();
  EXPECT_THAT(TableRows(), ElementsAre("0|0", "2|2"));
  EXPECT_EQ(merged->rows_deleted, 2);
  EXPECT_EQ(LastMetric("numTargetRowsDeleted"), "2");
}

TEST_F(DeltaMergeTest, IgnoreMatchedOnlyInsertsAndRewritesNothing) {
  Create("SELECT i AS id, i AS v FROM range(4) t(i)");
  auto merged = Merge({.source_sql = "SELECT * FROM (VALUES (1, 5), (8, 8)) s(id, v)",
                       .keys = {"id"},
                       .when_matched = MatchedAction::kIgnore});
  ASSERT_TRUE(merged.ok()) << merged.status();
  EXPECT_EQ(merged->files_removed, 0);
  EXPECT_EQ(merged->files_added, 1);
  EXPECT_THAT(TableRows(), ElementsAre("0|0", "1|1", "2|2", "3|3", "8|8"));
}

TEST_F(DeltaMergeTest, PartitionPruningReadsOnlyTheSourcePartitions) {
  Create("SELECT i AS id, 'p' || (i % 4) AS part, i AS v FROM range(40) t(i)", {"part"});
  auto merged = Merge({.source_sql = "SELECT 5 AS id, 'p1' AS part, 500 AS v UNION ALL "
                                     "SELECT 41, 'p1', 410",
                       .keys = {"id", "part"}});
  ASSERT_TRUE(merged.ok()) << merged.status();
  EXPECT_EQ(merged->files_total, 4);
  EXPECT_EQ(merged->files_scanned, 1);
  EXPECT_EQ(merged->files_removed, 1);
  EXPECT_EQ(Scalar("SELECT count(*) FROM (" + TableSql() + ")"), "41");
  EXPECT_EQ(Scalar("SELECT v FROM (" + TableSql() + ") WHERE id = 5"), "500");
  EXPECT_EQ(Scalar("SELECT part FROM (" + TableSql() + ") WHERE id = 41"), "p1");
  EXPECT_EQ(LastMetric("numTargetFilesAfterSkipping"), "1");
  EXPECT_EQ(LastMetric("numTargetFilesBeforeSkipping"), "4");
}

TEST_F(DeltaMergeTest, MergeSchemaAddsColumns) {
  Create("SELECT i AS id, i AS v FROM range(3) t(i)");
  auto refused = Merge({.source_sql = "SELECT 1 AS id, 5 AS v, 'x' AS extra", .keys = {"id"}});
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("extra"), std::string::npos) << refused.status();
  auto merged = Merge(
      {.source_sql = "SELECT 1 AS id, 5 AS v, 'x' AS extra", .keys = {"id"}, .merge_schema = true});
  ASSERT_TRUE(merged.ok()) << merged.status();
  EXPECT_THAT(TableRows(), ElementsAre("0|0|NULL", "1|5|x", "2|2|NULL"));
}

TEST_F(DeltaMergeTest, TxnMakesARepeatedMergeANoOp) {
  Create("SELECT i AS id, i AS v FROM range(3) t(i)");
  MergeTableOptions options{.source_sql = "SELECT 7 AS id, 7 AS v",
                            .keys = {"id"},
                            .txn = Txn{.app_id = "pipe", .version = 1}};
  auto first = Merge(options);
  ASSERT_TRUE(first.ok()) << first.status();
  auto second = Merge(options);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_TRUE(second->skipped);
  EXPECT_EQ(second->version, first->version);
  EXPECT_EQ(Scalar("SELECT count(*) FROM (" + TableSql() + ")"), "4");
}

TEST_F(DeltaMergeTest, ErrorsNameTheProblem) {
  Create("SELECT i AS id, i AS v FROM range(3) t(i)");
  auto no_key = Merge({.source_sql = "SELECT 1 AS id", .keys = {"nope"}});
  ASSERT_FALSE(no_key.ok());
  EXPECT_NE(no_key.status().message().find("'nope'"), std::string::npos) << no_key.status();
  auto bad_condition = Merge(
      {.source_sql = "SELECT 1 AS id, 2 AS v", .keys = {"id"}, .matched_condition = "target.zz"});
  ASSERT_FALSE(bad_condition.ok());
  EXPECT_EQ(Load()->version(), 0);
}

TEST_F(DeltaMergeTest, ConcurrentAppendIntoAnotherPartitionCommutes) {
  Create("SELECT i AS id, 'p' || (i % 2) AS part, i AS v FROM range(10) t(i)", {"part"});
  auto other = db_->Connect();
  ASSERT_TRUE(other.ok());
  testing::HookClock clock([&] {
    auto appended = WriteTable(other->get(), {.table_root = root_,
                                              .source_sql = "SELECT 100 AS id, 'p9' AS part, "
                                                            "1 AS v"});
    ASSERT_TRUE(appended.ok()) << appended.status();
  });
  auto merged = Merge({.source_sql = "SELECT 2 AS id, 'p0' AS part, 222 AS v",
                       .keys = {"id", "part"},
                       .commit = {.clock = &clock}});
  ASSERT_TRUE(clock.fired());
  ASSERT_TRUE(merged.ok()) << merged.status();
  EXPECT_EQ(merged->version, 2);
  EXPECT_EQ(Scalar("SELECT count(*) FROM (" + TableSql() + ")"), "11");
  EXPECT_EQ(Scalar("SELECT v FROM (" + TableSql() + ") WHERE id = 2"), "222");
}

TEST_F(DeltaMergeTest, ConcurrentAppendIntoAReadPartitionConflicts) {
  Create("SELECT i AS id, 'p' || (i % 2) AS part, i AS v FROM range(10) t(i)", {"part"});
  auto other = db_->Connect();
  ASSERT_TRUE(other.ok());
  testing::HookClock clock([&] {
    auto appended = WriteTable(
        other->get(), {.table_root = root_, .source_sql = "SELECT 2 AS id, 'p0' AS part, 1 AS v"});
    ASSERT_TRUE(appended.ok()) << appended.status();
  });
  auto merged = Merge({.source_sql = "SELECT 2 AS id, 'p0' AS part, 222 AS v",
                       .keys = {"id", "part"},
                       .commit = {.clock = &clock}});
  ASSERT_FALSE(merged.ok());
  EXPECT_EQ(merged.status().code(), StatusCode::kConflict) << merged.status();
  // The appended row survives; MERGE's files were cleaned up.
  EXPECT_EQ(Scalar("SELECT count(*) FROM (" + TableSql() + ")"), "11");
}

TEST_F(DeltaMergeTest, ConcurrentRemovalOfAReadFileConflicts) {
  Create("SELECT i AS id, i AS v FROM range(10) t(i)");
  auto other = db_->Connect();
  ASSERT_TRUE(other.ok());
  testing::HookClock clock([&] {
    // An overwrite removes the file MERGE read.
    auto overwritten = WriteTable(other->get(), {.table_root = root_,
                                                 .source_sql = "SELECT 50 AS id, 50 AS v",
                                                 .mode = WriteMode::kOverwrite});
    ASSERT_TRUE(overwritten.ok()) << overwritten.status();
  });
  auto merged = Merge({.source_sql = "SELECT 3 AS id, 333 AS v",
                       .keys = {"id"},
                       .when_not_matched = NotMatchedAction::kIgnore,
                       .commit = {.clock = &clock}});
  ASSERT_FALSE(merged.ok());
  EXPECT_EQ(merged.status().code(), StatusCode::kConflict) << merged.status();
  EXPECT_THAT(TableRows(), ElementsAre("50|50"));
  // Retrying on the new snapshot sees the overwrite: nothing matches.
  auto retried = Merge({.source_sql = "SELECT 3 AS id, 333 AS v", .keys = {"id"}});
  ASSERT_TRUE(retried.ok()) << retried.status();
  EXPECT_THAT(TableRows(), ElementsAre("3|333", "50|50"));
}

}  // namespace
}  // namespace ingot::delta

namespace ingot::delta {
namespace {

Add AddIn(const std::string& path, const std::string& part) {
  Add add;
  add.path = path;
  add.partition_values = {{"part", part}};
  return add;
}

TEST(PartitionReadSetTest, AppendsConflictOnlyInReadPartitions) {
  ReadSet read;
  read.partitions.push_back({{"part", "a"}});
  read.partitions.push_back({{"part", std::nullopt}});
  TransactionSummary pending = SummarizeTransaction({}, false, read, std::nullopt);
  EXPECT_FALSE(CheckConflict(pending, 5, {AddIn("x.parquet", "b")}).has_value());
  auto same = CheckConflict(pending, 5, {AddIn("y.parquet", "a")});
  ASSERT_TRUE(same.has_value());
  EXPECT_EQ(same->kind, ConflictKind::kConcurrentAppend);
  EXPECT_NE(same->message.find("'y.parquet'"), std::string::npos) << same->message;
  // An empty string and null are the same (null) partition.
  EXPECT_TRUE(CheckConflict(pending, 5, {AddIn("z.parquet", "")}).has_value());
  Add no_change = AddIn("w.parquet", "a");
  no_change.data_change = false;
  EXPECT_FALSE(CheckConflict(pending, 5, {no_change}).has_value());
}

}  // namespace
}  // namespace ingot::delta
