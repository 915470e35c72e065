#include "delta/ops/create_table.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include <gtest/gtest.h>

#include "delta/log/actions_codec.h"
#include "delta/ops/delta_test_fixture.h"
#include "duck/connection.h"
#include "duck/database.h"

namespace ingot::delta {
namespace {

namespace fs = std::filesystem;

class DeltaCreateTableTest : public testing::DeltaTableTest {
 protected:
  std::vector<Action> Commit0() {
    std::ifstream in(root_ + "/_delta_log/00000000000000000000.json");
    std::stringstream text;
    text << in.rdbuf();
    auto actions = ParseCommit(text.str(), 0);
    EXPECT_TRUE(actions.ok()) << actions.status();
    return actions.ok() ? *actions : std::vector<Action>{};
  }
};

TEST_F(DeltaCreateTableTest, CreateAsSelectWritesProtocolMetadataAndFiles) {
  CreateTableOptions options{
      .table_root = root_,
      .source_sql =
          "SELECT range AS id, ['a', 'b'][1 + range % 2] AS p, range * 0.5 AS v "
          "FROM range(100)",
      .partition_columns = {"p"},
      .properties = {{"delta.checkpointInterval", "5"}, {"owner", "data-team"}},
      .name = "events"};
  auto result = CreateTable(con_.get(), options);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->version, 0);
  std::vector<Action> actions = Commit0();
  ASSERT_GE(actions.size(), 5u);
  const auto& info = std::get<CommitInfo>(actions[0]);
  EXPECT_EQ(info.operation, "CREATE TABLE AS SELECT");
  const auto& protocol = std::get<Protocol>(actions[1]);
  EXPECT_EQ(protocol.min_reader_version, 1);
  EXPECT_EQ(protocol.min_writer_version, 2);
  const auto& metadata = std::get<Metadata>(actions[2]);
  EXPECT_EQ(metadata.name, "events");
  EXPECT_EQ(metadata.partition_columns, std::vector<std::string>{"p"});
  EXPECT_EQ(metadata.configuration.at("delta.checkpointInterval"), "5");
  EXPECT_EQ(
      metadata.schema_string,
      R"j({"type":"struct","fields":[{"name":"id","type":"long","nullable":true,"metadata":{}},)j"
      R"j({"name":"p","type":"string","nullable":true,"metadata":{}},)j"
      R"j({"name":"v","type":"decimal(21,1)","nullable":true,"metadata":{}}]})j");
  int adds = 0;
  std::vector<std::string> files;
  for (const Action& action : actions) {
    if (const Add* add = std::get_if<Add>(&action)) {
      ++adds;
      files.push_back("'" + root_ + "/" + *add->DecodedPath() + "'");
      EXPECT_TRUE(add->path.starts_with("p=a/") || add->path.starts_with("p=b/")) << add->path;
    }
  }
  EXPECT_EQ(adds, 2);
  auto sum = con_->QueryScalar("SELECT sum(id) FROM read_parquet([" + files[0] + ", " + files[1] +
                               "], hive_partitioning=false)");
  ASSERT_TRUE(sum.ok()) << sum.status();
  EXPECT_EQ(*sum, "4950");
}

TEST_F(DeltaCreateTableTest, EmptyTableFromSchemaAndTimestampNtzFeature) {
  DataType schema = DataType::Struct({{.name = "ts", .type = DataType(TypeKind::kTimestampNtz)},
                                      {.name = "n", .type = DataType(TypeKind::kLong)}});
  auto result = CreateTable(con_.get(), {.table_root = root_, .schema = schema});
  ASSERT_TRUE(result.ok()) << result.status();
  std::vector<Action> actions = Commit0();
  const auto& protocol = std::get<Protocol>(actions[1]);
  EXPECT_EQ(protocol.min_reader_version, 3);
  EXPECT_EQ(protocol.min_writer_version, 7);
  EXPECT_EQ(*protocol.reader_features, std::set<std::string>{"timestampNtz"});
  EXPECT_EQ(std::get<CommitInfo>(actions[0]).operation, "CREATE TABLE");
  EXPECT_EQ(actions.size(), 3u);
}

TEST_F(DeltaCreateTableTest, RefusesExistingTablesAndBadOptions) {
  ASSERT_TRUE(CreateTable(con_.get(), {.table_root = root_, .source_sql = "SELECT 1 AS a"}).ok());
  auto again = CreateTable(con_.get(), {.table_root = root_, .source_sql = "SELECT 1 AS a"});
  EXPECT_TRUE(again.status().IsAlreadyExists()) << again.status();
  EXPECT_NE(again.status().message().find(root_), std::string::npos);

  std::string other = root_ + "_other";
  auto bad_partition = CreateTable(
      con_.get(),
      {.table_root = other, .source_sql = "SELECT 1 AS a, 2 AS b", .partition_columns = {"c"}});
  EXPECT_TRUE(bad_partition.status().IsInvalidArgument());
  EXPECT_NE(bad_partition.status().message().find("'c'"), std::string::npos);
  auto bad_property =
      CreateTable(con_.get(), {.table_root = other,
                               .source_sql = "SELECT 1 AS a",
                               .properties = {{"delta.checkpointInterval", "ten"}}});
  EXPECT_TRUE(bad_property.status().IsInvalidArgument());
  auto typo = CreateTable(con_.get(), {.table_root = other,
                                       .source_sql = "SELECT 1 AS a",
                                       .properties = {{"delta.apendOnly", "true"}}});
  EXPECT_TRUE(typo.status().IsInvalidArgument());
  auto interval =
      CreateTable(con_.get(), {.table_root = other, .source_sql = "SELECT INTERVAL 1 DAY AS gap"});
  EXPECT_TRUE(interval.status().IsInvalidArgument());
  EXPECT_FALSE(fs::exists(other + "/_delta_log"));
  fs::remove_all(other);
}

}  // namespace
}  // namespace ingot::delta
