#include "delta/scan/scan_sql.h"

#include <filesystem>

#include <unistd.h>

#include <gtest/gtest.h>

#include "delta/ops/create_table.h"
#include "delta/ops/data_writer.h"
#include "delta/ops/delta_test_fixture.h"
#include "duck/connection.h"
#include "duck/database.h"
#include "duck/query_result.h"

namespace ingot::delta {
namespace {

namespace fs = std::filesystem;

class DeltaScanSqlTest : public testing::DeltaTableTest {
 protected:
  void SetUp() override {
    DeltaTableTest::SetUp();
    std::filesystem::create_directories(root_);
  }

  std::vector<Add> Write(const std::string& sql, const DataType& schema,
                         const std::vector<std::string>& partitions) {
    auto adds = WriteDataFiles(con_.get(), {.table_root = root_,
                                            .source_sql = sql,
                                            .schema = schema,
                                            .partition_columns = partitions});
    EXPECT_TRUE(adds.ok()) << adds.status();
    return adds.ok() ? *adds : std::vector<Add>{};
  }
};

TEST_F(DeltaScanSqlTest, PartitionValuesComeBackTypedIncludingNull) {
  std::string sql =
      "SELECT * FROM (VALUES (1, DATE '2024-01-01', 'x/y'), (2, DATE '2024-01-02', NULL), "
      "(3, NULL, 'z')) t(id, day, tag)";
  DataType schema = *SchemaOfQuery(con_.get(), sql, false);
  std::vector<Add> files = Write(sql, schema, {"day", "tag"});
  auto scan = ScanSql(
      {.table_root = root_, .schema = schema, .partition_columns = {"day", "tag"}, .files = files});
  ASSERT_TRUE(scan.ok()) << scan.status();
  EXPECT_EQ(Rows("SELECT * FROM (" + *scan + ") ORDER BY id"),
            (std::vector<std::string>{"1|2024-01-01|x/y", "2|2024-01-02|NULL", "3|NULL|z"}));
  EXPECT_EQ(Rows("SELECT typeof(day) FROM (" + *scan + ") LIMIT 1"),
            std::vector<std::string>{"DATE"});
  EXPECT_EQ(Rows("SELECT id FROM (" + *scan + ") WHERE day = DATE '2024-01-02'"),
            std::vector<std::string>{"2"});
}

TEST_F(DeltaScanSqlTest, OlderFilesReadAddedColumnsAsNull) {
  std::string v1 = "SELECT 1::BIGINT AS id";
  std::vector<Add> files = Write(v1, *SchemaOfQuery(con_.get(), v1, false), {});
  std::string v2 = "SELECT 2::BIGINT AS id, 'new' AS extra";
  DataType schema = *SchemaOfQuery(con_.get(), v2, false);
  for (Add& add : Write(v2, schema, {})) files.push_back(add);
  auto scan = ScanSql({.table_root = root_, .schema = schema, .files = files});
  ASSERT_TRUE(scan.ok()) << scan.status();
  EXPECT_EQ(Rows("SELECT * FROM (" + *scan + ") ORDER BY id"),
            (std::vector<std::string>{"1|NULL", "2|new"}));
}

TEST_F(DeltaScanSqlTest, EmptyTableHasColumnsButNoRows) {
  DataType schema = DataType::Struct({{.name = "a", .type = DataType(TypeKind::kInteger)},
                                      {.name = "ts", .type = DataType(TypeKind::kTimestamp)}});
  auto scan = ScanSql({.table_root = root_, .schema = schema});
  ASSERT_TRUE(scan.ok());
  EXPECT_EQ(Rows("SELECT count(*), typeof(any_value(ts)) FROM (" + *scan + ")"),
            std::vector<std::string>{"0|TIMESTAMP WITH TIME ZONE"});
}

}  // namespace
}  // namespace ingot::delta
