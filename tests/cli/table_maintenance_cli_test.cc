// End-to-end: ingot table optimize / vacuum / restore through the binary: output, exit codes,
// rows and files on disk.
#include <filesystem>
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli_runner.h"

namespace ingot::testing {
namespace {

using ::testing::HasSubstr;

class TableMaintenanceCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir(std::string("table_maintenance_") +
                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
    table_ = dir_ + "/events";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  CliRun Ok(const std::vector<std::string>& args) {
    CliRun run = RunIngot(args);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return run;
  }
  std::string Rows(const std::string& version_arg = "") {
    return Ok({"sql", "--format", "csv",
               "SELECT * FROM delta_scan('" + table_ + "'" + version_arg + ") ORDER BY ALL"})
        .out;
  }
  int DataFiles() {
    int count = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(table_)) {
      if (entry.path().extension() == ".parquet" &&
          entry.path().string().find("_delta_log") == std::string::npos) {
        ++count;
      }
    }
    return count;
  }
  // Four small files in two partitions.
  void CreateSmallFiles() {
    Ok({"table", "create", table_, "--partition-by", "day", "--sql",
        "SELECT i AS id, 'd' || (i % 2) AS day, i * 7 % 10 AS x FROM range(0, 10) t(i)"});
    Ok({"table", "append", table_, "--sql",
        "SELECT i AS id, 'd' || (i % 2) AS day, i * 7 % 10 AS x FROM range(10, 20) t(i)"});
  }

  std::string dir_;
  std::string table_;
};

TEST_F(TableMaintenanceCliTest, OptimizeCompactsAndReportsFilesAndBytes) {
  CreateSmallFiles();
  std::string before = Rows();
  CliRun optimized = Ok({"table", "optimize", table_});
  EXPECT_THAT(optimized.out,
              HasSubstr("optimized " + table_ + ": version 2; files 4 -> 2, bytes "));
  EXPECT_THAT(optimized.out, HasSubstr("4 removed, 2 added in 2 batches"));
  EXPECT_EQ(Rows(), before);
  CliRun again = Ok({"table", "optimize", table_});
  EXPECT_THAT(again.out, HasSubstr("nothing to optimize in " + table_ + " (version 2): 2 files"));
  CliRun zordered = Ok({"table", "optimize", table_, "--zorder-by", "x,id", "--where", "day = 'd1'",
                        "--target-size", "1000000"});
  EXPECT_THAT(zordered.out, HasSubstr("version 3; files 2 -> 2"));
  EXPECT_EQ(Rows(), before);
  CliRun history = Ok({"table", "history", table_, "--format", "csv", "--limit", "1"});
  EXPECT_THAT(history.out, HasSubstr("OPTIMIZE"));
}

TEST_F(TableMaintenanceCliTest, OptimizeRejectsBadColumns) {
  CreateSmallFiles();
  CliRun unknown = RunIngot({"table", "optimize", table_, "--zorder-by", "x,nope"});
  EXPECT_EQ(unknown.exit_code, 3);
  EXPECT_THAT(unknown.err, HasSubstr("'nope'"));
  CliRun data_column = RunIngot({"table", "optimize", table_, "--where", "x > 3"});
  EXPECT_EQ(data_column.exit_code, 3);
  EXPECT_THAT(data_column.err, HasSubstr("column 'x' is not a partition column"));
}

TEST_F(TableMaintenanceCliTest, VacuumDryRunThenForcedVacuum) {
  CreateSmallFiles();
  Ok({"table", "optimize", table_});
  std::ofstream(table_ + "/orphan.parquet") << "not referenced";
  CliRun refused = RunIngot({"table", "vacuum", table_, "--retain", "1h"});
  EXPECT_EQ(refused.exit_code, 3);
  EXPECT_THAT(refused.err, HasSubstr("168 hours"));
  CliRun bad = RunIngot({"table", "vacuum", table_, "--retain", "soon"});
  EXPECT_EQ(bad.exit_code, 3);
  // Within the default retention nothing is old enough.
  CliRun kept = Ok({"table", "vacuum", table_, "--dry-run"});
  EXPECT_THAT(kept.out, HasSubstr("0 files (0 bytes) and 0 expired log files would be deleted"));

  CliRun dry = Ok({"table", "vacuum", table_, "--retain", "0h", "--force", "--dry-run"});
  EXPECT_THAT(dry.out, HasSubstr("orphan.parquet\n"));
  EXPECT_THAT(dry.out, HasSubstr("5 files"));
  EXPECT_EQ(DataFiles(), 7);
  CliRun vacuumed = Ok({"table", "vacuum", table_, "--retain", "0h", "--force"});
  EXPECT_THAT(vacuumed.out, HasSubstr("5 files"));
  EXPECT_THAT(vacuumed.out, HasSubstr("versions 3 (VACUUM START) and 4 (VACUUM END)"));
  EXPECT_EQ(DataFiles(), 2);
  EXPECT_EQ(Rows().size(), Rows(", version => 2").size());
  CliRun old = RunIngot({"sql", "SELECT * FROM delta_scan('" + table_ + "', version => 0)"});
  EXPECT_NE(old.exit_code, 0);
}

TEST_F(TableMaintenanceCliTest, RestoreToAVersion) {
  CreateSmallFiles();
  std::string at_zero = Rows(", version => 0");
  Ok({"table", "delete", table_, "--where", "id > 3"});
  CliRun restored = Ok({"table", "restore", table_, "--version", "0"});
  EXPECT_THAT(restored.out, HasSubstr("restored " + table_ + " to version 0 as version 3"));
  EXPECT_EQ(Rows(), at_zero);
  CliRun missing = RunIngot({"table", "restore", table_, "--version", "42"});
  EXPECT_EQ(missing.exit_code, 4);
  EXPECT_THAT(missing.err, HasSubstr("version 42 does not exist"));
  CliRun neither = RunIngot({"table", "restore", table_});
  EXPECT_EQ(neither.exit_code, 3);
  CliRun both =
      RunIngot({"table", "restore", table_, "--version", "1", "--timestamp", "2026-01-01"});
  EXPECT_EQ(both.exit_code, 2);
}

TEST_F(TableMaintenanceCliTest, ConstraintAddDropAndEnforcement) {
  Ok({"table", "create", table_, "--sql", "SELECT 1 AS id, 5 AS qty UNION ALL SELECT 2, -1"});
  CliRun existing = RunIngot({"table", "constraint", "add", table_, "qty_positive", "qty > 0"});
  EXPECT_EQ(existing.exit_code, 3);
  EXPECT_THAT(existing.err, HasSubstr("violated by row id=2, qty=-1"));
  Ok({"table", "delete", table_, "--where", "qty <= 0"});
  CliRun added = Ok({"table", "constraint", "add", table_, "qty_positive", "qty > 0"});
  EXPECT_EQ(added.out, "added constraint qty_positive (qty > 0) to " + table_ + ": version 2\n");
  CliRun violating = RunIngot({"table", "append", table_, "--sql", "SELECT 3 AS id, 0 AS qty"});
  EXPECT_EQ(violating.exit_code, 3);
  EXPECT_THAT(violating.err, HasSubstr("CHECK constraint qty_positive (qty > 0) violated by row "
                                       "id=3, qty=0"));
  CliRun dropped = Ok({"table", "constraint", "drop", table_, "qty_positive"});
  EXPECT_EQ(dropped.out, "dropped constraint qty_positive from " + table_ + ": version 3\n");
  Ok({"table", "append", table_, "--sql", "SELECT 3 AS id, 0 AS qty"});
  CliRun missing = RunIngot({"table", "constraint", "drop", table_, "qty_positive"});
  EXPECT_EQ(missing.exit_code, 4);
}

}  // namespace
}  // namespace ingot::testing
