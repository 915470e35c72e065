#include "delta/ops/restore_table.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "delta/ops/delete_table.h"
#include "delta/ops/dml_test_util.h"
#include "delta/ops/vacuum_table.h"
#include "delta/ops/write_table.h"
#include "delta/scan/scan_sql.h"
#include "delta/snapshot/snapshot_loader.h"
#include "delta/txn/log_store.h"
#include "storage/local_fs.h"

namespace ingot::delta {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class RestoreTableTest : public testing::DmlTest {
 protected:
  Result<RestoreTableResult> Restore(RestoreTableOptions options) {
    options.table_root = root_;
    return RestoreTable(con_.get(), options);
  }
  std::shared_ptr<const Snapshot> LoadAt(int64_t version) {
    auto snapshot = LoadSnapshot(std::make_shared<storage::LocalFileSystem>(), root_, con_.get(),
                                 {.version = version});
    EXPECT_TRUE(snapshot.ok()) << snapshot.status();
    return snapshot.ok() ? *snapshot : nullptr;
  }
  std::vector<std::string> RowsAt(int64_t version) {
    auto snapshot = LoadAt(version);
    if (snapshot == nullptr) return {};
    auto sql = ScanSql({.table_root = root_,
                        .schema = snapshot->schema(),
                        .partition_columns = snapshot->partition_columns(),
                        .files = snapshot->files()});
    EXPECT_TRUE(sql.ok()) << sql.status();
    return sql.ok() ? Rows("SELECT * FROM (" + *sql + ") ORDER BY ALL")
                    : std::vector<std::string>{};
  }
  // v0: ids 0-4, v1: ids 5-9, v2: delete id < 3 (rewrites v0's file).
  void CreateThreeVersions() {
    Create("SELECT i AS id FROM range(0, 5) t(i)");
    Append("SELECT i AS id FROM range(5, 10) t(i)");
    auto deleted = DeleteFromTable(con_.get(), {.table_root = root_, .predicate = "id < 3"});
    ASSERT_TRUE(deleted.ok()) << deleted.status();
  }
};

TEST_F(RestoreTableTest, RestoresTheRowsAndFilesOfAVersion) {
  CreateThreeVersions();
  std::vector<std::string> at_one = RowsAt(1);
  ASSERT_EQ(at_one.size(), 10u);
  auto restored = Restore({.version = 1});
  ASSERT_TRUE(restored.ok()) << restored.status();
  EXPECT_TRUE(restored->committed);
  EXPECT_EQ(restored->version, 3);
  EXPECT_EQ(restored->restored_version, 1);
  EXPECT_EQ(restored->num_restored_files, 1);
  EXPECT_EQ(restored->num_removed_files, 1);
  EXPECT_EQ(restored->num_files_after, 2);
  EXPECT_EQ(restored->table_size_after, LoadAt(1)->total_size());
  EXPECT_EQ(TableRows(), at_one);
  EXPECT_EQ(LastOperation(), "RESTORE");
  EXPECT_EQ(LastParameter("version"), "1");
  EXPECT_EQ(LastMetric("numRestoredFiles"), "1");
  EXPECT_EQ(LastMetric("numRemovedFiles"), "1");
  EXPECT_EQ(LastMetric("numOfFilesAfterRestore"), "2");
  LogStore store(std::make_shared<storage::LocalFileSystem>(), root_);
  auto actions = store.ReadCommitActions(3);
  ASSERT_TRUE(actions.ok()) << actions.status();
  for (const Action& action : *actions) {
    if (const auto* add = std::get_if<Add>(&action)) {
      EXPECT_TRUE(add->data_change);
    }
    if (const auto* remove = std::get_if<Remove>(&action)) {
      EXPECT_TRUE(remove->data_change);
    }
  }
  // Restoring forward again gives back the state of version 2.
  auto forward = Restore({.version = 2});
  ASSERT_TRUE(forward.ok()) << forward.status();
  EXPECT_EQ(TableRows(), RowsAt(2));
}

TEST_F(RestoreTableTest, ByTimestampAndToTheCurrentState) {
  CreateThreeVersions();
  auto restored = Restore({.timestamp_millis = LoadAt(0)->timestamp_millis()});
  ASSERT_TRUE(restored.ok()) << restored.status();
  EXPECT_EQ(restored->restored_version, 0);
  EXPECT_THAT(TableRows(), ElementsAre("0", "1", "2", "3", "4"));
  // A time after the last commit means the latest version: nothing to do.
  auto latest = Restore({.timestamp_millis = Load()->timestamp_millis() + 60000});
  ASSERT_TRUE(latest.ok()) << latest.status();
  EXPECT_FALSE(latest->committed);
  EXPECT_EQ(latest->version, 3);
}

TEST_F(RestoreTableTest, RestoresTheSchema) {
  Create("SELECT 1 AS id");
  auto widened = WriteTable(
      con_.get(),
      {.table_root = root_, .source_sql = "SELECT 2 AS id, 'x' AS name", .merge_schema = true});
  ASSERT_TRUE(widened.ok()) << widened.status();
  auto restored = Restore({.version = 0});
  ASSERT_TRUE(restored.ok()) << restored.status();
  EXPECT_EQ(Load()->schema().fields().size(), 1u);
  EXPECT_THAT(TableRows(), ElementsAre("1"));
  EXPECT_EQ(Load()->protocol(), LoadAt(1)->protocol());
}

TEST_F(RestoreTableTest, BadTargetsAreClearErrors) {
  CreateThreeVersions();
  auto missing = Restore({.version = 99});
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_THAT(missing.status().message(), HasSubstr("version 99 does not exist"));
  auto both = Restore({.version = 1, .timestamp_millis = 5});
  EXPECT_EQ(both.status().code(), StatusCode::kInvalidArgument);
  auto neither = Restore({});
  EXPECT_EQ(neither.status().code(), StatusCode::kInvalidArgument);
  auto before_first = Restore({.timestamp_millis = 1000});
  EXPECT_EQ(before_first.status().code(), StatusCode::kInvalidArgument);
}

TEST_F(RestoreTableTest, AVacuumedFileIsNamed) {
  CreateThreeVersions();
  std::string removed_file = LoadAt(0)->files()[0].path;
  auto vacuumed =
      VacuumTable(con_.get(), {.table_root = root_, .retention_millis = 0, .force = true});
  ASSERT_TRUE(vacuumed.ok()) << vacuumed.status();
  ASSERT_EQ(vacuumed->files.size(), 1u);
  auto restored = Restore({.version = 0});
  EXPECT_EQ(restored.status().code(), StatusCode::kNotFound);
  EXPECT_THAT(restored.status().message(), HasSubstr(removed_file));
  EXPECT_THAT(restored.status().message(), HasSubstr("VACUUM"));
}

}  // namespace
}  // namespace ingot::delta
