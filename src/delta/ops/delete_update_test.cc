#include <filesystem>
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "delta/ops/delete_table.h"
#include "delta/ops/dml_internal.h"
#include "delta/ops/dml_test_util.h"
#include "delta/ops/merge_table.h"
#include "delta/ops/update_table.h"
#include "delta/ops/write_table.h"
#include "duck/connection.h"
#include "duck/database.h"

namespace ingot::delta {
namespace {

using ::testing::ElementsAre;

class DeltaDeleteUpdateTest : public testing::DmlTest {
 protected:
  Result<DeleteTableResult> Delete(const std::string& predicate, CommitOptions commit = {}) {
    return DeleteFromTable(con_.get(),
                           {.table_root = root_, .predicate = predicate, .commit = commit});
  }
  Result<UpdateTableResult> Update(const std::string& assignments, const std::string& predicate) {
    return UpdateTable(con_.get(),
                       {.table_root = root_, .assignments = assignments, .predicate = predicate});
  }
  // Three files: ids 0-3, 4-7, 8-11.
  void CreateThreeFiles() {
    Create("SELECT i AS id, i * 10 AS v FROM range(0, 4) t(i)");
    Append("SELECT i AS id, i * 10 AS v FROM range(4, 8) t(i)");
    Append("SELECT i AS id, i * 10 AS v FROM range(8, 12) t(i)");
  }
};

TEST_F(DeltaDeleteUpdateTest, DeleteRewritesPartlyDeletedFilesAndDropsWholeOnes) {
  CreateThreeFiles();
  auto deleted = Delete("id BETWEEN 2 AND 7");
  ASSERT_TRUE(deleted.ok()) << deleted.status();
  EXPECT_EQ(deleted->version, 3);
  EXPECT_EQ(deleted->rows_deleted, 6);
  EXPECT_EQ(deleted->rows_copied, 2);
  EXPECT_EQ(deleted->files_removed, 2);  // the first rewritten, the second dropped whole
  EXPECT_EQ(deleted->files_added, 1);
  EXPECT_THAT(TableRows(), ElementsAre("0|0", "1|10", "8|80", "9|90", "10|100", "11|110"));
  EXPECT_EQ(LastOperation(), "DELETE");
  EXPECT_EQ(LastMetric("numDeletedRows"), "6");
  EXPECT_EQ(LastMetric("numCopiedRows"), "2");
  EXPECT_EQ(LastMetric("numRemovedFiles"), "2");
  EXPECT_EQ(LastMetric("numAddedFiles"), "1");
  EXPECT_EQ(LastParameter("predicate"), "[\"id BETWEEN 2 AND 7\"]");
}

TEST_F(DeltaDeleteUpdateTest, DeleteMatchingNothingCommitsNothing) {
  CreateThreeFiles();
  auto deleted = Delete("id > 100 OR v IS NULL");
  ASSERT_TRUE(deleted.ok()) << deleted.status();
  EXPECT_EQ(deleted->version, 2);
  EXPECT_EQ(deleted->rows_deleted, 0);
  EXPECT_EQ(Load()->version(), 2);
}

TEST_F(DeltaDeleteUpdateTest, DeleteByPartitionReadsNoFile) {
  Create("SELECT i AS id, 'p' || (i % 3) AS part FROM range(30) t(i)", {"part"});
  // The matching partition's data file made unreadable: it must not be opened.
  std::shared_ptr<const Snapshot> snapshot = Load();  // alive for the whole loop
  for (const Add& add : snapshot->files()) {
    if (add.partition_values.at("part") == "p1") {
      std::ofstream(*add.LocalPath(root_), std::ios::trunc) << "not parquet";
    }
  }
  auto deleted = Delete("part = 'p1'");
  ASSERT_TRUE(deleted.ok()) << deleted.status();
  EXPECT_EQ(deleted->files_scanned, 0);
  EXPECT_EQ(deleted->files_removed, 1);
  EXPECT_EQ(deleted->files_added, 0);
  EXPECT_EQ(deleted->rows_deleted, 10);
  EXPECT_EQ(Scalar("SELECT count(*) FROM (" + TableSql() + ") WHERE part = 'p1'"), "0");
  EXPECT_EQ(Scalar("SELECT count(*) FROM (" + TableSql() + ")"), "20");
  // A partition conjunct limits the files read: p0 only.
  auto mixed = Delete("id > 20 AND part = 'p0'");
  ASSERT_TRUE(mixed.ok()) << mixed.status();
  EXPECT_EQ(mixed->files_scanned, 1);
  EXPECT_EQ(mixed->rows_deleted, 3);  // 21, 24, 27
  EXPECT_EQ(Scalar("SELECT count(*) FROM (" + TableSql() + ")"), "17");
}

TEST_F(DeltaDeleteUpdateTest, SplitConjunctsRespectsBetweenCaseAndQuotes) {
  EXPECT_THAT(dml::SplitConjuncts("a = 1 AND b BETWEEN 1 and 5 AND (c OR d) and 'x AND y' = e"),
              ElementsAre("a = 1 ", " b BETWEEN 1 and 5 ", " (c OR d) ", " 'x AND y' = e"));
  EXPECT_THAT(dml::SplitConjuncts("CASE WHEN a AND b THEN 1 END = 1 AND band = 2"),
              ElementsAre("CASE WHEN a AND b THEN 1 END = 1 ", " band = 2"));
  EXPECT_THAT(dml::SplitConjuncts("a OR b"), ElementsAre("a OR b"));
}

TEST_F(DeltaDeleteUpdateTest, DeleteEverything) {
  CreateThreeFiles();
  auto deleted = Delete("");
  ASSERT_TRUE(deleted.ok()) << deleted.status();
  EXPECT_EQ(deleted->rows_deleted, 12);
  EXPECT_EQ(deleted->files_removed, 3);
  EXPECT_TRUE(TableRows().empty());
}

TEST_F(DeltaDeleteUpdateTest, BadPredicateIsNamed) {
  CreateThreeFiles();
  auto deleted = Delete("nope > 1");
  ASSERT_FALSE(deleted.ok());
  EXPECT_EQ(deleted.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(deleted.status().message().find("'nope > 1'"), std::string::npos) << deleted.status();
}

TEST_F(DeltaDeleteUpdateTest, AppendOnlyTablesRefuseDeleteAndUpdate) {
  Create("SELECT 1 AS id", {}, {{"delta.appendOnly", "true"}});
  EXPECT_EQ(Delete("id = 1").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Update("id = 2", "").status().code(), StatusCode::kInvalidArgument);
}

TEST_F(DeltaDeleteUpdateTest, UpdateRewritesOnlyFilesWithMatches) {
  CreateThreeFiles();
  auto updated = Update("v = v + 1, id = id * 100", "id IN (5, 6)");
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->rows_updated, 2);
  EXPECT_EQ(updated->rows_copied, 2);
  EXPECT_EQ(updated->files_removed, 1);
  EXPECT_EQ(updated->files_added, 1);
  EXPECT_THAT(TableRows(), ElementsAre("0|0", "1|10", "2|20", "3|30", "4|40", "7|70", "8|80",
                                       "9|90", "10|100", "11|110", "500|51", "600|61"));
  EXPECT_EQ(LastOperation(), "UPDATE");
  EXPECT_EQ(LastMetric("numUpdatedRows"), "2");
  EXPECT_EQ(LastMetric("numCopiedRows"), "2");
}

TEST_F(DeltaDeleteUpdateTest, UpdateOfAPartitionColumnMovesRows) {
  Create("SELECT i AS id, 'p' || (i % 2) AS part FROM range(6) t(i)", {"part"});
  auto updated = Update("part = 'p9'", "part = 'p1' AND id > 1");
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->files_scanned, 1);  // only p1's file is read
  EXPECT_THAT(TableRows(), ElementsAre("0|p0", "1|p1", "2|p0", "3|p9", "4|p0", "5|p9"));
}

TEST_F(DeltaDeleteUpdateTest, UpdateErrorsNameTheProblem) {
  CreateThreeFiles();
  auto unknown = Update("zz = 1", "");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("'zz'"), std::string::npos) << unknown.status();
  auto malformed = Update("v + 1", "");
  ASSERT_FALSE(malformed.ok());
  EXPECT_NE(malformed.status().message().find("column = expression"), std::string::npos);
  auto bad_cast = Update("v = 'text'", "id = 1");
  ASSERT_FALSE(bad_cast.ok());
  EXPECT_EQ(bad_cast.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Load()->version(), 2);
}

TEST_F(DeltaDeleteUpdateTest, ParseAssignmentsSplitsAtTopLevelCommas) {
  auto parsed = dml::ParseAssignments("a = coalesce(b, 1), \"c d\" = 'x, y', e=[1,2]");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  ASSERT_EQ(parsed->size(), 3u);
  EXPECT_EQ((*parsed)[0], std::make_pair(std::string("a"), std::string("coalesce(b, 1)")));
  EXPECT_EQ((*parsed)[1], std::make_pair(std::string("c d"), std::string("'x, y'")));
  EXPECT_EQ((*parsed)[2], std::make_pair(std::string("e"), std::string("[1,2]")));
  EXPECT_FALSE(dml::ParseAssignments("a == 1").ok());
}

TEST_F(DeltaDeleteUpdateTest, ConcurrentRemovalOfAReadFileFailsDelete) {
  CreateThreeFiles();
  auto other = db_->Connect();
  ASSERT_TRUE(other.ok());
  testing::HookClock clock([&] {
    auto overwritten = WriteTable(other->get(), {.table_root = root_,
                                                 .source_sql = "SELECT 1 AS id, 1 AS v",
                                                 .mode = WriteMode::kOverwrite});
    ASSERT_TRUE(overwritten.ok()) << overwritten.status();
  });
  auto deleted = Delete("id = 2", {.clock = &clock});
  ASSERT_FALSE(deleted.ok());
  EXPECT_EQ(deleted.status().code(), StatusCode::kConflict) << deleted.status();
  EXPECT_THAT(TableRows(), ElementsAre("1|1"));
}

}  // namespace
}  // namespace ingot::delta
