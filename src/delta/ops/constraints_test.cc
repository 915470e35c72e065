#include "delta/ops/constraints.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/macros.h"
#include "delta/ops/alter_constraints.h"
#include "delta/ops/create_table.h"
#include "delta/ops/delete_table.h"
#include "delta/ops/dml_test_util.h"
#include "delta/ops/merge_table.h"
#include "delta/ops/update_table.h"
#include "delta/ops/write_table.h"

namespace ingot::delta {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class ConstraintsTest : public testing::DmlTest {
 protected:
  Result<WriteTableResult> Write(const std::string& sql, WriteMode mode = WriteMode::kAppend) {
    return WriteTable(con_.get(), {.table_root = root_, .source_sql = sql, .mode = mode});
  }
  Result<int64_t> Add(const std::string& name, const std::string& expression) {
    return AddConstraint(con_.get(), {.table_root = root_, .name = name, .expression = expression});
  }
  int64_t Version() { return Load()->version(); }

  static constexpr const char* kAddressSql = "SELECT 1::BIGINT AS id, {'city': 'Oslo'} AS address";
  // kAddressSql's schema with address.city NOT NULL.
  Result<DataType> AddressWithRequiredCity() {
    INGOT_ASSIGN_OR_RAISE(DataType schema, SchemaOfQuery(con_.get(), kAddressSql, false));
    std::vector<StructField> fields = schema.fields();
    std::vector<StructField> address = fields[1].type.fields();
    address[0].nullable = false;
    fields[1].type = DataType::Struct(address);
    return DataType::Struct(fields);
  }
};

TEST_F(ConstraintsTest, CheckConstraintIsValidatedOnAddAndEnforcedOnEveryWrite) {
  Create("SELECT * FROM (VALUES (1, 10), (2, 20), (3, -5)) t(id, amount)");
  auto refused = Add("Positive", "amount > 0");
  EXPECT_EQ(refused.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(refused.status().message(),
              HasSubstr("CHECK constraint positive (amount > 0) violated by row id=3, amount=-5"));
  ASSERT_TRUE(DeleteFromTable(con_.get(), {.table_root = root_, .predicate = "amount < 0"}).ok());

  auto added = Add("Positive", "amount > 0");
  ASSERT_TRUE(added.ok()) << added.status();
  EXPECT_EQ(*added, 2);
  EXPECT_EQ(Load()->Config("delta.constraints.positive"), "amount > 0");
  EXPECT_GE(Load()->protocol().min_writer_version, 3);
  EXPECT_EQ(LastOperation(), "ADD CONSTRAINT");

  auto append = Write("SELECT 9 AS id, -1 AS amount");
  EXPECT_EQ(append.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(append.status().message(),
              HasSubstr("CHECK constraint positive (amount > 0) violated by row id=9, amount=-1"));
  auto null_amount = Write("SELECT 9 AS id, NULL::INTEGER AS amount");
  EXPECT_EQ(null_amount.status().code(), StatusCode::kInvalidArgument);
  auto overwrite = Write("SELECT 1 AS id, 0 AS amount", WriteMode::kOverwrite);
  EXPECT_EQ(overwrite.status().code(), StatusCode::kInvalidArgument);
  auto update = UpdateTable(
      con_.get(), {.table_root = root_, .assignments = "amount = -amount", .predicate = "id = 1"});
  EXPECT_EQ(update.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(update.status().message(), HasSubstr("id=1, amount=-10"));
  auto merge = MergeTable(
      con_.get(),
      {.table_root = root_, .source_sql = "SELECT 4 AS id, -40 AS amount", .keys = {"id"}});
  EXPECT_EQ(merge.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Version(), 2);
  EXPECT_THAT(TableRows(), ElementsAre("1|10", "2|20"));

  ASSERT_TRUE(Write("SELECT 4 AS id, 40 AS amount").ok());
  EXPECT_EQ(Add("positive", "amount > 1").status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(Add("bad name", "true").status().code(), StatusCode::kInvalidArgument);
  auto unknown = Add("uses_nope", "nope > 1");
  EXPECT_EQ(unknown.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(unknown.status().message(), HasSubstr("nope"));

  auto dropped = DropConstraint(con_.get(), root_, "POSITIVE");
  ASSERT_TRUE(dropped.ok()) << dropped.status();
  EXPECT_FALSE(Load()->Config("delta.constraints.positive").has_value());
  EXPECT_TRUE(Write("SELECT 5 AS id, -50 AS amount").ok());
  auto missing = DropConstraint(con_.get(), root_, "positive");
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_THAT(missing.status().message(), HasSubstr("no constraint positive"));
}

TEST_F(ConstraintsTest, ConstraintsGivenAtCreateCheckTheFirstRows) {
  auto refused =
      CreateTable(con_.get(), {.table_root = root_,
                               .source_sql = "SELECT 0 AS id",
                               .properties = {{"delta.constraints.positive", "id > 0"}}});
  EXPECT_EQ(refused.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(refused.status().message(), HasSubstr("violated by row id=0"));
  Create("SELECT 1 AS id", {}, {{"delta.constraints.positive", "id > 0"}});
  EXPECT_EQ(Load()->protocol().min_writer_version, 3);
  EXPECT_EQ(Write("SELECT -1 AS id").status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(TableRows(), ElementsAre("1"));
}

TEST_F(ConstraintsTest, ConstraintsUseLogicalNamesUnderColumnMapping) {
  Create("SELECT 1 AS id, 'a' AS part", {"part"},
         {{"delta.columnMapping.mode", "name"}, {"delta.constraints.positive", "id > 0"}});
  auto violating = Write("SELECT -1 AS id, 'b' AS part");
  EXPECT_EQ(violating.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(violating.status().message(), HasSubstr("violated by row id=-1, part=b"));
  ASSERT_TRUE(Write("SELECT 2 AS id, 'b' AS part").ok());
  EXPECT_EQ(Scalar("SELECT count(*) FROM (" + TableSql() + ")"), "2");
}

TEST_F(ConstraintsTest, NotNullColumnsRejectNulls) {
  const std::string sql = "SELECT 1::BIGINT AS id, 'a' AS name";
  auto schema = SchemaOfQuery(con_.get(), sql, false);
  ASSERT_TRUE(schema.ok()) << schema.status();
  std::vector<StructField> fields = schema->fields();
  fields[0].nullable = false;
  auto created = CreateTable(
      con_.get(), {.table_root = root_, .source_sql = sql, .schema = DataType::Struct(fields)});
  ASSERT_TRUE(created.ok()) << created.status();
  auto null_id = Write("SELECT NULL::BIGINT AS id, 'b' AS name");
  EXPECT_EQ(null_id.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(null_id.status().message(),
              HasSubstr("NOT NULL column 'id' is NULL in row id=NULL, name=b"));
  auto missing_id = Write("SELECT 'c' AS name");
  EXPECT_EQ(missing_id.status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(Write("SELECT 2::BIGINT AS id, NULL::VARCHAR AS name").ok());
  EXPECT_THAT(TableRows(), ElementsAre("1|a", "2|NULL"));
}

TEST_F(ConstraintsTest, NestedNotNullFieldsAreRequiredWhereTheirStructIsPresent) {
  auto schema = AddressWithRequiredCity();
  ASSERT_TRUE(schema.ok()) << schema.status();
  auto created =
      CreateTable(con_.get(), {.table_root = root_, .source_sql = kAddressSql, .schema = *schema});
  ASSERT_TRUE(created.ok()) << created.status();
  auto null_city = Write("SELECT 2::BIGINT AS id, {'city': NULL::VARCHAR} AS address");
  EXPECT_EQ(null_city.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(null_city.status().message(),
              HasSubstr("NOT NULL column 'address.city' is NULL in row id=2"));
  // A NULL struct has no city to require.
  EXPECT_TRUE(Write("SELECT 3::BIGINT AS id, NULL::STRUCT(city VARCHAR) AS address").ok());
  EXPECT_EQ(Scalar("SELECT count(*) FROM (" + TableSql() + ")"), "2");
}

TEST_F(ConstraintsTest, ArrayElementsAndMapValuesDeclaredNotNullRejectNulls) {
  const std::string sql =
      "SELECT 1::BIGINT AS id, ['a'] AS tags, MAP {'k': 1} AS scores, "
      "[{'sku': 'x'}] AS lines";
  auto schema = SchemaOfQuery(con_.get(), sql, false);
  ASSERT_TRUE(schema.ok()) << schema.status();
  std::vector<StructField> fields = schema->fields();
  fields[1].type = DataType::Array(fields[1].type.element_type(), /*contains_null=*/false);
  fields[2].type = DataType::Map(fields[2].type.key_type(), fields[2].type.value_type(),
                                 /*value_contains_null=*/false);
  // Array elements may be NULL, but a present line needs its sku.
  std::vector<StructField> line = fields[3].type.element_type().fields();
  line[0].nullable = false;
  fields[3].type = DataType::Array(DataType::Struct(line), /*contains_null=*/true);
  auto created = CreateTable(
      con_.get(), {.table_root = root_, .source_sql = sql, .schema = DataType::Struct(fields)});
  ASSERT_TRUE(created.ok()) << created.status();

  auto null_tag = Write(
      "SELECT 2::BIGINT AS id, ['a', NULL] AS tags, MAP {'k': 1} AS scores, "
      "[{'sku': 'x'}] AS lines");
  EXPECT_EQ(null_tag.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(null_tag.status().message(),
              HasSubstr("column 'tags' holds a NULL that its type array<string> does not allow"));
  EXPECT_THAT(null_tag.status().message(), HasSubstr("in row id=2"));
  auto null_score = Write(
      "SELECT 3::BIGINT AS id, ['a'] AS tags, MAP {'k': NULL::INT} AS scores, "
      "[{'sku': 'x'}] AS lines");
  EXPECT_THAT(null_score.status().message(), HasSubstr("column 'scores' holds a NULL"));
  auto null_sku = Write(
      "SELECT 4::BIGINT AS id, ['a'] AS tags, MAP {'k': 1} AS scores, "
      "[{'sku': 'y'}, {'sku': NULL}] AS lines");
  EXPECT_THAT(null_sku.status().message(), HasSubstr("column 'lines' holds a NULL"));
  // NULL or empty containers, and a NULL line (its element type allows one), are fine.
  ASSERT_TRUE(Write("SELECT 5::BIGINT AS id, NULL::VARCHAR[] AS tags, MAP {}::MAP(VARCHAR, INT) "
                    "AS scores, [NULL, {'sku': 'z'}] AS lines")
                  .ok());
  ASSERT_TRUE(Write("SELECT 6::BIGINT AS id, []::VARCHAR[] AS tags, NULL::MAP(VARCHAR, INT) AS "
                    "scores, NULL::STRUCT(sku VARCHAR)[] AS lines")
                  .ok());
  EXPECT_EQ(Scalar("SELECT string_agg(id::VARCHAR, ',' ORDER BY id) FROM (" + TableSql() + ")"),
            "1,5,6");
}

TEST_F(ConstraintsTest, NestedNotNullFieldsAreCheckedUnderColumnMapping) {
  auto schema = AddressWithRequiredCity();
  ASSERT_TRUE(schema.ok()) << schema.status();
  auto created = CreateTable(con_.get(), {.table_root = root_,
                                          .source_sql = kAddressSql,
                                          .schema = *schema,
                                          .properties = {{"delta.columnMapping.mode", "name"}}});
  ASSERT_TRUE(created.ok()) << created.status();
  auto null_city = Write("SELECT 2::BIGINT AS id, {'city': NULL::VARCHAR} AS address");
  EXPECT_EQ(null_city.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(null_city.status().message(),
              HasSubstr("NOT NULL column 'address.city' is NULL in row id=2"));
  ASSERT_TRUE(Write("SELECT 3::BIGINT AS id, {'city': 'Bergen'} AS address").ok());
  EXPECT_EQ(Scalar("SELECT count(*) FROM (" + TableSql() + ")"), "2");
}

TEST_F(ConstraintsTest, ColumnInvariantsAreEnforcedAndRulesAreCheckedInOrder) {
  const std::string sql = "SELECT 1::BIGINT AS id, 5 AS amount";
  auto schema = SchemaOfQuery(con_.get(), sql, false);
  ASSERT_TRUE(schema.ok()) << schema.status();
  std::vector<StructField> fields = schema->fields();
  fields[0].nullable = false;
  fields[1].metadata = R"({"delta.invariants":"{\"expression\":{\"expression\":\"amount > 0\"}}"})";
  auto created =
      CreateTable(con_.get(), {.table_root = root_,
                               .source_sql = sql,
                               .schema = DataType::Struct(fields),
                               .properties = {{"delta.constraints.small", "amount < 100"}}});
  ASSERT_TRUE(created.ok()) << created.status();
  auto negative = Write("SELECT 2::BIGINT AS id, -1 AS amount");
  EXPECT_EQ(negative.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(
      negative.status().message(),
      HasSubstr("invariant of column 'amount' (amount > 0) violated by row id=2, amount=-1"));
  auto big = Write("SELECT 3::BIGINT AS id, 500 AS amount");
  EXPECT_THAT(big.status().message(), HasSubstr("CHECK constraint small (amount < 100)"));
  // Several rules broken by one row: the NOT NULL (first in schema order) is named.
  auto both = Write("SELECT NULL::BIGINT AS id, -1 AS amount");
  EXPECT_THAT(both.status().message(), HasSubstr("NOT NULL column 'id' is NULL"));
  ASSERT_TRUE(Write("SELECT 4::BIGINT AS id, 50 AS amount").ok());
  EXPECT_THAT(TableRows(), ElementsAre("1|5", "4|50"));
}

}  // namespace
}  // namespace ingot::delta
