#include "delta/ops/write_table.h"

#include <filesystem>
#include <mutex>
#include <thread>

#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "delta/ops/create_table.h"
#include "delta/ops/delta_test_fixture.h"
#include "delta/ops/schema_evolution.h"
#include "delta/snapshot/history.h"
#include "delta/snapshot/snapshot_loader.h"
#include "duck/connection.h"
#include "duck/database.h"
#include "storage/local_fs.h"

namespace ingot::delta {
namespace {

using ::testing::HasSubstr;

namespace fs = std::filesystem;

class DeltaWriteTableTest : public testing::DeltaTableTest {
 protected:
  std::shared_ptr<const Snapshot> Load(std::optional<int64_t> version = std::nullopt) {
    auto snapshot = LoadSnapshot(std::make_shared<storage::LocalFileSystem>(), root_, con_.get(),
                                 {.version = version});
    EXPECT_TRUE(snapshot.ok()) << snapshot.status();
    return snapshot.ok() ? *snapshot : nullptr;
  }

  // Sum of `column` over the snapshot's files (partition columns excluded).
  std::string Sum(const Snapshot& snapshot, const std::string& column) {
    if (snapshot.files().empty()) return "NULL";
    std::string files;
    for (const Add& add : snapshot.files()) {
      files += (files.empty() ? "'" : ", '") + root_ + "/" + *add.DecodedPath() + "'";
    }
    auto sum = con_->QueryScalar("SELECT sum(" + column + ") FROM read_parquet([" + files +
                                 "], union_by_name=true, hive_partitioning=false)");
    EXPECT_TRUE(sum.ok()) << sum.status();
    return sum.ok() ? *sum : "";
  }

  void Create(const std::string& sql, std::vector<std::string> partitions = {},
              std::map<std::string, std::string> properties = {}) {
    auto created = CreateTable(con_.get(), {.table_root = root_,
                                            .source_sql = sql,
                                            .partition_columns = std::move(partitions),
                                            .properties = std::move(properties)});
    ASSERT_TRUE(created.ok()) << created.status();
  }
};

TEST_F(DeltaWriteTableTest, AppendAndOverwrite) {
  Create("SELECT range AS id, range * 2 AS v FROM range(10)");
  auto appended = WriteTable(
      con_.get(), {.table_root = root_, .source_sql = "SELECT 100::INTEGER AS id, 1 AS v"});
  ASSERT_TRUE(appended.ok()) << appended.status();
  EXPECT_EQ(appended->version, 1);
  EXPECT_EQ(appended->rows_written, 1);
  EXPECT_EQ(Sum(*Load(), "id"), "145");
  auto overwritten = WriteTable(
      con_.get(),
      {.table_root = root_, .source_sql = "SELECT 7 AS id, 7 AS v", .mode = WriteMode::kOverwrite});
  ASSERT_TRUE(overwritten.ok()) << overwritten.status();
  EXPECT_EQ(overwritten->files_removed, 2);
  auto snapshot = Load();
  EXPECT_EQ(snapshot->version(), 2);
  EXPECT_EQ(snapshot->files().size(), 1u);
  EXPECT_EQ(Sum(*snapshot, "id"), "7");
  EXPECT_EQ(Sum(*Load(1), "id"), "145");  // time travel still sees the old files
  auto history = History(std::make_shared<storage::LocalFileSystem>(), root_);
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 3u);
  EXPECT_EQ((*history)[0].operation, "WRITE");
  const std::string* mode = FindJsonField((*history)[0].operation_parameters, "mode");
  ASSERT_NE(mode, nullptr);
  EXPECT_EQ(*mode, "\"Overwrite\"");
}

// Plain TIMESTAMP sources take a cheaper path into timestamp (TIMESTAMPTZ) columns than CAST:
// the stored instants, partition values and nulls must not change.
TEST_F(DeltaWriteTableTest, PlainTimestampSourcesKeepTheirInstant) {
  Create("SELECT 1 AS id, TIMESTAMPTZ '2026-01-01 00:00:00+00' AS ts, DATE '2026-01-01' AS day",
         {"day"});
  auto written =
      WriteTable(con_.get(), {.table_root = root_,
                              .source_sql = "SELECT * FROM (VALUES (2, TIMESTAMP '1969-12-31 "
                                            "23:59:59.999999', DATE '2026-01-02'), (3, NULL, "
                                            "DATE '2026-01-02')) t(id, ts, day)"});
  ASSERT_TRUE(written.ok()) << written.status();
  std::shared_ptr<const Snapshot> snapshot = Load();
  std::string files;
  for (const Add& add : snapshot->files()) {
    files += (files.empty() ? "'" : ", '") + root_ + "/" + *add.DecodedPath() + "'";
  }
  EXPECT_EQ(Rows("SELECT id, epoch_us(ts) FROM read_parquet([" + files +
                 "], hive_partitioning=false) ORDER BY id"),
            (std::vector<std::string>{"1|1767225600000000", "2|-1", "3|NULL"}));
}

TEST_F(DeltaWriteTableTest, SchemaEnforcementListsEveryProblem) {
  Create("SELECT 1::BIGINT AS id, 2.5::DECIMAL(10,2) AS amount");
  auto bad = WriteTable(con_.get(),
                        {.table_root = root_, .source_sql = "SELECT 'x' AS amount, 3 AS extra"});
  ASSERT_TRUE(bad.status().IsInvalidArgument());
  EXPECT_NE(
      bad.status().message().find("column 'amount': table has decimal(10,2), source has string"),
      std::string::npos)
      << bad.status();
  EXPECT_NE(bad.status().message().find("column 'extra'"), std::string::npos);
  EXPECT_EQ(Load()->version(), 0);
  // A narrower integer fits; a missing column is written as NULL.
  auto narrow =
      WriteTable(con_.get(), {.table_root = root_, .source_sql = "SELECT 5::INTEGER AS id"});
  ASSERT_TRUE(narrow.ok()) << narrow.status();
  EXPECT_EQ(Sum(*Load(), "id"), "6");
  EXPECT_EQ(Sum(*Load(), "amount"), "2.50");
}

TEST_F(DeltaWriteTableTest, MergeSchemaAddsColumns) {
  Create("SELECT 1::BIGINT AS id");
  auto merged = WriteTable(con_.get(), {.table_root = root_,
                                        .source_sql = "SELECT 2::BIGINT AS id, 'new' AS label",
                                        .merge_schema = true});
  ASSERT_TRUE(merged.ok()) << merged.status();
  auto snapshot = Load();
  EXPECT_EQ(snapshot->schema().ToString(), "struct<id:long,label:string>");
  EXPECT_EQ(Sum(*snapshot, "id"), "3");
}

TEST_F(DeltaWriteTableTest, ReplaceWhereOverwritesOnlyMatchingPartitions) {
  Create("SELECT range AS id, ['a', 'b', 'c'][1 + range % 3] AS p FROM range(9)", {"p"});
  auto replaced = WriteTable(con_.get(), {.table_root = root_,
                                          .source_sql = "SELECT 100 AS id, 'b' AS p",
                                          .mode = WriteMode::kOverwrite,
                                          .replace_where = "p = 'b'"});
  ASSERT_TRUE(replaced.ok()) << replaced.status();
  EXPECT_EQ(replaced->files_removed, 1);
  auto snapshot = Load();
  // a: 0+3+6, c: 2+5+8, b replaced by 100.
  EXPECT_EQ(Sum(*snapshot, "id"), std::to_string(9 + 15 + 100));
  auto outside = WriteTable(con_.get(), {.table_root = root_,
                                         .source_sql = "SELECT 1 AS id, 'a' AS p",
                                         .mode = WriteMode::kOverwrite,
                                         .replace_where = "p = 'b'"});
  EXPECT_TRUE(outside.status().IsInvalidArgument());
  EXPECT_NE(outside.status().message().find("do not satisfy replaceWhere"), std::string::npos);
  auto not_partition = WriteTable(con_.get(), {.table_root = root_,
                                               .source_sql = "SELECT 1 AS id, 'a' AS p",
                                               .mode = WriteMode::kOverwrite,
                                               .replace_where = "id = 1"});
  EXPECT_TRUE(not_partition.status().IsInvalidArgument());
  EXPECT_EQ(Load()->version(), 1);
}

TEST_F(DeltaWriteTableTest, TxnMakesWritesIdempotent) {
  Create("SELECT 1 AS id");
  WriteTableOptions options{
      .table_root = root_,
      .source_sql = "SELECT 2 AS id",
      .txn = Txn{.app_id = "loader", .version = 7},
      .domains = {DomainMetadata{.domain = "ingot.source", .configuration = R"({"offset":42})"}}};
  auto first = WriteTable(con_.get(), options);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_FALSE(first->skipped);
  auto again = WriteTable(con_.get(), options);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_TRUE(again->skipped);
  auto snapshot = Load();
  EXPECT_EQ(snapshot->version(), 1);
  EXPECT_EQ(snapshot->TxnVersion("loader"), 7);
  EXPECT_EQ(snapshot->DomainConfiguration("ingot.source"), R"({"offset":42})");
  // Domain metadata turned the domainMetadata writer feature on; legacy (1, 2) became (1, 7).
  EXPECT_EQ(snapshot->protocol().min_reader_version, 1);
  EXPECT_EQ(snapshot->protocol().min_writer_version, 7);
  EXPECT_EQ(*snapshot->protocol().writer_features,
            (std::set<std::string>{"appendOnly", "domainMetadata", "invariants"}));
  EXPECT_EQ(Sum(*snapshot, "id"), "3");
}

TEST_F(DeltaWriteTableTest, CheckpointEveryIntervalAndAppendOnly) {
  Create("SELECT 0 AS id", {}, {{"delta.checkpointInterval", "3"}, {"delta.appendOnly", "true"}});
  for (int i = 1; i <= 7; ++i) {
    auto w = WriteTable(
        con_.get(), {.table_root = root_, .source_sql = "SELECT " + std::to_string(i) + " AS id"});
    ASSERT_TRUE(w.ok()) << w.status();
  }
  EXPECT_TRUE(fs::exists(root_ + "/_delta_log/00000000000000000003.checkpoint.parquet"));
  EXPECT_TRUE(fs::exists(root_ + "/_delta_log/00000000000000000006.checkpoint.parquet"));
  EXPECT_TRUE(fs::exists(root_ + "/_delta_log/_last_checkpoint"));
  auto snapshot = Load();
  EXPECT_EQ(snapshot->version(), 7);
  EXPECT_EQ(snapshot->checkpoint_version(), 6);
  EXPECT_EQ(Sum(*snapshot, "id"), "28");
  auto overwrite = WriteTable(
      con_.get(),
      {.table_root = root_, .source_sql = "SELECT 1 AS id", .mode = WriteMode::kOverwrite});
  EXPECT_TRUE(overwrite.status().IsInvalidArgument());
  EXPECT_NE(overwrite.status().message().find("append-only"), std::string::npos);
}

TEST_F(DeltaWriteTableTest, ConcurrentAppendsAllLand) {
  Create("SELECT 0 AS id");
  constexpr int kWriters = 4, kEach = 5;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  std::mutex errors_mutex;
  std::string errors;
  for (int w = 0; w < kWriters; ++w) {
    threads.emplace_back([&, w] {
      auto con = db_->Connect();
      for (int i = 0; i < kEach; ++i) {
        auto r = WriteTable(con->get(),
                            {.table_root = root_,
                             .source_sql = "SELECT " + std::to_string(w * 100 + i) + " AS id"});
        if (!r.ok()) {
          ++failures;
          std::lock_guard<std::mutex> lock(errors_mutex);
          errors += r.status().ToString() + "\n";
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0) << errors;
  auto snapshot = Load();
  EXPECT_EQ(snapshot->version(), kWriters * kEach);
  EXPECT_EQ(snapshot->files().size(), static_cast<size_t>(kWriters * kEach + 1));
  // sum over w of (100w*5 + 0+1+2+3+4) = 500*(0+1+2+3) + 4*10
  EXPECT_EQ(Sum(*snapshot, "id"), std::to_string(500 * 6 + 40));
}

TEST_F(DeltaWriteTableTest, TypeWideningNeedsTheTablePropertyAndRecordsTheChange) {
  Create("SELECT 1::INTEGER AS id, 1.5::FLOAT AS x");
  auto refused = WriteTable(
      con_.get(),
      {.table_root = root_, .source_sql = "SELECT 5000000000::BIGINT AS id", .merge_schema = true});
  ASSERT_FALSE(refused.ok());
  EXPECT_THAT(refused.status().message(), HasSubstr("delta.enableTypeWidening=true"));

  std::filesystem::remove_all(root_);
  Create("SELECT 1::INTEGER AS id, 1.5::FLOAT AS x", {}, {{"delta.enableTypeWidening", "true"}});
  auto protocol = Load()->protocol();
  ASSERT_TRUE(protocol.reader_features.has_value());
  EXPECT_TRUE(protocol.reader_features->count("typeWidening"));
  auto widened = WriteTable(con_.get(), {.table_root = root_,
                                         .source_sql = "SELECT 5000000000::BIGINT AS id, "
                                                       "2.25::DOUBLE AS x",
                                         .merge_schema = true});
  ASSERT_TRUE(widened.ok()) << widened.status();
  auto snapshot = Load();
  EXPECT_EQ(snapshot->schema().ToString(), "struct<id:long,x:double>");
  EXPECT_THAT(snapshot->schema().fields()[0].metadata,
              HasSubstr(R"("delta.typeChanges":[{"fromType":"integer","toType":"long"}])"));
  EXPECT_EQ(Sum(*snapshot, "id"), "5000000001");
  // Narrowing stays refused, widened or not.
  auto narrowed = WriteTable(
      con_.get(), {.table_root = root_, .source_sql = "SELECT 'a' AS id", .merge_schema = true});
  EXPECT_FALSE(narrowed.ok());
}

TEST_F(DeltaWriteTableTest, FilesWrittenAheadAreCommittedLaterOrRemoved) {
  Create("SELECT range AS id FROM range(3)");
  WriteTableOptions options{.table_root = root_,
                            .source_sql = "SELECT range + 10 AS id, 'x' AS tag FROM range(4)",
                            .merge_schema = true,
                            .txn = Txn{"job", 1, std::nullopt}};
  auto files = WriteTableFiles(con_.get(), options);
  ASSERT_TRUE(files.ok()) << files.status();
  EXPECT_EQ(files->rows, 4);
  ASSERT_EQ(files->adds.size(), 1u);
  std::string path = root_ + "/" + *files->adds[0].DecodedPath();
  EXPECT_TRUE(fs::exists(path));
  EXPECT_EQ(Load()->version(), 0);  // written, not committed
  auto committed = CommitTableFiles(con_.get(), options, *files);
  ASSERT_TRUE(committed.ok()) << committed.status();
  EXPECT_EQ(committed->version, 1);
  EXPECT_EQ(committed->rows_written, 4);
  auto snapshot = Load();
  EXPECT_EQ(Sum(*snapshot, "id"), "49");
  EXPECT_NE(snapshot->schema().FindField("tag"), nullptr);  // merge_schema added it

  // The same txn again: nothing is committed and the new files go away.
  auto again = WriteTableFiles(con_.get(), options);
  ASSERT_TRUE(again.ok()) << again.status();
  std::string again_path = root_ + "/" + *again->adds[0].DecodedPath();
  auto skipped = CommitTableFiles(con_.get(), options, *again);
  ASSERT_TRUE(skipped.ok()) << skipped.status();
  EXPECT_TRUE(skipped->skipped);
  EXPECT_FALSE(fs::exists(again_path));
  EXPECT_TRUE(fs::exists(path));

  // Files written for a schema the table no longer has are refused and removed.
  options.txn = Txn{"job", 2, std::nullopt};
  options.source_sql = "SELECT 1 AS id, 'y' AS tag, 2 AS extra";
  auto stale = WriteTableFiles(con_.get(), options);
  ASSERT_TRUE(stale.ok()) << stale.status();
  ASSERT_TRUE(WriteTable(con_.get(), {.table_root = root_,
                                      .source_sql = "SELECT 1 AS id, 'z' AS other",
                                      .merge_schema = true})
                  .ok());
  auto refused = CommitTableFiles(con_.get(), options, *stale);
  EXPECT_EQ(refused.status().code(), StatusCode::kConflict) << refused.status();
  EXPECT_FALSE(fs::exists(root_ + "/" + *stale->adds[0].DecodedPath()));
  EXPECT_EQ(Load()->version(), 2);
}

TEST_F(DeltaWriteTableTest, FilesAheadNeedATableWithoutPartitions) {
  Create("SELECT range AS id, range % 2 AS p FROM range(4)", {"p"});
  auto files =
      WriteTableFiles(con_.get(), {.table_root = root_, .source_sql = "SELECT 1 AS id, 0 AS p"});
  EXPECT_EQ(files.status().code(), StatusCode::kNotImplemented) << files.status();
}

TEST(DeltaSchemaEvolutionTest, Widening) {
  DataType i(TypeKind::kInteger), l(TypeKind::kLong), s(TypeKind::kString);
  EXPECT_TRUE(FitsInto(i, l));
  EXPECT_FALSE(FitsInto(l, i));
  EXPECT_TRUE(FitsInto(i, DataType::Decimal(12, 2)));
  EXPECT_FALSE(FitsInto(l, DataType::Decimal(12, 2)));
  EXPECT_TRUE(FitsInto(DataType::Decimal(5, 2), DataType::Decimal(7, 3)));
  EXPECT_FALSE(FitsInto(DataType::Decimal(5, 2), DataType::Decimal(5, 3)));
  EXPECT_FALSE(FitsInto(s, i));
  // Type widening (a table schema change), per the protocol's list.
  EXPECT_TRUE(CanWidenType(i, l));
  EXPECT_FALSE(CanWidenType(l, i));
  EXPECT_TRUE(CanWidenType(DataType(TypeKind::kFloat), DataType(TypeKind::kDouble)));
  EXPECT_TRUE(CanWidenType(i, DataType(TypeKind::kDouble)));
  EXPECT_FALSE(CanWidenType(l, DataType(TypeKind::kDouble)));
  EXPECT_TRUE(CanWidenType(DataType(TypeKind::kDate), DataType(TypeKind::kTimestampNtz)));
  EXPECT_TRUE(CanWidenType(DataType::Decimal(10, 2), DataType::Decimal(12, 4)));
  EXPECT_FALSE(CanWidenType(DataType::Decimal(10, 2), DataType::Decimal(11, 4)));
  EXPECT_TRUE(CanWidenType(l, DataType::Decimal(20, 0)));
  EXPECT_FALSE(CanWidenType(l, DataType::Decimal(19, 0)));
  EXPECT_FALSE(CanWidenType(s, i));
}

}  // namespace
}  // namespace ingot::delta
