// Change data feed writes: UPDATE, DELETE and MERGE on a table with
// delta.enableChangeDataFeed=true write _change_data/ files that the change feed reader
// (delta_changes, `ingot table changes`) returns, with copy-on-write and with deletion vectors.
#include <filesystem>
#include <map>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "delta/ops/delete_table.h"
#include "delta/ops/dml_test_util.h"
#include "delta/ops/merge_table.h"
#include "delta/ops/update_table.h"

namespace ingot::delta {
namespace {

using ::testing::ElementsAre;

class ChangeDataDmlTest : public testing::DmlTest {
 protected:
  // Runs UPDATE, DELETE and two MERGEs on ids 0-5 (part = id % 2, v = id * 10).
  void RunStatements(bool deletion_vectors) {
    std::map<std::string, std::string> properties = {{"delta.enableChangeDataFeed", "true"}};
    if (deletion_vectors) properties["delta.enableDeletionVectors"] = "true";
    Create("SELECT i AS id, i % 2 AS part, i * 10 AS v FROM range(0, 6) t(i)", {"part"},
           properties);
    auto updated = UpdateTable(
        con_.get(), {.table_root = root_, .assignments = "v = v + 1", .predicate = "id = 1"});
    ASSERT_TRUE(updated.ok()) << updated.status();
    auto deleted = DeleteFromTable(con_.get(), {.table_root = root_, .predicate = "id = 2"});
    ASSERT_TRUE(deleted.ok()) << deleted.status();
    auto upserted = MergeTable(
        con_.get(), {.table_root = root_,
                     .source_sql = "SELECT * FROM (VALUES (3, 1, 333), (9, 1, 999)) s(id, part, v)",
                     .keys = {"id"}});
    ASSERT_TRUE(upserted.ok()) << upserted.status();
    auto removed = MergeTable(con_.get(), {.table_root = root_,
                                           .source_sql = "SELECT 4 AS id",
                                           .keys = {"id"},
                                           .when_matched = MatchedAction::kDelete});
    ASSERT_TRUE(removed.ok()) << removed.status();
    EXPECT_EQ(deletion_vectors, removed->deletion_vectors_added > 0);
  }
  std::vector<std::string> Changes() {
    return Rows("SELECT _commit_version, id, part, v, _change_type FROM delta_changes('" + root_ +
                "', 1) ORDER BY _commit_version, id, _change_type DESC");
  }
};

const std::vector<std::string> kExpected = {
    "1|1|1|10|update_preimage", "1|1|1|11|update_postimage",  "2|2|0|20|delete",
    "3|3|1|30|update_preimage", "3|3|1|333|update_postimage", "3|9|1|999|insert",
    "4|4|0|40|delete"};

TEST_F(ChangeDataDmlTest, CopyOnWriteChangesAreReadBack) {
  RunStatements(false);
  EXPECT_EQ(Changes(), kExpected);
  EXPECT_TRUE(std::filesystem::exists(root_ + "/_change_data"));
  EXPECT_EQ(Load()->protocol().min_writer_version, 4);
}

TEST_F(ChangeDataDmlTest, MergeOnReadChangesAreReadBack) {
  RunStatements(true);
  EXPECT_EQ(Changes(), kExpected);
  EXPECT_TRUE(Load()->protocol().writer_features->count("changeDataFeed"));
}

TEST_F(ChangeDataDmlTest, PartitionDeleteNeedsNoChangeFiles) {
  Create("SELECT i AS id, i % 2 AS part FROM range(0, 4) t(i)", {"part"},
         {{"delta.enableChangeDataFeed", "true"}});
  auto deleted = DeleteFromTable(con_.get(), {.table_root = root_, .predicate = "part = 0"});
  ASSERT_TRUE(deleted.ok()) << deleted.status();
  EXPECT_FALSE(std::filesystem::exists(root_ + "/_change_data"));
  EXPECT_THAT(Rows("SELECT id, _change_type FROM delta_changes('" + root_ + "', 1) ORDER BY 1"),
              ElementsAre("0|delete", "2|delete"));
}

TEST_F(ChangeDataDmlTest, DeletionVectorsWithoutChangeFilesReadAsTheirRows) {
  // Without the change data feed no cdc files are written: the reader derives the deleted rows
  // from the file's old and new deletion vectors.
  Create("SELECT i AS id FROM range(0, 6) t(i)", {}, {{"delta.enableDeletionVectors", "true"}});
  ASSERT_TRUE(DeleteFromTable(con_.get(), {.table_root = root_, .predicate = "id = 2"}).ok());
  ASSERT_TRUE(DeleteFromTable(con_.get(), {.table_root = root_, .predicate = "id > 3"}).ok());
  EXPECT_FALSE(std::filesystem::exists(root_ + "/_change_data"));
  EXPECT_THAT(Rows("SELECT _commit_version, id, _change_type FROM delta_changes('" + root_ +
                   "', 1) ORDER BY 1, 2"),
              ElementsAre("1|2|delete", "2|4|delete", "2|5|delete"));
}

}  // namespace
}  // namespace ingot::delta
