#include "delta/ops/optimize_table.h"

#include <filesystem>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "delta/log/file_stats.h"
#include "delta/ops/delete_table.h"
#include "delta/ops/dml_test_util.h"
#include "delta/ops/write_table.h"
#include "delta/scan/delta_functions.h"
#include "delta/txn/log_store.h"
#include "storage/local_fs.h"

namespace ingot::delta {
namespace {

using ::testing::HasSubstr;

class OptimizeTableTest : public testing::DmlTest {
 protected:
  Result<OptimizeTableResult> Optimize(OptimizeTableOptions options = {}) {
    options.table_root = root_;
    return OptimizeTable(con_.get(), options);
  }
  // The live files (a copy: the snapshot Load returns dies with the full expression).
  std::vector<Add> Files() { return Load()->files(); }
  // The actions of commit `version`.
  std::vector<Action> CommitActions(int64_t version) {
    LogStore store(std::make_shared<storage::LocalFileSystem>(), root_);
    auto actions = store.ReadCommitActions(version);
    EXPECT_TRUE(actions.ok()) << actions.status();
    return actions.ok() ? *actions : std::vector<Action>();
  }
  // Parquet files under the table directory (outside _delta_log).
  int ParquetFilesOnDisk() {
    int count = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root_)) {
      if (entry.path().extension() == ".parquet" &&
          entry.path().string().find("_delta_log") == std::string::npos) {
        ++count;
      }
    }
    return count;
  }
  // Five small files: ids 0..49 in appends of ten.
  void CreateFiveFiles() {
    Create("SELECT i AS id, i * 10 AS v FROM range(0, 10) t(i)");
    for (int i = 1; i < 5; ++i) {
      Append("SELECT i AS id, i * 10 AS v FROM range(" + std::to_string(i * 10) + ", " +
             std::to_string(i * 10 + 10) + ") t(i)");
    }
  }
};

TEST_F(OptimizeTableTest, BinPacksSmallFilesWithoutDataChangeAndIsIdempotent) {
  CreateFiveFiles();
  std::vector<std::string> before = TableRows();
  auto optimized = Optimize();
  ASSERT_TRUE(optimized.ok()) << optimized.status();
  EXPECT_TRUE(optimized->committed);
  EXPECT_EQ(optimized->version, 5);
  EXPECT_EQ(optimized->files_before, 5);
  EXPECT_EQ(optimized->files_removed, 5);
  EXPECT_EQ(optimized->files_added, 1);
  EXPECT_EQ(optimized->files_after, 1);
  EXPECT_EQ(optimized->batches, 1);
  EXPECT_GT(optimized->bytes_before, optimized->bytes_after);
  EXPECT_EQ(Load()->files().size(), 1u);
  EXPECT_EQ(TableRows(), before);
  EXPECT_EQ(LastOperation(), "OPTIMIZE");
  EXPECT_EQ(LastMetric("numFilesAdded"), "1");
  EXPECT_EQ(LastMetric("numFilesRemoved"), "5");
  EXPECT_EQ(LastMetric("numBatches"), "1");
  EXPECT_THAT(LastMetric("filesRemoved"), HasSubstr("\"totalFiles\":5"));
  int adds = 0;
  int removes = 0;
  for (const Action& action : CommitActions(5)) {
    if (const auto* add = std::get_if<Add>(&action)) {
      EXPECT_FALSE(add->data_change);
      auto stats = FileStats::Parse(add->stats.value_or("{}"));
      ASSERT_TRUE(stats.ok());
      EXPECT_EQ(stats->num_records, 50);
      ++adds;
    }
    if (const auto* remove = std::get_if<Remove>(&action)) {
      EXPECT_FALSE(remove->data_change);
      ++removes;
    }
  }
  EXPECT_EQ(adds, 1);
  EXPECT_EQ(removes, 5);
  // The removed files stay on disk for time travel until VACUUM.
  EXPECT_EQ(ParquetFilesOnDisk(), 6);

  auto again = Optimize();
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_FALSE(again->committed);
  EXPECT_EQ(again->version, 5);
  EXPECT_EQ(again->files_skipped, 1);
  EXPECT_EQ(Load()->version(), 5);
}

TEST_F(OptimizeTableTest, TargetSizeBoundsTheBins) {
  CreateFiveFiles();
  Append("SELECT i AS id, i * 10 AS v FROM range(50, 60) t(i)");
  int64_t largest = 0;
  for (const Add& add : Files()) largest = std::max(largest, add.size);
  // Two files fit in a bin, three do not: six files give three bins.
  auto optimized = Optimize({.target_file_size = 2 * largest + 1});
  ASSERT_TRUE(optimized.ok()) << optimized.status();
  EXPECT_EQ(optimized->batches, 3);
  EXPECT_EQ(optimized->files_added, 3);
  EXPECT_EQ(Scalar("SELECT count(*) FROM (" + TableSql() + ")"), "60");
  auto bad = Optimize({.target_file_size = 0});
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
}

TEST_F(OptimizeTableTest, WhereSelectsPartitionsAndRefusesDataColumns) {
  Create("SELECT i AS id, CASE WHEN i % 2 = 0 THEN 'a' ELSE 'b' END AS part FROM range(10) t(i)",
         {"part"});
  Append(
      "SELECT i AS id, CASE WHEN i % 2 = 0 THEN 'a' ELSE 'b' END AS part FROM range(10, 20) t(i)");
  Append(
      "SELECT i AS id, CASE WHEN i % 2 = 0 THEN 'a' ELSE 'b' END AS part FROM range(20, 30) t(i)");
  std::vector<std::string> before = TableRows();
  auto optimized = Optimize({.partition_filter = "part = 'a'"});
  ASSERT_TRUE(optimized.ok()) << optimized.status();
  EXPECT_EQ(optimized->files_considered, 3);
  EXPECT_EQ(optimized->files_removed, 3);
  EXPECT_EQ(optimized->files_added, 1);
  EXPECT_EQ(optimized->partitions_optimized, 1);
  int in_a = 0;
  int in_b = 0;
  for (const Add& add : Files()) {
    (add.partition_values.at("part") == "a" ? in_a : in_b)++;
  }
  EXPECT_EQ(in_a, 1);
  EXPECT_EQ(in_b, 3);
  EXPECT_EQ(TableRows(), before);
  EXPECT_EQ(LastParameter("predicate"), "[\"part = 'a'\"]");

  auto data_column = Optimize({.partition_filter = "id > 3"});
  EXPECT_EQ(data_column.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(data_column.status().message(), HasSubstr("column 'id' is not a partition column"));
  auto invalid = Optimize({.partition_filter = "part = = 'a'"});
  EXPECT_EQ(invalid.status().code(), StatusCode::kInvalidArgument);
}

TEST_F(OptimizeTableTest, ZOrderRewritesEveryFileAndClustersBothColumns) {
  // x and y independent: an unordered file spans almost the whole range of both.
  for (int batch = 0; batch < 4; ++batch) {
    std::string sql =
        "SELECT i AS id, (hash(i) % 1000)::INTEGER AS x, (hash(i + 7) % 1000)::"
        "INTEGER AS y FROM range(" +
        std::to_string(batch * 5000) + ", " + std::to_string(batch * 5000 + 5000) + ") t(i)";
    if (batch == 0) {
      Create(sql);
    } else {
      Append(sql);
    }
  }
  std::vector<std::string> before = TableRows();
  int64_t total = Load()->total_size();
  auto optimized = Optimize({.zorder_by = {"x", "y"}, .target_file_size = total / 8});
  ASSERT_TRUE(optimized.ok()) << optimized.status();
  EXPECT_EQ(optimized->files_removed, 4);
  EXPECT_GE(optimized->files_added, 6);
  EXPECT_EQ(TableRows(), before);
  EXPECT_EQ(LastParameter("zOrderBy"), "[\"x\",\"y\"]");
  // A range of a tenth of each column overlaps few of the clustered files.
  int overlapping = 0;
  for (const Add& add : Files()) {
    auto stats = FileStats::Parse(*add.stats);
    ASSERT_TRUE(stats.ok());
    int64_t min_x = std::stoll(*stats->Find({"x"})->min);
    int64_t min_y = std::stoll(*stats->Find({"y"})->min);
    if (min_x < 100 && min_y < 100) ++overlapping;
  }
  EXPECT_LT(overlapping, optimized->files_added);

  // Z-order is not idempotent by design: it rewrites the selected partitions again.
  auto again = Optimize({.zorder_by = {"x"}, .target_file_size = total});
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_TRUE(again->committed);
  EXPECT_EQ(TableRows(), before);
}

TEST_F(OptimizeTableTest, ZOrderColumnsMustBeDataColumns) {
  Create("SELECT 1 AS id, 'a' AS part, 2 AS v", {"part"});
  auto unknown = Optimize({.zorder_by = {"v", "nope"}});
  EXPECT_EQ(unknown.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(unknown.status().message(), HasSubstr("Z-order column 'nope' is not in the table"));
  auto partition = Optimize({.zorder_by = {"part"}});
  EXPECT_EQ(partition.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(partition.status().message(), HasSubstr("'part' is a partition column"));
}

TEST_F(OptimizeTableTest, ConcurrentAppendCommutes) {
  CreateFiveFiles();
  testing::HookClock clock([this] { Append("SELECT 100 AS id, 1000 AS v"); });
  auto optimized = Optimize({.commit = {.clock = &clock}});
  ASSERT_TRUE(optimized.ok()) << optimized.status();
  EXPECT_TRUE(clock.fired());
  EXPECT_EQ(optimized->version, 6);
  EXPECT_EQ(Load()->files().size(), 2u);
  EXPECT_EQ(Scalar("SELECT count(*) FROM (" + TableSql() + ")"), "51");
}

TEST_F(OptimizeTableTest, ConcurrentDeleteOfARewrittenFileConflicts) {
  CreateFiveFiles();
  testing::HookClock clock([this] {
    auto deleted = DeleteFromTable(con_.get(), {.table_root = root_, .predicate = "id < 10"});
    ASSERT_TRUE(deleted.ok()) << deleted.status();
  });
  auto optimized = Optimize({.commit = {.clock = &clock}});
  EXPECT_EQ(optimized.status().code(), StatusCode::kConflict) << optimized.status();
  EXPECT_EQ(Load()->version(), 5);
  EXPECT_EQ(Scalar("SELECT count(*) FROM (" + TableSql() + ")"), "40");
  // The files OPTIMIZE wrote were deleted again.
  EXPECT_EQ(ParquetFilesOnDisk(), 5);
}

TEST_F(OptimizeTableTest, RewritesFilesWithDeletionVectorsWithoutTheirDeletedRows) {
  std::filesystem::copy(std::string(INGOT_DELTA_GOLDEN_DIR) + "/basic-dv-no-checkpoint", root_,
                        std::filesystem::copy_options::recursive);
  bool had_dv = false;
  for (const Add& add : Files()) had_dv |= add.deletion_vector.has_value();
  ASSERT_TRUE(had_dv);
  std::vector<std::string> before = TableRows();
  auto optimized = Optimize();
  ASSERT_TRUE(optimized.ok()) << optimized.status();
  EXPECT_GT(optimized->deletion_vectors_removed, 0);
  for (const Add& add : Files()) EXPECT_FALSE(add.deletion_vector.has_value()) << add.path;
  EXPECT_EQ(TableRows(), before);
}

}  // namespace
}  // namespace ingot::delta
