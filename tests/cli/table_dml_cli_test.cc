// End-to-end: ingot table merge / delete / update through the binary: output, exit codes, rows.
#include <algorithm>
#include <filesystem>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli_runner.h"

namespace ingot::testing {
namespace {

using ::testing::HasSubstr;

class TableDmlCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir(std::string("table_dml_") +
                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
    table_ = dir_ + "/customers";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  CliRun Ok(const std::vector<std::string>& args) {
    CliRun run = RunIngot(args);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return run;
  }
  std::string Rows() {
    return Ok({"sql", "--format", "csv", "SELECT * FROM delta_scan('" + table_ + "') ORDER BY ALL"})
        .out;
  }

  std::string dir_;
  std::string table_;
};

TEST_F(TableDmlCliTest, MergeUpsertsAndPrintsMetrics) {
  Ok({"table", "create", table_, "--sql",
      "SELECT * FROM (VALUES (1, 'ann', 1), (2, 'bob', 1), (3, 'cy', 1)) t(id, name, seq)"});
  CliRun merged =
      Ok({"table", "merge", table_, "--source",
          "SELECT * FROM (VALUES (2, 'bobby', 3), (2, 'rob', 2), (4, 'dee', 1)) s(id, name, seq)",
          "--on", "id", "--sequence-by", "seq"});
  EXPECT_EQ(merged.out, "merged into " + table_ +
                            ": version 1, 1 rows inserted, 1 updated, 0 deleted, 2 copied; 1 "
                            "of 1 files scanned, 1 added, 1 removed\n");
  EXPECT_EQ(Rows(), "id,name,seq\n1,ann,1\n2,bobby,3\n3,cy,1\n4,dee,1\n");
  CliRun history = Ok({"table", "history", table_, "--format", "csv", "--limit", "1"});
  EXPECT_THAT(history.out, HasSubstr("MERGE"));
  EXPECT_THAT(history.out, HasSubstr("numTargetRowsUpdated"));

  // Delete matched rows under a condition and the target rows the source lacks.
  Ok({"table", "merge", table_, "--source", "SELECT 1 AS id, 'x' AS name, 9 AS seq", "--on", "id",
      "--when-matched", "delete", "--matched-condition", "source.seq > target.seq",
      "--when-not-matched", "ignore", "--when-not-matched-by-source", "ignore"});
  EXPECT_EQ(Rows(), "id,name,seq\n2,bobby,3\n3,cy,1\n4,dee,1\n");
  Ok({"table", "merge", table_, "--source", "SELECT 3 AS id", "--on", "id", "--when-matched",
      "ignore", "--when-not-matched-by-source", "delete"});
  EXPECT_EQ(Rows(), "id,name,seq\n3,cy,1\n");
}

TEST_F(TableDmlCliTest, MergeErrorsUseExitCodes) {
  Ok({"table", "create", table_, "--sql", "SELECT 1 AS id, 'a' AS name"});
  CliRun duplicate =
      RunIngot({"table", "merge", table_, "--source",
                "SELECT 7 AS id, 'x' AS name UNION ALL SELECT 7, 'y'", "--on", "id"});
  EXPECT_EQ(duplicate.exit_code, 3);
  EXPECT_THAT(duplicate.err, HasSubstr("\"id\"=7"));
  CliRun extra = RunIngot({"table", "merge", table_, "--source",
                           "SELECT 1 AS id, 'a' AS name, 5 AS score", "--on", "id"});
  EXPECT_EQ(extra.exit_code, 3);
  EXPECT_THAT(extra.err, HasSubstr("score"));
  Ok({"table", "merge", table_, "--source", "SELECT 1 AS id, 'a' AS name, 5 AS score", "--on", "id",
      "--merge-schema"});
  EXPECT_EQ(Rows(), "id,name,score\n1,a,5\n");
  CliRun usage = RunIngot({"table", "merge", table_, "--source", "SELECT 1 AS id", "--on", "id",
                           "--when-matched", "upsert"});
  EXPECT_EQ(usage.exit_code, 2);
}

TEST_F(TableDmlCliTest, DeleteAndUpdate) {
  Ok({"table", "create", table_, "--partition-by", "country", "--sql",
      "SELECT i AS id, CASE WHEN i % 2 = 0 THEN 'DE' ELSE 'FR' END AS country, i * 10 AS amount "
      "FROM range(6) t(i)"});
  CliRun deleted = Ok({"table", "delete", table_, "--where", "country = 'FR'"});
  EXPECT_EQ(deleted.out, "deleted from " + table_ +
                             ": version 1, 3 rows deleted, 0 copied; 0 of 2 files scanned, 0 "
                             "added, 1 removed\n");
  CliRun updated =
      Ok({"table", "update", table_, "--set", "amount = amount + 1", "--where", "id >= 2"});
  EXPECT_THAT(updated.out, HasSubstr("version 2, 2 rows updated, 1 copied"));
  EXPECT_EQ(Rows(), "id,country,amount\n0,DE,0\n2,DE,21\n4,DE,41\n");
  Ok({"table", "delete", table_, "--where", "amount > 30"});
  EXPECT_EQ(Rows(), "id,country,amount\n0,DE,0\n2,DE,21\n");
  CliRun bad = RunIngot({"table", "update", table_, "--set", "nope = 1"});
  EXPECT_EQ(bad.exit_code, 3);
  EXPECT_THAT(bad.err, HasSubstr("'nope'"));
  CliRun missing = RunIngot({"table", "delete", table_});
  EXPECT_EQ(missing.exit_code, 2);
}

TEST_F(TableDmlCliTest, DeletionVectorsAndChangeDataFeed) {
  Ok({"table", "create", table_, "--property", "delta.enableDeletionVectors=true", "--property",
      "delta.enableChangeDataFeed=true", "--sql",
      "SELECT i AS id, i * 10 AS amount FROM range(6) t(i)"});
  CliRun deleted = Ok({"table", "delete", table_, "--where", "id = 1"});
  EXPECT_EQ(deleted.out, "deleted from " + table_ +
                             ": version 1, 1 rows deleted, 0 copied; 1 of 1 files scanned, 0 "
                             "added, 0 removed, 1 deletion vectors\n");
  CliRun updated = Ok({"table", "update", table_, "--set", "amount = 0", "--where", "id = 2"});
  EXPECT_THAT(updated.out, HasSubstr("1 rows updated, 0 copied"));
  Ok({"table", "merge", table_, "--source", "SELECT 3 AS id, 33 AS amount UNION ALL SELECT 7, 70",
      "--on", "id"});
  EXPECT_EQ(Rows(), "id,amount\n0,0\n2,0\n3,33\n4,40\n5,50\n7,70\n");
  CliRun changes = Ok({"table", "changes", table_, "--from", "1", "--format", "csv"});
  EXPECT_THAT(changes.out, HasSubstr("1,10,delete,1,"));
  EXPECT_THAT(changes.out, HasSubstr("2,20,update_preimage,2,"));
  EXPECT_THAT(changes.out, HasSubstr("2,0,update_postimage,2,"));
  EXPECT_THAT(changes.out, HasSubstr("3,33,update_postimage,3,"));
  EXPECT_THAT(changes.out, HasSubstr("7,70,insert,3,"));
  EXPECT_EQ(std::count(changes.out.begin(), changes.out.end(), '\n'), 7) << changes.out;
}

}  // namespace
}  // namespace ingot::testing
