#include "delta/ops/vacuum_table.h"

#include <filesystem>
#include <fstream>
#include <map>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "delta/ops/create_table.h"
#include "delta/ops/delete_table.h"
#include "delta/ops/dml_test_util.h"
#include "delta/ops/optimize_table.h"
#include "delta/ops/update_table.h"
#include "delta/ops/write_table.h"
#include "delta/scan/delta_functions.h"
#include "delta/scan/scan_sql.h"
#include "delta/snapshot/snapshot_loader.h"
#include "delta/txn/log_store.h"
#include "storage/local_fs.h"

namespace ingot::delta {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr int64_t kDayMillis = 24LL * 60 * 60 * 1000;

class VacuumTableTest : public testing::DmlTest {
 protected:
  // VACUUM as if it ran `days_later` days from now.
  Result<VacuumTableResult> Vacuum(double days_later, VacuumTableOptions options = {}) {
    clock_ = std::make_unique<ManualClock>(
        (SystemClock::Default()->NowMillis() + static_cast<int64_t>(days_later * kDayMillis)) *
        1000);
    options.table_root = root_;
    options.commit.clock = clock_.get();
    return VacuumTable(con_.get(), options);
  }
  // The rows of version `version`, or the error reading them.
  std::vector<std::string> RowsAt(int64_t version, std::string* error = nullptr) {
    auto snapshot = LoadSnapshot(std::make_shared<storage::LocalFileSystem>(), root_, con_.get(),
                                 {.version = version});
    if (!snapshot.ok()) {
      if (error != nullptr) *error = snapshot.status().ToString();
      return {};
    }
    auto sql = ScanSql({.table_root = root_,
                        .schema = (*snapshot)->schema(),
                        .partition_columns = (*snapshot)->partition_columns(),
                        .files = (*snapshot)->files()});
    EXPECT_TRUE(sql.ok()) << sql.status();
    auto result = con_->Query("SELECT * FROM (" + *sql + ") ORDER BY ALL");
    if (!result.ok()) {
      if (error != nullptr) *error = result.status().ToString();
      return {};
    }
    return Rows("SELECT * FROM (" + *sql + ") ORDER BY ALL");
  }
  // v0: id 1 (file A), v1: id 2 (file B), v2: overwrite with id 3 (removes A and B).
  void CreateWithTombstones() {
    Create("SELECT 1 AS id");
    Append("SELECT 2 AS id");
    auto snapshot = Load();
    for (const Add& add : snapshot->files()) removed_files_.push_back(add.path);
    auto overwritten = WriteTable(
        con_.get(),
        {.table_root = root_, .source_sql = "SELECT 3 AS id", .mode = WriteMode::kOverwrite});
    ASSERT_TRUE(overwritten.ok()) << overwritten.status();
  }
  int DataFilesOnDisk() {
    int count = 0;
    for (const auto& entry : fs::recursive_directory_iterator(root_)) {
      if (entry.path().extension() == ".parquet" &&
          entry.path().string().find("_delta_log") == std::string::npos) {
        ++count;
      }
    }
    return count;
  }

  std::unique_ptr<ManualClock> clock_;
  // The files of version 1, which the overwrite removed.
  std::vector<std::string> removed_files_;
};

TEST_F(VacuumTableTest, KeepsFilesOfVersionsWithinTheRetention) {
  CreateWithTombstones();
  auto vacuumed = Vacuum(1);
  ASSERT_TRUE(vacuumed.ok()) << vacuumed.status();
  EXPECT_TRUE(vacuumed->files.empty());
  EXPECT_EQ(vacuumed->retention_millis, 7 * kDayMillis);
  EXPECT_EQ(vacuumed->start_version, 3);
  EXPECT_EQ(vacuumed->end_version, 4);
  EXPECT_EQ(LastOperation(), "VACUUM END");
  EXPECT_EQ(DataFilesOnDisk(), 3);
  EXPECT_THAT(RowsAt(0), ElementsAre("1"));
  EXPECT_THAT(RowsAt(1), ElementsAre("1", "2"));
  EXPECT_THAT(TableRows(), ElementsAre("3"));
}

TEST_F(VacuumTableTest, DeletesExpiredTombstonesAndTimeTravelPastThemFails) {
  CreateWithTombstones();
  auto vacuumed = Vacuum(8);
  ASSERT_TRUE(vacuumed.ok()) << vacuumed.status();
  EXPECT_EQ(vacuumed->files.size(), 2u);
  EXPECT_GT(vacuumed->bytes, 0);
  EXPECT_EQ(DataFilesOnDisk(), 1);
  EXPECT_THAT(TableRows(), ElementsAre("3"));
  EXPECT_EQ(LastMetric("numDeletedFiles"), "2");
  std::string error;
  EXPECT_TRUE(RowsAt(0, &error).empty());
  EXPECT_THAT(error, ::testing::AnyOf(HasSubstr(removed_files_[0]), HasSubstr(removed_files_[1])));
  // Nothing left to delete.
  auto again = Vacuum(8);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_TRUE(again->files.empty());
}

// One operation a day for eight days, then VACUUM on day 10 with the default 7-day retention:
// every version that was current at some time since day 3 still reads exactly as before.
TEST_F(VacuumTableTest, EveryVersionCurrentWithinTheRetentionStaysReadable) {
  const int64_t start = SystemClock::Default()->NowMillis();
  std::vector<std::unique_ptr<ManualClock>> days;
  auto on_day = [&](int day) {
    days.push_back(std::make_unique<ManualClock>((start + day * kDayMillis) * 1000));
    return CommitOptions{.clock = days.back().get()};
  };
  const std::string rows = "SELECT i AS id, i % 3 AS k FROM range(0, 30) t(i)";
  ASSERT_TRUE(
      CreateTable(con_.get(), {.table_root = root_, .source_sql = rows, .commit = on_day(0)}).ok());
  ASSERT_TRUE(WriteTable(con_.get(), {.table_root = root_,
                                      .source_sql = "SELECT 100 AS id, 1 AS k",
                                      .commit = on_day(1)})
                  .ok());
  ASSERT_TRUE(WriteTable(con_.get(), {.table_root = root_,
                                      .source_sql = rows,
                                      .mode = WriteMode::kOverwrite,
                                      .commit = on_day(2)})
                  .ok());
  ASSERT_TRUE(
      DeleteFromTable(con_.get(), {.table_root = root_, .predicate = "k = 0", .commit = on_day(3)})
          .ok());
  ASSERT_TRUE(UpdateTable(con_.get(), {.table_root = root_,
                                       .assignments = "id = id + 1000",
                                       .predicate = "k = 1",
                                       .commit = on_day(4)})
                  .ok());
  ASSERT_TRUE(
      WriteTable(con_.get(),
                 {.table_root = root_, .source_sql = "SELECT 7 AS id, 2 AS k", .commit = on_day(5)})
          .ok());
  auto optimized = OptimizeTable(con_.get(), {.table_root = root_, .commit = on_day(6)});
  ASSERT_TRUE(optimized.ok() && optimized->committed) << optimized.status();
  ASSERT_TRUE(
      DeleteFromTable(con_.get(), {.table_root = root_, .predicate = "id = 7", .commit = on_day(7)})
          .ok());
  std::map<int64_t, std::vector<std::string>> before;
  for (int64_t version = 0; version <= 7; ++version) before[version] = RowsAt(version);

  auto vacuumed = Vacuum(10);
  ASSERT_TRUE(vacuumed.ok()) << vacuumed.status();
  EXPECT_FALSE(vacuumed->files.empty());
  // Version 2 was replaced on day 3, the cutoff: from version 3 on every version is intact.
  for (int64_t version = 3; version <= 7; ++version) {
    EXPECT_EQ(RowsAt(version), before[version]) << "version " << version;
  }
  std::string error;
  EXPECT_TRUE(RowsAt(0, &error).empty());
  EXPECT_THAT(error, HasSubstr("No files found"));
}

TEST_F(VacuumTableTest, DeletionVectorFilesGoOnlyWithTheirLastReference) {
  fs::copy(std::string(INGOT_DELTA_GOLDEN_DIR) + "/basic-dv-no-checkpoint", root_,
           fs::copy_options::recursive);
  auto dv_files = [this] {
    int count = 0;
    for (const auto& entry : fs::directory_iterator(root_)) {
      count += entry.path().filename().string().starts_with("deletion_vector_");
    }
    return count;
  };
  std::vector<std::string> rows = TableRows();
  ASSERT_EQ(dv_files(), 1);
  // A live add references the DV: it stays however old it is.
  auto kept = Vacuum(30);
  ASSERT_TRUE(kept.ok()) << kept.status();
  EXPECT_EQ(dv_files(), 1);
  EXPECT_EQ(TableRows(), rows);
  // OPTIMIZE applies the DV and removes the file: the DV goes once the tombstone expires.
  auto optimized = OptimizeTable(con_.get(), {.table_root = root_});
  ASSERT_TRUE(optimized.ok() && optimized->committed) << optimized.status();
  auto within = Vacuum(1);
  ASSERT_TRUE(within.ok()) << within.status();
  EXPECT_EQ(dv_files(), 1);
  auto expired = Vacuum(8);
  ASSERT_TRUE(expired.ok()) << expired.status();
  EXPECT_EQ(dv_files(), 0);
  EXPECT_EQ(TableRows(), rows);
}

TEST_F(VacuumTableTest, DryRunListsUntrackedFilesAndSkipsHiddenAndRecentOnes) {
  Create("SELECT 1 AS id");
  std::ofstream(root_ + "/junk.parquet") << "left by a failed write";
  fs::create_directories(root_ + "/_hidden");
  std::ofstream(root_ + "/_hidden/x.parquet") << "x";
  fs::create_directories(root_ + "/.staging");
  std::ofstream(root_ + "/.staging/y.parquet") << "y";
  std::ofstream(root_ + "/recent.parquet") << "being written";
  fs::last_write_time(root_ + "/recent.parquet",
                      fs::file_time_type::clock::now() + std::chrono::hours(24 * 30));
  auto dry = Vacuum(8, {.dry_run = true});
  ASSERT_TRUE(dry.ok()) << dry.status();
  EXPECT_THAT(dry->files, ElementsAre("junk.parquet"));
  EXPECT_FALSE(dry->start_version.has_value());
  EXPECT_TRUE(fs::exists(root_ + "/junk.parquet"));
  EXPECT_EQ(Load()->version(), 0);

  auto vacuumed = Vacuum(8);
  ASSERT_TRUE(vacuumed.ok()) << vacuumed.status();
  EXPECT_THAT(vacuumed->files, ElementsAre("junk.parquet"));
  EXPECT_FALSE(fs::exists(root_ + "/junk.parquet"));
  EXPECT_TRUE(fs::exists(root_ + "/_hidden/x.parquet"));
  EXPECT_TRUE(fs::exists(root_ + "/.staging/y.parquet"));
  EXPECT_TRUE(fs::exists(root_ + "/recent.parquet"));
  EXPECT_THAT(TableRows(), ElementsAre("1"));
}

TEST_F(VacuumTableTest, RemovesEmptiedPartitionDirectories) {
  Create("SELECT i AS id, 'p' || i AS part FROM range(2) t(i)", {"part"});
  auto overwritten = WriteTable(con_.get(), {.table_root = root_,
                                             .source_sql = "SELECT 5 AS id, 'p0' AS part",
                                             .mode = WriteMode::kOverwrite});
  ASSERT_TRUE(overwritten.ok()) << overwritten.status();
  auto vacuumed = Vacuum(8);
  ASSERT_TRUE(vacuumed.ok()) << vacuumed.status();
  EXPECT_EQ(vacuumed->files.size(), 2u);
  EXPECT_EQ(vacuumed->directories_removed, 1);
  EXPECT_FALSE(fs::exists(root_ + "/part=p1"));
  EXPECT_THAT(TableRows(), ElementsAre("5|p0"));
}

TEST_F(VacuumTableTest, RetentionBelowAWeekNeedsForce) {
  CreateWithTombstones();
  auto refused = Vacuum(0, {.retention_millis = 3600 * 1000});
  EXPECT_EQ(refused.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(refused.status().message(), HasSubstr("168 hours"));
  auto negative = Vacuum(0, {.retention_millis = -1, .force = true});
  EXPECT_EQ(negative.status().code(), StatusCode::kInvalidArgument);
  // Forced to zero: the overwritten files go at once, the current one stays.
  auto forced = Vacuum(0.001, {.retention_millis = 0, .force = true});
  ASSERT_TRUE(forced.ok()) << forced.status();
  EXPECT_EQ(forced->files.size(), 2u);
  EXPECT_THAT(TableRows(), ElementsAre("3"));
}

TEST_F(VacuumTableTest, ShortRetentionFromTheTablePropertyNeedsForceToo) {
  Create("SELECT 1 AS id", {}, {{"delta.deletedFileRetentionDuration", "interval 1 hour"}});
  auto refused = Vacuum(0);
  EXPECT_EQ(refused.status().code(), StatusCode::kInvalidArgument);
  auto forced = Vacuum(0, {.force = true});
  ASSERT_TRUE(forced.ok()) << forced.status();
  EXPECT_EQ(forced->retention_millis, 3600 * 1000);
}

TEST_F(VacuumTableTest, VacuumProtocolCheckRequiresTheWriterCheck) {
  Create("SELECT 1 AS id");
  LogStore store(std::make_shared<storage::LocalFileSystem>(), root_);
  auto commit_protocol = [&](std::set<std::string> reader, std::set<std::string> writer) {
    CommitRequest request;
    request.read_version = Load()->version();
    request.actions.push_back(Protocol{.min_reader_version = 3,
                                       .min_writer_version = 7,
                                       .reader_features = std::move(reader),
                                       .writer_features = std::move(writer)});
    request.operation = "SET TBLPROPERTIES";
    ASSERT_TRUE(Commit(store, std::move(request)).ok());
  };
  // An unknown writer feature alone does not stop VACUUM (it only deletes unreferenced files)...
  commit_protocol({}, {"someFutureFeature"});
  auto plain = Vacuum(8, {.dry_run = true});
  EXPECT_TRUE(plain.ok()) << plain.status();
  // ...but with vacuumProtocolCheck every writer feature must be supported.
  commit_protocol({"vacuumProtocolCheck"}, {"vacuumProtocolCheck", "someFutureFeature"});
  auto refused = Vacuum(8, {.dry_run = true});
  EXPECT_EQ(refused.status().code(), StatusCode::kNotImplemented);
  EXPECT_THAT(refused.status().message(), HasSubstr("someFutureFeature"));
  EXPECT_THAT(refused.status().message(), HasSubstr("vacuumProtocolCheck"));
  commit_protocol({"vacuumProtocolCheck"}, {"vacuumProtocolCheck"});
  auto allowed = Vacuum(8);
  EXPECT_TRUE(allowed.ok()) << allowed.status();
}

TEST_F(VacuumTableTest, LogCleanupCanBeTurnedOff) {
  Create("SELECT 0 AS id", {},
         {{"delta.checkpointInterval", "1"},
          {"delta.logRetentionDuration", "interval 1 day"},
          {"delta.enableExpiredLogCleanup", "false"}});
  Append("SELECT 1 AS id");
  auto vacuumed = Vacuum(2);
  ASSERT_TRUE(vacuumed.ok()) << vacuumed.status();
  EXPECT_TRUE(vacuumed->log_files.empty());
  EXPECT_THAT(RowsAt(0), ElementsAre("0"));
}

TEST_F(VacuumTableTest, LogCleanupKeepsEveryVersionFromTheNewestOldCheckpoint) {
  Create("SELECT 0 AS id", {},
         {{"delta.checkpointInterval", "2"}, {"delta.logRetentionDuration", "interval 1 day"}});
  for (int i = 1; i <= 5; ++i) Append("SELECT " + std::to_string(i) + " AS id");
  // Within the log retention nothing goes.
  auto kept = Vacuum(0.5);
  ASSERT_TRUE(kept.ok()) << kept.status();
  EXPECT_TRUE(kept->log_files.empty());
  EXPECT_THAT(RowsAt(0), ElementsAre("0"));
  // VACUUM commits 6 and 7 (a checkpoint at 6); two days later everything before 6 expired.
  auto cleaned = Vacuum(2);
  ASSERT_TRUE(cleaned.ok()) << cleaned.status();
  EXPECT_EQ(cleaned->end_version, 9);
  EXPECT_THAT(cleaned->log_files, ::testing::Contains("00000000000000000000.json"));
  EXPECT_THAT(cleaned->log_files, ::testing::Contains("00000000000000000002.checkpoint.parquet"));
  EXPECT_THAT(cleaned->log_files,
              ::testing::Not(::testing::Contains("00000000000000000008.checkpoint.parquet")));
  std::string error;
  EXPECT_TRUE(RowsAt(5, &error).empty());
  EXPECT_FALSE(error.empty());
  EXPECT_EQ(RowsAt(8).size(), 6u);
  EXPECT_EQ(TableRows().size(), 6u);
}

TEST_F(VacuumTableTest, ChangeDataFilesGoOnceOlderThanTheRetention) {
  Create("SELECT i AS id, i * 10 AS v FROM range(0, 4) t(i)", {},
         {{"delta.enableChangeDataFeed", "true"}});
  auto updated = UpdateTable(
      con_.get(), {.table_root = root_, .assignments = "v = v + 1", .predicate = "id = 1"});
  ASSERT_TRUE(updated.ok()) << updated.status();
  auto change_files = [&] {
    int count = 0;
    if (!fs::exists(root_ + "/_change_data")) return 0;
    for (const auto& entry : fs::recursive_directory_iterator(root_ + "/_change_data")) {
      count += entry.is_regular_file() ? 1 : 0;
    }
    return count;
  };
  ASSERT_GT(change_files(), 0);
  // Within the retention the change feed stays readable.
  auto kept = Vacuum(1);
  ASSERT_TRUE(kept.ok()) << kept.status();
  EXPECT_GT(change_files(), 0);
  EXPECT_EQ(Rows("SELECT count(*) FROM delta_changes('" + root_ + "', 1)"),
            std::vector<std::string>{"2"});
  // Past it they go with the expired data files; the current rows stay.
  auto vacuumed = Vacuum(8);
  ASSERT_TRUE(vacuumed.ok()) << vacuumed.status();
  EXPECT_EQ(change_files(), 0);
  EXPECT_THAT(vacuumed->files, ::testing::Contains(::testing::StartsWith("_change_data/")));
  EXPECT_THAT(TableRows(), ElementsAre("0|0", "1|11", "2|20", "3|30"));
}

// Without VACUUM, a checkpoint cleans up the expired log (Spark's MetadataCleanup).
TEST_F(VacuumTableTest, CheckpointsCleanUpTheExpiredLogWithoutVacuum) {
  Create("SELECT 0 AS id", {},
         {{"delta.checkpointInterval", "2"}, {"delta.logRetentionDuration", "interval 1 day"}});
  for (int i = 1; i <= 3; ++i) Append("SELECT " + std::to_string(i) + " AS id");
  // Versions 0-3 (a checkpoint at 2) were written three days ago.
  const std::string log = root_ + "/_delta_log";
  for (const auto& entry : fs::directory_iterator(log)) {
    fs::last_write_time(entry.path(), fs::file_time_type::clock::now() - std::chrono::hours(72));
  }
  Append("SELECT 4 AS id");  // version 4: a checkpoint, then the cleanup
  EXPECT_FALSE(fs::exists(log + "/00000000000000000000.json"));
  EXPECT_FALSE(fs::exists(log + "/00000000000000000001.json"));
  EXPECT_TRUE(fs::exists(log + "/00000000000000000002.checkpoint.parquet"));
  EXPECT_TRUE(fs::exists(log + "/00000000000000000003.json"));
  EXPECT_THAT(RowsAt(2), ElementsAre("0", "1", "2"));
  EXPECT_THAT(TableRows(), ElementsAre("0", "1", "2", "3", "4"));
  std::string error;
  EXPECT_TRUE(RowsAt(1, &error).empty());
  EXPECT_FALSE(error.empty());
}

}  // namespace
}  // namespace ingot::delta
