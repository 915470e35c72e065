#include "delta/ops/data_writer.h"

#include <filesystem>
#include <map>

#include <unistd.h>

#include <gtest/gtest.h>

#include "delta/log/file_stats.h"
#include "delta/ops/delta_test_fixture.h"
#include "delta/ops/file_stats_builder.h"
#include "delta/ops/type_mapping.h"
#include "duck/connection.h"
#include "duck/database.h"
#include "duck/query_result.h"

namespace ingot::delta {
namespace {

namespace fs = std::filesystem;

class DeltaDataWriterTest : public testing::DeltaTableTest {
 protected:
  void SetUp() override {
    DeltaTableTest::SetUp();
    std::filesystem::create_directories(root_);
  }

  DataType SchemaOf(const std::string& sql) {
    auto result = con_->Query("SELECT * FROM (" + sql + ") LIMIT 0");
    EXPECT_TRUE(result.ok()) << result.status();
    std::vector<std::string> names;
    std::vector<duck::ColumnType> types;
    for (size_t i = 0; i < (*result)->column_count(); ++i) {
      names.push_back((*result)->ColumnName(i));
      types.push_back((*result)->GetColumnType(i));
    }
    return std::move(SchemaFromColumns(names, types)).ValueOrDie();
  }

  std::vector<std::string> Entries() {
    std::vector<std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(root_)) {
      if (e.is_regular_file()) out.push_back(fs::relative(e.path(), root_).string());
    }
    std::sort(out.begin(), out.end());
    return out;
  }
};

TEST_F(DeltaDataWriterTest, UnpartitionedFileWithStats) {
  std::string sql =
      "SELECT range AS id, 'name_' || range AS name, range * 1.5 AS score, "
      "CASE WHEN range % 2 = 0 THEN NULL ELSE DATE '2024-01-01' + range::INTEGER END AS day, "
      "to_timestamp(1700000000 + range + 0.0005) AS ts FROM range(10)";
  DataWriteOptions options{.table_root = root_, .source_sql = sql, .schema = SchemaOf(sql)};
  auto adds = WriteDataFiles(con_.get(), options);
  ASSERT_TRUE(adds.ok()) << adds.status();
  ASSERT_EQ(adds->size(), 1u);
  const Add& add = (*adds)[0];
  EXPECT_TRUE(add.partition_values.empty());
  EXPECT_TRUE(add.path.starts_with("part-00000-")) << add.path;
  EXPECT_TRUE(add.path.ends_with("-c000.snappy.parquet")) << add.path;
  EXPECT_EQ(add.size, static_cast<int64_t>(fs::file_size(root_ + "/" + add.path)));
  ASSERT_TRUE(add.stats.has_value());
  auto stats = FileStats::Parse(*add.stats);
  ASSERT_TRUE(stats.ok()) << stats.status() << " " << *add.stats;
  EXPECT_EQ(stats->num_records, 10);
  EXPECT_EQ(stats->Find({"id"})->min, "0");
  EXPECT_EQ(stats->Find({"id"})->max, "9");
  EXPECT_EQ(stats->Find({"name"})->min, "\"name_0\"");
  EXPECT_EQ(stats->Find({"day"})->null_count, 5);
  EXPECT_EQ(stats->Find({"day"})->min, "\"2024-01-02\"");
  // Timestamps: milliseconds, min rounded down and max rounded up.
  EXPECT_EQ(stats->Find({"ts"})->min, "\"2023-11-14T22:13:20.000Z\"");
  EXPECT_EQ(stats->Find({"ts"})->max, "\"2023-11-14T22:13:29.001Z\"");
  EXPECT_EQ(Scalar("SELECT sum(id) FROM read_parquet('" + root_ + "/" + add.path + "')"), "45");
  EXPECT_EQ(Entries(), std::vector<std::string>{add.path});
}

TEST_F(DeltaDataWriterTest, PartitionValuesAreEscapedAndNullsMarked) {
  std::string sql =
      "SELECT * FROM (VALUES (1, 'a b'), (2, 'x/y%z=1:2'), (3, 'ünï'), (4, NULL), (5, ''), "
      "(6, 'a b')) t(id, p)";
  DataWriteOptions options{
      .table_root = root_, .source_sql = sql, .schema = SchemaOf(sql), .partition_columns = {"p"}};
  auto adds = WriteDataFiles(con_.get(), options);
  ASSERT_TRUE(adds.ok()) << adds.status();
  std::map<std::string, std::pair<std::optional<std::string>, int64_t>> by_dir;
  for (const Add& add : *adds) {
    auto decoded = add.DecodedPath();
    ASSERT_TRUE(decoded.ok());
    std::string dir = decoded->substr(0, decoded->rfind('/'));
    auto stats = FileStats::Parse(*add.stats);
    ASSERT_TRUE(stats.ok());
    by_dir[dir] = {add.partition_values.at("p"), *stats->num_records};
    EXPECT_TRUE(fs::exists(root_ + "/" + *decoded)) << *decoded;
    // Partition columns are not stored in the data files.
    EXPECT_EQ(Scalar("SELECT count(*) FROM (DESCRIBE SELECT * FROM read_parquet('" + root_ + "/" +
                     *decoded + "', hive_partitioning=false)) WHERE column_name = 'p'"),
              "0");
  }
  using V = std::pair<std::optional<std::string>, int64_t>;
  EXPECT_EQ(by_dir["p=a b"], V("a b", 2));
  EXPECT_EQ(by_dir["p=x%2Fy%25z%3D1%3A2"], V("x/y%z=1:2", 1));
  EXPECT_EQ(by_dir["p=ünï"], V("ünï", 1));
  // NULL and the empty string both map to Hive's default partition and read back as null,
  // as Spark does.
  EXPECT_EQ(by_dir["p=__HIVE_DEFAULT_PARTITION__"].first, std::nullopt);
  EXPECT_EQ(by_dir["p=__HIVE_DEFAULT_PARTITION__"].second, 2);
  EXPECT_EQ(by_dir.size(), 4u);
}

TEST_F(DeltaDataWriterTest, TypedPartitionValuesUseTheProtocolFormat) {
  std::string sql =
      "SELECT 1 AS id, DATE '2024-02-29' AS d, TIMESTAMPTZ '2024-01-01 10:00:00.5+00' AS ts, "
      "true AS b, 12.50::DECIMAL(6,2) AS dec, 7::BIGINT AS n";
  DataWriteOptions options{.table_root = root_,
                           .source_sql = sql,
                           .schema = SchemaOf(sql),
                           .partition_columns = {"d", "ts", "b", "dec", "n"}};
  auto adds = WriteDataFiles(con_.get(), options);
  ASSERT_TRUE(adds.ok()) << adds.status();
  ASSERT_EQ(adds->size(), 1u);
  const PartitionValues& pv = (*adds)[0].partition_values;
  EXPECT_EQ(pv.at("d"), "2024-02-29");
  EXPECT_EQ(pv.at("ts"), "2024-01-01 10:00:00.500000");
  EXPECT_EQ(pv.at("b"), "true");
  EXPECT_EQ(pv.at("dec"), "12.50");
  EXPECT_EQ(pv.at("n"), "7");
  EXPECT_EQ(*(*adds)[0].DecodedPath(),
            "d=2024-02-29/ts=2024-01-01 10%3A00%3A00.500000/b=true/dec=12.50/n=7/" +
                fs::path(*(*adds)[0].DecodedPath()).filename().string());
}

TEST_F(DeltaDataWriterTest, TargetFileSizeSplitsFiles) {
  std::string sql = "SELECT range AS id, md5(range::VARCHAR) AS h FROM range(600000)";
  DataWriteOptions options{
      .table_root = root_, .source_sql = sql, .schema = SchemaOf(sql), .target_file_size = 1 << 20};
  auto adds = WriteDataFiles(con_.get(), options);
  ASSERT_TRUE(adds.ok()) << adds.status();
  EXPECT_GT(adds->size(), 2u);
  int64_t rows = 0;
  for (const Add& add : *adds) rows += *FileStats::Parse(*add.stats)->num_records;
  EXPECT_EQ(rows, 600000);
}

TEST_F(DeltaDataWriterTest, TargetFileSizeSplitsLargePartitions) {
  // Partition 'big' holds 600k rows (several MiB), 'small' 10: only 'big' is split.
  std::string sql =
      "SELECT range AS id, md5(range::VARCHAR) AS h, CASE WHEN range < 600000 THEN 'big' ELSE "
      "'small' END AS part FROM range(600010)";
  DataWriteOptions options{.table_root = root_,
                           .source_sql = sql,
                           .schema = SchemaOf(sql),
                           .partition_columns = {"part"},
                           .target_file_size = 1 << 20};
  auto adds = WriteDataFiles(con_.get(), options);
  ASSERT_TRUE(adds.ok()) << adds.status();
  std::map<std::string, int64_t> rows, files;
  int64_t largest = 0;
  std::string paths;
  for (const Add& add : *adds) {
    const std::string part = *add.partition_values.at("part");
    rows[part] += *FileStats::Parse(*add.stats)->num_records;
    files[part] += 1;
    largest = std::max(largest, add.size);
    EXPECT_TRUE(add.path.starts_with("part=" + part + "/")) << add.path;
    EXPECT_TRUE(fs::exists(root_ + "/" + *add.DecodedPath())) << add.path;
    paths += (paths.empty() ? "'" : ", '") + root_ + "/" + *add.DecodedPath() + "'";
  }
  EXPECT_EQ(rows["big"], 600000);
  EXPECT_EQ(rows["small"], 10);
  EXPECT_GT(files["big"], 2);
  EXPECT_EQ(files["small"], 1);
  EXPECT_LT(largest, 3 << 20);
  // Every row once, and nothing left in staging.
  EXPECT_EQ(*con_->QueryScalar("SELECT count(DISTINCT id) || '/' || sum(id) FROM read_parquet([" +
                               paths + "])"),
            "600010/180005700045");
  for (const std::string& entry : Entries())
    EXPECT_EQ(entry.find(".ingot-staging"), std::string::npos) << entry;
}

TEST_F(DeltaDataWriterTest, ZeroRowsWriteNoFiles) {
  std::string sql = "SELECT range AS id FROM range(0)";
  DataWriteOptions options{.table_root = root_, .source_sql = sql, .schema = SchemaOf(sql)};
  auto adds = WriteDataFiles(con_.get(), options);
  ASSERT_TRUE(adds.ok()) << adds.status();
  EXPECT_TRUE(adds->empty());
  EXPECT_TRUE(Entries().empty());
}

TEST_F(DeltaDataWriterTest, FailedWriteLeavesNothingBehind) {
  std::string good = "SELECT 1 AS id";
  DataType schema = SchemaOf(good);  // id: integer
  DataWriteOptions options{.table_root = root_,
                           .source_sql =
                               "SELECT CASE WHEN range < 100000 THEN range::VARCHAR "
                               "ELSE 'oops' END AS id FROM range(200000)",
                           .schema = schema,
                           .target_file_size = 1 << 16};
  auto adds = WriteDataFiles(con_.get(), options);
  ASSERT_FALSE(adds.ok());
  EXPECT_NE(adds.status().message().find("oops"), std::string::npos) << adds.status();
  EXPECT_TRUE(Entries().empty());
  EXPECT_TRUE(fs::is_empty(root_));
}

TEST(DeltaTypeMappingTest, BothWays) {
  auto check = [](const duck::ColumnType& duck_type, const std::string& delta,
                  const std::string& back) {
    auto type = DeltaTypeFromDuck(duck_type, "c");
    ASSERT_TRUE(type.ok()) << type.status();
    EXPECT_EQ(type->ToString(), delta);
    EXPECT_EQ(*DuckTypeFromDelta(*type), back);
  };
  check({.id = duck::TypeId::kBigInt}, "long", "BIGINT");
  check({.id = duck::TypeId::kUTinyInt}, "short", "SMALLINT");
  check({.id = duck::TypeId::kDecimal, .decimal_width = 12, .decimal_scale = 3}, "decimal(12,3)",
        "DECIMAL(12,3)");
  check({.id = duck::TypeId::kTimestamp}, "timestamp", "TIMESTAMPTZ");
  check({.id = duck::TypeId::kList, .children = {{.id = duck::TypeId::kVarchar}}}, "array<string>",
        "VARCHAR[]");
  check({.id = duck::TypeId::kStruct,
         .child_names = {"a"},
         .children = {{.id = duck::TypeId::kDate}}},
        "struct<a:date>", "STRUCT(\"a\" DATE)");
  auto ntz = DeltaTypeFromDuck({.id = duck::TypeId::kTimestamp}, "c", /*timestamp_ntz=*/true);
  EXPECT_EQ(ntz->kind(), TypeKind::kTimestampNtz);
  auto interval = DeltaTypeFromDuck({.id = duck::TypeId::kInterval, .sql_name = "INTERVAL"}, "gap");
  EXPECT_TRUE(interval.status().IsInvalidArgument());
  EXPECT_NE(interval.status().message().find("'gap'"), std::string::npos);
}

TEST(DeltaStatsBuilderTest, ParsesTimestampsAndSkipsUnusableBounds) {
  EXPECT_EQ(*ParseTimestampMicros("1970-01-01 00:00:01.5+00"), 1'500'000);
  EXPECT_EQ(*ParseTimestampMicros("1969-12-31 23:59:59"), -1'000'000);
  EXPECT_FALSE(ParseTimestampMicros("yesterday").ok());
  DataType schema = DataType::Struct({{.name = "f", .type = DataType(TypeKind::kDouble)},
                                      {.name = "s", .type = DataType(TypeKind::kString)}});
  std::string long_value(40, 'z');
  auto json =
      BuildStatsJson(3,
                     R"({"\"f\"":{"has_nan":"true","min":"1.0","max":"nan","null_count":"0"},)"
                     R"("\"s\"":{"min":")" +
                         long_value + R"(","max":")" + long_value + R"(","null_count":"1"}})",
                     schema);
  ASSERT_TRUE(json.ok()) << json.status();
  auto stats = FileStats::Parse(*json);
  ASSERT_TRUE(stats.ok());
  EXPECT_FALSE(stats->Find({"f"})->min.has_value());
  EXPECT_EQ(stats->Find({"s"})->min, "\"" + std::string(32, 'z') + "\"");
  EXPECT_FALSE(stats->Find({"s"})->max.has_value());
  EXPECT_EQ(stats->Find({"s"})->null_count, 1);
}

}  // namespace
}  // namespace ingot::delta
